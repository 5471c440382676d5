"""Reads of the municipality's standard for the web pages and the API: the standard file with its
lint findings and its recorded version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vendepunkt.accounts import permissions as p
from vendepunkt.accounts.access import AccessDenied, NotFound
from vendepunkt.rules.standards import registry
from vendepunkt.rules.standards.lint import Finding, lint
from vendepunkt.standards.services import current_versions

# The read no service permission covers (a candidate for accounts/permissions.py as
# "standards.view_findings").
view_standard_findings = p.same_municipality & (p.leader | p.administrator)


@dataclass(frozen=True)
class _Scope:
    """The user's municipality as an object the permission rules can test."""

    municipality_id: int | None


@dataclass(frozen=True)
class StandardFindings:
    loaded: object  # LoadedStandard
    findings: list[Finding]
    version: object | None  # StandardVersion recorded as current, if any
    counts: dict[str, int]


def standard_findings(user, today: dt.date) -> StandardFindings:
    """The municipality's standard file, its lint findings (errors first) and its recorded
    version; centre leaders and administrators only."""
    if not view_standard_findings.test(user, _Scope(user.municipality_id)):
        raise AccessDenied("standards.view_findings")
    standard_id = user.municipality.standard_id
    loaded = registry.get(standard_id)
    if loaded is None:
        raise NotFound("Standard")
    findings = lint(loaded, today)
    counts = {s: sum(str(f.severity) == s for f in findings) for s in ("error", "warning", "info")}
    return StandardFindings(
        loaded=loaded,
        findings=findings,
        version=current_versions().get(standard_id),
        counts=counts,
    )
