"""The journal's word lists, defined once (issue 13 § 1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoteKind(models.TextChoices):
    """The kinds of note every centre has (a municipality adds its own in its standard file,
    `journal.note_kinds`)."""

    CONVERSATION = "conversation", _("Conversation note")
    PHONE = "phone", _("Phone note")
    COURSE = "course", _("Course note")
    NETWORK = "network", _("Network note")
    MEDICAL = "medical", _("Medical note")
    GROUP = "group", _("Group session note")
    OTHER = "other", _("Other note")


class Subject(models.TextChoices):
    """What a note may be about, beside the citizen and the course."""

    CONTACT = "contact", _("Contact")
    COUNSELLING_TALK = "counselling_talk", _("Counselling talk")
    APPOINTMENT = "appointment", _("Appointment")
    STAY = "stay", _("Residential stay")
