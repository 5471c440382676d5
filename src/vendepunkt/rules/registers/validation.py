"""Validation before anything is sent: each finding names the row (a local course number), the
field, a message in Danish and English and a severity. An extract with an error is not written.

Checks per row: wrongly included anonymous or SEL § 101 a courses, a CPR number where there must
be none or none where there must be one, missing required fields, values without a code, dates
out of order or after today, an end without its status, and a guarantee exceeded without a
recorded reason (a warning: the waiting time is a fact to report, the missing reason is for
staff to record if there is one). Checks per extract: the SIB variables Vendepunkt does not
record yet (a note).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .codes import Register
from .model import CourseFacts, Finding, Period, Row, Severity, SubstitutionFacts

REQUIRED = {
    "smdb": ("kommune", "lovgrundlag", "henvendelsesdato", "hovedstof"),
    "nab": ("kommune", "henvendelsesdato", "foedselsaar", "koen"),
    "substitution": ("kommune", "maaned", "praeparat", "ordinerende_laege"),
}
# (earlier, later) pairs that must be in order when both are present.
ORDER = (
    ("henvendelsesdato", "behandlingsstart"),
    ("behandlingsstart", "afslutningsdato"),
    ("henvendelsesdato", "afslutningsdato"),
)
DATES = ("henvendelsesdato", "behandlingsstart", "afslutningsdato", "seneste_ordination")


def _f(rule: str, severity: Severity, field: str, da: str, en: str, row: Row) -> Finding:
    return Finding(rule, severity, field, da, en, row=row.key)


def validate_row(
    register: Register,
    facts: CourseFacts | SubstitutionFacts,
    row: Row,
    period: Period,
    today: dt.date,
) -> Iterator[Finding]:
    v = row.values
    columns = register.columns
    if facts.legal_track in register.excluded_tracks:
        yield _f(
            "excluded_track_included",
            Severity.error,
            "lovgrundlag",
            f"Forløbet efter {facts.legal_track} må ikke indberettes til {register.name_da}.",
            f"A {facts.legal_track} course must not be reported to {register.name_en}.",
            row,
        )
    if facts.anonymous and not register.anonymous_allowed:
        yield _f(
            "anonymous_included",
            Severity.error,
            "cpr",
            "Et anonymt forløb er taget med; anonyme forløb indberettes ikke hertil.",
            "An anonymous course is included; anonymous courses are not reported here.",
            row,
        )
    if "cpr" in columns:
        if facts.anonymous and v.get("cpr"):
            yield _f(
                "cpr_for_anonymous",
                Severity.error,
                "cpr",
                "Et anonymt forløb må aldrig have et CPR-nummer i udtrækket.",
                "An anonymous course must never carry a CPR number in the extract.",
                row,
            )
        if not facts.anonymous and not v.get("cpr"):
            yield _f(
                "missing_cpr",
                Severity.error,
                "cpr",
                "CPR-nummer mangler for en identificeret borger.",
                "The CPR number is missing for an identified citizen.",
                row,
            )
    for name in REQUIRED.get(register.id, ()):
        if name in columns and not v.get(name):
            if any(f == name for f, _ in row.unmapped):
                continue  # reported below as a value without a code
            var = register.variable(name)
            yield _f(
                "missing_field",
                Severity.error,
                name,
                f"{var.da} mangler.",
                f"{var.en} is missing.",
                row,
            )
    for name, value in row.unmapped:
        yield _f(
            "unmapped_value",
            Severity.error,
            name,
            f"Værdien {value!r} har ingen kode i registrets kodeliste.",
            f"The value {value!r} has no code in the register's code list.",
            row,
        )
    for earlier, later in ORDER:
        a, b = v.get(earlier), v.get(later)
        if a and b and a > b:  # ISO dates: text order is date order
            yield _f(
                "dates_out_of_order",
                Severity.error,
                later,
                f"{register.variable(later).da} ligger før {register.variable(earlier).da.lower()}.",
                f"{register.variable(later).en} is before {register.variable(earlier).en.lower()}.",
                row,
            )
    for name in DATES:
        if v.get(name) and v[name] > today.isoformat():
            yield _f(
                "date_in_future",
                Severity.error,
                name,
                f"{register.variable(name).da} ligger efter i dag.",
                f"{register.variable(name).en} is after today.",
                row,
            )
    if isinstance(facts, CourseFacts):
        yield from _course_checks(register, facts, row, period, today)


def _course_checks(
    register: Register, facts: CourseFacts, row: Row, period: Period, today: dt.date
) -> Iterator[Finding]:
    v = row.values
    status_field = "afslutningsstatus" if register.id == "smdb" else "udskrivningsstatus"
    unmapped = any(f == status_field for f, _ in row.unmapped)
    ended = v.get("afslutningsdato") and v.get("behandlingsstart")
    if ended and not v.get(status_field) and not unmapped:
        yield _f(
            "end_without_status",
            Severity.error,
            status_field,
            "Behandlingen er afsluttet, men status ved afslutning mangler.",
            "The treatment has ended but its end status is missing.",
            row,
        )
    if v.get("afslutningsdato") and not v.get("behandlingsstart"):
        yield _f(
            "ended_without_start",
            Severity.info,
            "afslutningsdato",
            "Kontaktforløbet er afsluttet uden at behandlingen startede.",
            "The contact course ended without treatment having started.",
            row,
        )
    if facts.guarantee_due is not None and not facts.waiver_kinds:
        reference = min(period.last, today)
        started = facts.start_on if facts.start_on and facts.start_on <= period.last else None
        waited_until = started or reference
        if waited_until > facts.guarantee_due:
            yield _f(
                "guarantee_exceeded_without_reason",
                Severity.warning,
                "behandlingsstart",
                f"Behandlingsgarantien (frist {facts.guarantee_due.isoformat()}) er overskredet, "
                "og der er ikke registreret en grund.",
                f"The treatment guarantee (due {facts.guarantee_due.isoformat()}) is exceeded "
                "and no reason is recorded.",
                row,
            )


def extract_notes(register: Register) -> Iterator[Finding]:
    """Notes about the extract as a whole: the variables Vendepunkt does not record yet."""
    for var in register.variables:
        if not var.recorded:
            yield Finding(
                "variable_not_recorded",
                Severity.info,
                var.name,
                f"{var.da} registreres endnu ikke i Vendepunkt; kolonnen er tom.",
                f"{var.en} is not recorded in Vendepunkt yet; the column is empty.",
            )
