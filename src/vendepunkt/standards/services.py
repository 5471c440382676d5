"""Services for standard versions.

`record_versions` is the one way a standard version enters the database: for each loaded
standard it records the content once (keyed by its hash) and marks it current, in a single
transaction, so a half-recorded set of standards is never visible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import write_entry
from vendepunkt.rules.standards.lint import Severity, lint
from vendepunkt.rules.standards.loader import LoadedStandard

from .models import StandardVersion


@dataclass(frozen=True)
class Recorded:
    version: StandardVersion
    created: bool


SYSTEM_ACTOR = "system:sync_standards"


def record_versions(loaded: list[LoadedStandard], today: dt.date) -> list[Recorded]:
    """Record each standard's current content; an operator's command, so the actor is the system.
    Every version that becomes current is audited (what was current before, what is now)."""
    results = []
    with transaction.atomic():
        for item in loaded:
            results.append(_record_one(item, today))
    return results


def _audit(std_id: str, before: StandardVersion | None, after: StandardVersion) -> None:
    write_entry(
        system_actor=SYSTEM_ACTOR,
        action=Action.STANDARD_VERSION_MADE_CURRENT,
        target_type="standard",
        target_id=std_id,
        before={"sha256": before.sha256} if before else None,
        after={"sha256": after.sha256, "version_id": after.pk},
    )


def _record_one(item: LoadedStandard, today: dt.date) -> Recorded:
    std = item.standard
    existing = (
        StandardVersion.objects.select_for_update()
        .filter(standard_id=std.id, sha256=item.sha256)
        .first()
    )
    if existing and existing.is_current:
        return Recorded(existing, created=False)
    previous = StandardVersion.objects.filter(standard_id=std.id, is_current=True).first()
    StandardVersion.objects.filter(standard_id=std.id, is_current=True).update(is_current=False)
    if existing:
        existing.is_current = True
        existing.save(update_fields=["is_current"])
        _audit(std.id, previous, existing)
        return Recorded(existing, created=False)
    findings = lint(item, today)
    version = StandardVersion.objects.create(
        standard_id=std.id,
        sha256=item.sha256,
        municipality=std.municipality.name,
        title=std.document.title,
        period_start=std.document.period_start,
        period_end=std.document.period_end,
        content=std.model_dump(mode="json"),
        lint_errors=sum(f.severity == Severity.error for f in findings),
        lint_warnings=sum(f.severity == Severity.warning for f in findings),
    )
    _audit(std.id, previous, version)
    return Recorded(version, created=True)


def current_versions() -> dict[str, StandardVersion]:
    return {v.standard_id: v for v in StandardVersion.objects.filter(is_current=True)}
