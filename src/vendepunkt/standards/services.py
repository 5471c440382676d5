"""Services for standard versions.

`record_versions` is the one way a standard version enters the database: for each loaded
standard it records the content once (keyed by its hash) and marks it current, in a single
transaction, so a half-recorded set of standards is never visible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from vendepunkt.rules.standards.lint import Severity, lint
from vendepunkt.rules.standards.loader import LoadedStandard

from .models import StandardVersion


@dataclass(frozen=True)
class Recorded:
    version: StandardVersion
    created: bool


def record_versions(loaded: list[LoadedStandard], today: dt.date) -> list[Recorded]:
    results = []
    with transaction.atomic():
        for item in loaded:
            results.append(_record_one(item, today))
    return results


def _record_one(item: LoadedStandard, today: dt.date) -> Recorded:
    std = item.standard
    existing = (
        StandardVersion.objects.select_for_update()
        .filter(standard_id=std.id, sha256=item.sha256)
        .first()
    )
    if existing and existing.is_current:
        return Recorded(existing, created=False)
    StandardVersion.objects.filter(standard_id=std.id, is_current=True).update(is_current=False)
    if existing:
        existing.is_current = True
        existing.save(update_fields=["is_current"])
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
    return Recorded(version, created=True)


def current_versions() -> dict[str, StandardVersion]:
    return {v.standard_id: v for v in StandardVersion.objects.filter(is_current=True)}
