"""Intake: a new contact (finding or registering the person first), counselling talks, the
holistic assessment with live ASI composites, and earlier assessments side by side."""
