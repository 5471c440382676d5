"""Reminders to citizens (issue 13 § 3): the citizen's consent to reminders by SMS and e-mail
with the phone number and e-mail address encrypted as the CPR number is, and the outbox, one row
per message, unique per (appointment, channel, kind) so that no two workers send one twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.models import Municipality
from vendepunkt.citizens import crypto
from vendepunkt.citizens.models import Client
from vendepunkt.courses.models import Appointment


class ConsentGiven(models.TextChoices):
    ORALLY = "oral", _("Orally")
    WRITTEN = "written", _("In writing")
    OWN_PAGES = "own_pages", _("On the citizen's own pages")


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the appointment")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Not sent")


class ReminderConsent(models.Model):
    """Whether the citizen agreed to reminders, by which channels, given when and how, withdrawn
    when. One row a citizen; withdrawing keeps the row (and the audit trail keeps each change)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    client = models.OneToOneField(Client, on_delete=models.PROTECT, related_name="reminder_consent")
    sms = models.BooleanField(default=False)
    email = models.BooleanField(default=False)
    phone_encrypted = models.TextField(blank=True)
    email_address_encrypted = models.TextField(blank=True)
    given_on = models.DateField()
    given_how = models.CharField(max_length=20, choices=ConsentGiven.choices)
    withdrawn_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:  # never the number or the address: this string may reach logs
        return f"Samtykke {self.pk}"

    @property
    def phone(self) -> str:
        token = self.phone_encrypted
        return crypto.decrypt(token) if token.startswith(crypto.TOKEN_PREFIX) else ""

    @property
    def email_address(self) -> str:
        token = self.email_address_encrypted
        return crypto.decrypt(token) if token.startswith(crypto.TOKEN_PREFIX) else ""

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None and (self.sms or self.email)

    def allows(self, channel: str) -> bool:
        if self.withdrawn_on is not None:
            return False
        return bool(self.sms if channel == Channel.SMS else self.email)


class OutboxMessage(models.Model):
    """One message to send. The recipient is the consent's (read and decrypted at sending, so a
    withdrawal or a new number takes effect); `last_error` is a code and an exception's class,
    never a message that could quote an address."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="outbox_messages")
    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="reminders")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    kind = models.CharField(
        max_length=20, choices=ReminderKind.choices, default=ReminderKind.BEFORE
    )
    text = models.TextField()
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "channel", "kind"], name="one_reminder_per_channel_and_kind"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"Besked {self.pk} ({self.channel}, {self.status})"
