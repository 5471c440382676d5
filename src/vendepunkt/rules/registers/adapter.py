"""The register adapter: the one place where Vendepunkt's facts become register rows.

Every code comes from the code lists in `codes.yaml`; nothing here knows a code value. A row
states the course as of the last day of the period: a date after the period (and what depends on
it: the end status, the waiting time) is left out, so an extract made later for the same month
says the same, and a later month reports the later events.

Which courses go into which register is decided here too (`include`): the tracks the register
covers, never anonymous SEL § 101 a treatment, never an anonymous client where the register
takes none. Validation checks the rows again (a second line of defence).
"""

from __future__ import annotations

import datetime as dt

from .codes import Codes, Register
from .model import CourseFacts, Period, Row, SubstitutionFacts


def key_for(course_id: int) -> str:
    return f"{course_id:012d}"


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


class _Mapper:
    """Looks up codes and remembers the values that have none (reported by validation)."""

    def __init__(self, codes: Codes):
        self.codes = codes
        self.unmapped: list[tuple[str, str]] = []

    def code(self, field: str, code_list: str, value: str | None) -> str:
        if value in (None, ""):
            return ""
        found = self.codes.code_lists[code_list].codes.get(str(value))
        if found is None:
            self.unmapped.append((field, str(value)))
            return ""
        return found


def include(register: Register, facts: CourseFacts | SubstitutionFacts, period: Period) -> bool:
    """Does this course belong in the register's extract for the period?"""
    if facts.legal_track not in register.tracks or facts.legal_track in register.excluded_tracks:
        return False
    if facts.anonymous and not register.anonymous_allowed:
        return False
    if isinstance(facts, SubstitutionFacts):
        return facts.last_on in period
    return any(day in period for day in (facts.request_on, facts.start_on, facts.end_on))


def course_row(register: Register, facts: CourseFacts, period: Period, codes: Codes) -> Row:
    """An SMDB or NAB row for a contact course and its treatment course."""
    m = _Mapper(codes)

    def upto(day: dt.date | None) -> dt.date | None:
        return day if day is not None and day <= period.last else None

    request, start, end = upto(facts.request_on), upto(facts.start_on), upto(facts.end_on)
    ended = end is not None
    values: dict[str, str] = {
        "forloeb_id": str(facts.course_id),
        "cpr": "" if facts.anonymous else (facts.cpr or ""),
        "anonym": "1" if facts.anonymous else "0",
        "foedselsaar": str(facts.birth_year) if facts.birth_year else "",
        "koen": m.code("koen", "sex", facts.sex),
        "kommune": m.code("kommune", "municipality", facts.municipality),
        "lovgrundlag": m.code("lovgrundlag", "legal_basis", facts.legal_track),
        "henvendelsesdato": _date(request),
        "behandlingsstart": _date(start),
        "afslutningsdato": _date(end),
        "afslutningsstatus": m.code("afslutningsstatus", "end_status", facts.outcome)
        if ended and start
        else "",
        "afslutningsaarsag": m.code("afslutningsaarsag", "smdb_end_reason", facts.discharge_status)
        if ended and start
        else "",
        "udskrivningsstatus": m.code("udskrivningsstatus", "nab_discharge", facts.discharge_status)
        if ended and start
        else "",
        "ventetid_dage": str((start - request).days) if start and request else "",
        "garanti_undtagelse": ",".join(facts.waiver_kinds),
        "hovedstof": m.code("hovedstof", "substance", facts.main_substance),
        "andre_stoffer": ",".join(
            m.code("andre_stoffer", "substance", s)
            for s in facts.substances
            if s != facts.main_substance
        ),
        **_sib(m, dict(facts.sib), started=start is not None),
        "boern_under_18": ""
        if facts.children_under_18 is None or facts.anonymous
        else str(facts.children_under_18),
        "behandlingstype": m.code("behandlingstype", "treatment_type", facts.setting)
        if start
        else "",
    }
    return _row(register, facts.course_id, values, m)


SIB_COLUMNS = {
    "indtagelsesmaade": ("route", "sib_route"),
    "risikoadfaerd": ("injection_risk", "sib_injection_risk"),
    "boligforhold": ("housing", "sib_housing"),
    "uddannelse": ("education", "sib_education"),
    "indkomst": ("income", "sib_income"),
}


def _sib(m: _Mapper, sib: dict[str, str], *, started: bool) -> dict[str, str]:
    """The social indicators of a started treatment course (none before the start)."""
    if not started:
        return dict.fromkeys(SIB_COLUMNS, "")
    return {
        column: m.code(column, codes, sib.get(key)) for column, (key, codes) in SIB_COLUMNS.items()
    }


def substitution_row(
    register: Register, facts: SubstitutionFacts, period: Period, codes: Codes
) -> Row:
    m = _Mapper(codes)
    values = {
        "forloeb_id": str(facts.course_id),
        "cpr": "" if facts.anonymous else (facts.cpr or ""),
        "kommune": m.code("kommune", "municipality", facts.municipality),
        "maaned": str(period),
        "praeparat": m.code("praeparat", "substitution_product", facts.product),
        "ordinerende_laege": facts.prescriber,
        "seneste_ordination": _date(facts.last_on),
    }
    return _row(register, facts.course_id, values, m)


def to_row(
    register: Register, facts: CourseFacts | SubstitutionFacts, period: Period, codes: Codes
) -> Row:
    if isinstance(facts, SubstitutionFacts):
        return substitution_row(register, facts, period, codes)
    return course_row(register, facts, period, codes)


def _row(register: Register, course_id: int, values: dict[str, str], m: _Mapper) -> Row:
    """Keep the register's columns, in its order; variables not recorded go out empty."""
    ordered = {v.name: (values.get(v.name, "") if v.recorded else "") for v in register.variables}
    unmapped = tuple((f, v) for f, v in m.unmapped if f in ordered)
    return Row(key=key_for(course_id), values=ordered, unmapped=unmapped)
