"""Reads of the audit trail for the screens, the API and the command line: a citizen's access log
(who read the citizen's records, when and why). Reading the log is itself logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vendepunkt.audit.models import ReadLogEntry
from vendepunkt.audit.services import log_read
from vendepunkt.citizens.models import Client
from vendepunkt.citizens.queries import require_client


@dataclass
class AccessLog:
    client: Client
    linked_anonymous: list[Client]
    entries: list[ReadLogEntry]


def access_log(
    user,
    client_id: int,
    *,
    purpose: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> AccessLog:
    """Who read this client's records, when and why, newest first (GDPR art. 15; SUL § 42 a),
    including the reads of anonymous clients since linked to the citizen. For centre leaders and
    auditors (`audit.view_log`); reading the log is itself logged."""
    client = require_client(user, client_id, "audit.view_log")
    log_read(
        actor=user,
        municipality_id=client.municipality_id,
        client_id=client.pk,
        record_type="access_log",
        record_id=client.pk,
        purpose=purpose,
    )
    linked = list(
        Client.objects.filter(linked_to=client, municipality_id=client.municipality_id).order_by(
            "id"
        )
    )
    rows = ReadLogEntry.objects.filter(
        municipality_id=client.municipality_id,
        client_id__in=[client.pk, *(c.pk for c in linked)],
    )
    if since is not None:
        rows = rows.filter(at__date__gte=since)
    if until is not None:
        rows = rows.filter(at__date__lte=until)
    entries = list(rows.select_related("actor").order_by("-at", "-id"))
    return AccessLog(client=client, linked_anonymous=linked, entries=entries)
