"""Writing the audit trail. Call `write_entry` inside the transaction of the change it records."""

from __future__ import annotations

from django.db import transaction

from .actions import Action
from .models import AuditEntry, ReadLogEntry


def write_entry(
    *,
    action: Action,
    target_type: str,
    target_id: str,
    before=None,
    after=None,
    actor=None,
    system_actor: str = "",
) -> AuditEntry:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "audit entries are written inside the transaction of the change they record"
        )
    if not isinstance(action, Action):
        # Only the vocabulary: a free string (even one equal to a member's value) is refused, so
        # every action written is one listed in `Action`.
        raise ValueError(f"unknown audit action {action!r}: use a member of audit.actions.Action")
    return AuditEntry.objects.create(
        actor=actor,
        system_actor=system_actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=before,
        after=after,
    )


def snapshot(obj, fields) -> dict:
    """The before/after state of `fields` of a model instance, JSON-ready."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def log_read(
    *, actor, municipality_id: int, client_id: int | None, record_type: str, record_id, purpose: str
) -> None:
    """Record that `actor` read a client's record (R48). Called by every service that returns
    personal data, before it returns."""
    ReadLogEntry.objects.create(
        actor=actor,
        municipality_id=municipality_id,
        client_id=client_id,
        record_type=record_type,
        record_id=str(record_id),
        purpose=purpose,
    )
