"""Reads of reminders for the screens and the API: the citizen's consent (phone and address
shown masked unless asked for the form), the messages sent and failed, and the leaders' count
of failed reminders. Each checks permission and writes the read log."""

from __future__ import annotations

from dataclasses import dataclass, field

from vendepunkt.accounts.access import can, require
from vendepunkt.audit.services import log_read
from vendepunkt.citizens.models import Client

from .models import MessageStatus, OutboxMessage, ReminderConsent


@dataclass(frozen=True)
class Scope:
    """The user's municipality as an object the permission rules can test."""

    municipality_id: int | None


def may_see_failures(user) -> bool:
    return can(user, "reminders.view_failures", Scope(user.municipality_id))


@dataclass
class ConsentView:
    consent: ReminderConsent | None
    failed: list[OutboxMessage] = field(default_factory=list)
    recent: list[OutboxMessage] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.consent and self.consent.active)


def mask_phone(phone: str) -> str:
    return f"{'•' * max(len(phone) - 2, 0)}{phone[-2:]}" if phone else ""


def mask_email(address: str) -> str:
    if "@" not in address:
        return ""
    local, domain = address.split("@", 1)
    return f"{local[:1]}•••@{domain}"


def client_reminders(user, client: Client, *, purpose: str) -> ConsentView:
    require(user, "reminders.view_consent", client)
    consent = ReminderConsent.objects.filter(client=client).first()
    messages = list(
        OutboxMessage.objects.filter(client=client)
        .select_related("appointment")
        .order_by("-created_at")[:20]
    )
    log_read(
        actor=user,
        municipality_id=client.municipality_id,
        client_id=client.pk,
        record_type="reminder_consent",
        record_id=consent.pk if consent else "-",
        purpose=purpose,
    )
    return ConsentView(
        consent,
        failed=[m for m in messages if m.status == MessageStatus.FAILED],
        recent=messages,
    )


def failed_count(user) -> int:
    """The failed reminders of the user's municipality (for the centre leaders)."""
    require(user, "reminders.view_failures", Scope(user.municipality_id))
    return OutboxMessage.objects.filter(
        municipality_id=user.municipality_id, status=MessageStatus.FAILED
    ).count()
