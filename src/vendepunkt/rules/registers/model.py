"""The facts a register extract is made from, the rows it writes and the findings of validation.

Pure: no Django, no clock. The records layer (`vendepunkt.registers.extract`) reads the database
into these facts; `adapter.py` maps facts to rows; `validation.py` checks them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..dates import month_end

REGISTERS = ("smdb", "nab", "substitution")
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(ValueError):
    def __init__(self, value: str):
        self.message_da = f"Ugyldig periode {value!r}: skriv ÅÅÅÅ-MM, fx 2026-10."
        self.message_en = f"Invalid period {value!r}: write YYYY-MM, e.g. 2026-10."
        super().__init__(f"{self.message_da} / {self.message_en}")


@dataclass(frozen=True)
class Period:
    """A calendar month, the unit of every register extract."""

    year: int
    month: int

    @classmethod
    def parse(cls, value: str) -> Period:
        match = _PERIOD.match(value or "")
        if not match:
            raise PeriodError(value)
        year, month = int(match[1]), int(match[2])
        if not (1 <= month <= 12 and 2000 <= year <= 2999):
            raise PeriodError(value)
        return cls(year, month)

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return month_end(self.year, self.month)

    def __contains__(self, day: dt.date | None) -> bool:
        return day is not None and self.first <= day <= self.last

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class CourseFacts:
    """One contact course with its treatment course, as the records say it today."""

    course_id: int
    municipality: str  # the municipality's standard id (the code list maps it to its number)
    legal_track: str
    anonymous: bool
    cpr: str | None = None
    client_id: int | None = None  # for the read log; never written to a row
    birth_year: int | None = None
    sex: str = ""
    request_on: dt.date | None = None
    start_on: dt.date | None = None
    end_on: dt.date | None = None
    discharge_status: str = ""
    outcome: str = ""
    main_substance: str = ""
    substances: tuple[str, ...] = ()
    children_under_18: int | None = None
    setting: str = ""  # ambulant, day, residential, … of the first granted service
    guarantee_due: dt.date | None = None
    waiver_kinds: tuple[str, ...] = ()
    sib: tuple[tuple[str, str], ...] = ()  # the social indicators recorded (rules.sib), as pairs


@dataclass(frozen=True)
class SubstitutionFacts:
    """A treatment course with substitution medicine recorded in the month."""

    course_id: int
    municipality: str
    legal_track: str
    anonymous: bool
    cpr: str | None = None
    client_id: int | None = None  # for the read log; never written to a row
    product: str = ""
    prescriber: str = ""  # the prescribing doctor's authorisation id
    last_on: dt.date | None = None


@dataclass(frozen=True)
class Row:
    """One line of an extract: `key` orders and identifies it (the local course number,
    zero-padded so text order is number order); `values` in the register's column order."""

    key: str
    values: dict[str, str]
    unmapped: tuple[tuple[str, str], ...] = ()


class Severity(StrEnum):
    error = "error"  # the extract must not be sent
    warning = "warning"  # sent as it is, but someone should look
    info = "info"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    field: str
    message_da: str
    message_en: str
    row: str = ""  # the row's key (a local course number, never personal data)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "field": self.field,
            "row": self.row,
            "message_da": self.message_da,
            "message_en": self.message_en,
        }


@dataclass
class FindingTally:
    """Findings of a whole extract with bounded memory: every finding is counted (per severity
    and per rule), the first `keep` are kept for display."""

    keep: int = 500
    kept: list[Finding] = field(default_factory=list)
    by_severity: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in Severity})
    by_rule: dict[str, int] = field(default_factory=dict)

    def add(self, finding: Finding) -> None:
        self.by_severity[finding.severity.value] += 1
        self.by_rule[finding.rule] = self.by_rule.get(finding.rule, 0) + 1
        if len(self.kept) < self.keep:
            self.kept.append(finding)

    @property
    def errors(self) -> int:
        return self.by_severity[Severity.error.value]

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    @property
    def truncated(self) -> bool:
        return self.total > len(self.kept)
