"""The group treatment's word lists, defined once (issue 13 § 4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Intake(models.TextChoices):
    """How members join a group."""

    CONTINUOUS = "continuous", _("Continuous intake (members join and leave at any time)")
    FIXED = "fixed", _("Fixed intake (members join before the first session)")


class Presence(models.TextChoices):
    """A member's attendance at one session."""

    PRESENT = "present", _("Present")
    ABSENT_NOTICE = "absent_notice", _("Absent with notice")
    ABSENT_NO_NOTICE = "absent_no_notice", _("Absent without notice")


class LeftReason(models.TextChoices):
    """Why a member left the group."""

    COMPLETED = "completed", _("Completed the group")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    MOVED = "moved", _("Moved to another offer")
    COURSE_ENDED = "course_ended", _("The course ended")
    OTHER = "other", _("Other reason")


# the service formats of the standard that can run as a group (schema.Format)
GROUP_FORMATS = frozenset({"group", "mixed"})
