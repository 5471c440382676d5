"""Writing the audit trail. Call `write_entry` inside the transaction of the change it records."""

from __future__ import annotations

from django.db import transaction

from .models import AuditEntry


def write_entry(
    *,
    action: str,
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
    return AuditEntry.objects.create(
        actor=actor,
        system_actor=system_actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=before,
        after=after,
    )
