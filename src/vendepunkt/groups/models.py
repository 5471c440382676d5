"""Group treatment (issue 13 § 4): a group runs one of the services the municipality's standard
offers as a group (Hash-Stop, aftercare, relatives' groups), led by staff of one team, with a
capacity and continuous or fixed intake; its roster (members through their course, relatives as
clients of kind relative), its sessions and each member's attendance. The notes of a session are
the session's own (for the group's staff) and one journal note per participant (journal/)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vendepunkt.accounts.models import Municipality, Team
from vendepunkt.citizens.models import Client
from vendepunkt.courses.models import ContactCourse

from .vocabulary import Intake, LeftReason, Presence


class Group(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="groups")
    service_id = models.CharField(max_length=80, help_text="The standard's service (format group)")
    name = models.CharField(max_length=200)
    capacity = models.PositiveIntegerField()
    intake = models.CharField(max_length=20, choices=Intake.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    leaders = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="led_groups")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["municipality", "team"])]

    def __str__(self) -> str:
        return f"group {self.pk}"


class Membership(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="memberships")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="group_memberships")
    contact_course = models.ForeignKey(
        ContactCourse,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_memberships",
        help_text="The citizen's course (none for a relative in a relatives' group)",
    )
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    left_reason = models.CharField(max_length=20, blank=True, choices=LeftReason.choices)
    left_note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["joined_on", "id"]
        indexes = [models.Index(fields=["group", "left_on"])]

    def __str__(self) -> str:
        return f"membership {self.pk}"


class GroupSession(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    length_minutes = models.PositiveIntegerField()
    place = models.CharField(max_length=200, help_text="Free text until the calendar has rooms")
    # the calendar's appointment for this session, once the calendar exists (no import of it)
    calendar_appointment_id = models.PositiveBigIntegerField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True, help_text="The session's note, for the group's staff")
    note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self) -> str:
        return f"group session {self.pk}"


class Attendance(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(GroupSession, on_delete=models.PROTECT, related_name="attendance")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="attendance")
    presence = models.CharField(max_length=20, choices=Presence.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "membership"]
        constraints = [
            models.UniqueConstraint(fields=["session", "membership"], name="one_mark_per_member")
        ]

    def __str__(self) -> str:
        return f"attendance {self.pk}"
