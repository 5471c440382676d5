"""The journal (R46; issue 13 § 1): notes on a citizen, optionally tied to a course and to one
event of it. A note is written, may be edited by its author until it is signed or locked, and is
then corrected only by an amendment that keeps the original visible. Nothing is deleted outside
retention (rights/records.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vendepunkt.accounts.models import Municipality, Team
from vendepunkt.citizens.models import Client
from vendepunkt.courses.models import ContactCourse


class JournalNote(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="journal_notes")
    contact_course = models.ForeignKey(
        ContactCourse, null=True, blank=True, on_delete=models.PROTECT, related_name="notes"
    )
    # a note on one participant of a group session (issue 13 § 4, groups/); it names the session,
    # never the other participants
    group_session = models.ForeignKey(
        "groups.GroupSession",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participant_notes",
    )
    subject_type = models.CharField(max_length=20, blank=True, help_text="vocabulary.Subject")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=40, help_text="vocabulary.NoteKind or the standard's")
    text = models.TextField()
    event_at = models.DateTimeField(help_text="When what the note tells of happened")
    written_at = models.DateTimeField(auto_now_add=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    medical = models.BooleanField(default=False, help_text="Clinicians only (need to know)")
    confidential_team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Confidential to this team: only its members and the author read it",
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    amendment_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-event_at", "-id"]
        indexes = [
            models.Index(fields=["client", "event_at"]),
            models.Index(fields=["municipality", "written_at"]),
        ]

    def __str__(self) -> str:
        return f"note {self.pk}"
