"""What the permission rules see of a contact course: its municipality and its team (the
treatment's team once treatment has started). Defined once, for the services that change a course
and the reads that show one, so the two cannot disagree."""

from __future__ import annotations

from .models import ContactCourse, TreatmentCourse


class CourseGuard:
    """A contact course as the permission rules test it (`municipality_id`, `team_id`)."""

    def __init__(self, course: ContactCourse):
        self.municipality_id = course.municipality_id
        if ContactCourse.treatment.is_cached(course):
            # loaded with the course (select_related): no query
            treatment = getattr(course, "treatment", None)
        else:
            treatment = (
                TreatmentCourse.objects.filter(contact_course=course).only("team_id").first()
            )
        self.team_id = treatment.team_id if treatment else course.team_id


def course_guard(course: ContactCourse | None) -> CourseGuard | None:
    """The guard of a course, or None (which `require` answers with "not found")."""
    return CourseGuard(course) if course is not None else None
