"""Writing the audit trail. Call `write_entry` inside the transaction of the change it records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction

from .actions import Action
from .models import AuditEntry, ReadLogEntry

if TYPE_CHECKING:
    from vendepunkt.accounts.access import Actor
    from vendepunkt.accounts.models import User


def write_entry(
    *,
    action: Action,
    target_type: str,
    target_id: str,
    before: Any = None,
    after: Any = None,
    actor: Actor | None = None,
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
        actor=cast("User | None", actor),
        system_actor=system_actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=before,
        after=after,
    )


def audit_change(
    actor: Actor,
    action: Action,
    obj: Any,
    *,
    fields: Iterable[str] = (),
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """The audit entry of a change to the record `obj` (its model's name and primary key): the
    state before, and after as `fields` of `obj` (or `after` as given)."""
    fields = tuple(fields)
    return write_entry(
        actor=actor,
        action=action,
        target_type=type(obj).__name__.lower(),
        target_id=str(obj.pk),
        before=before,
        after=snapshot(obj, fields) if fields else after,
    )


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The before/after state of `fields` of a model instance, JSON-ready."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def log_read(
    *,
    actor: Actor,
    municipality_id: int,
    client_id: int | None,
    record_type: str,
    record_id: object,
    purpose: str,
) -> None:
    """Record that `actor` read a client's record (R48). Called by every service that returns
    personal data, before it returns."""
    ReadLogEntry.objects.create(
        actor=cast("User", actor),
        municipality_id=municipality_id,
        client_id=client_id,
        record_type=record_type,
        record_id=str(record_id),
        purpose=purpose,
    )


# A read for `log_reads`: (client_id, record_type, record_id).
Read = tuple[int | None, str, object]


def log_reads(
    actor: Actor, reads: Iterable[Read], *, purpose: str, municipality_id: int | None = None
) -> None:
    """Record in one query that `actor` read several clients' records (R48): a list, a search, a
    page showing more than one client. `reads` holds (client_id, record_type, record_id) in the
    order they are written; `client_reads` builds it for one row per client. The municipality is
    the actor's unless given."""
    municipality_id = actor.municipality_id if municipality_id is None else municipality_id
    ReadLogEntry.objects.bulk_create(
        ReadLogEntry(
            actor=cast("User", actor),
            municipality_id=municipality_id,
            client_id=client_id,
            record_type=record_type,
            record_id=str(record_id),
            purpose=purpose,
        )
        for client_id, record_type, record_id in reads
    )


def client_reads(
    client_ids: Iterable[int], record_type: str, record_id: object = "-"
) -> list[Read]:
    """One read per client (each once, in id order) of the same kind of record, for `log_reads`."""
    return [(client_id, record_type, record_id) for client_id in sorted(set(client_ids))]
