"""Register extracts: validate, compare with the previous submission and create (R41; issue 6
§ 4). Centre leaders and administrators only (`registers.extract`, deny by default).

- `check_extract` validates the extract for a register and month and compares it with the last
  submission for the same month; nothing is written and no file leaves the system, so it writes
  neither the audit trail nor the read log (its findings and changes name local course numbers
  and fields only).
- `create_extract` writes the file to the stream it is given and, in one transaction, records the
  `RegisterSubmission` with a digest per row, one read-log entry per client whose data is in the
  file (purpose "registerindberetning SMDB 2026-10") and one audit entry. An extract with an
  error-level finding is refused: nothing is recorded, and the caller must discard what was
  written (the CLI writes to a temporary file and renames it only on success).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, BinaryIO, cast

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from vendepunkt.accounts.access import Actor, can, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import Read, log_reads, write_entry
from vendepunkt.rules.registers import REGISTERS, ExtractResult, Period, load_codes, run_extract
from vendepunkt.rules.registers.model import CourseFacts, PeriodError, SubstitutionFacts

from . import extract
from .models import RegisterSubmission, SubmittedRow

if TYPE_CHECKING:
    from vendepunkt.accounts.models import Municipality, User


PERM = "registers.extract"
BATCH = 1000


@dataclass(frozen=True)
class Scope:
    """The user's municipality as an object the permission rules can test."""

    municipality_id: int | None


class ExtractRefused(ServiceError):
    """The extract has error-level findings: nothing was recorded."""

    def __init__(self, result: ExtractResult):
        self.result = result
        n = result.findings.errors
        super().__init__(
            ngettext_lazy(
                "The extract has %(n)s error and was not created. Correct it and try again.",
                "The extract has %(n)s errors and was not created. Correct them and try again.",
                "n",
            ),
            n=n,
            code="findings",
        )


def may_extract(user: Actor) -> bool:
    return bool(user.is_authenticated) and can(user, PERM, Scope(user.municipality_id))


@cache
def _digest_key(master: str) -> bytes:
    """The key of the row digests, derived from the encryption key (never stored)."""
    import base64

    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"vendepunkt register digests"
    ).derive(base64.urlsafe_b64decode(master))


def digest_key() -> bytes:
    return _digest_key(settings.VENDEPUNKT_ENCRYPTION_KEY)


def parse_request(register: str, period: str, today: dt.date) -> Period:
    """Check the register and the month (a month that has not begun cannot be reported)."""
    if register not in REGISTERS:
        raise ServiceError(
            _("Unknown register “%(register)s”; known: %(known)s."),
            register=register,
            known=list(REGISTERS),
            field="register",
        )
    return parse_period(period, today)


def parse_period(period: str, today: dt.date) -> Period:
    try:
        month = Period.parse(period)
    except PeriodError as exc:
        raise ServiceError(exc, field="period") from None
    if month.first > today:
        raise ServiceError(_("The period has not begun yet."), field="period")
    return month


def latest_submission(
    municipality: Municipality, register: str, period: str
) -> RegisterSubmission | None:
    return (
        RegisterSubmission.objects.filter(
            municipality=municipality, register=register, period=period
        )
        .order_by("-created_at", "-id")
        .first()
    )


def _previous_rows(
    submission: RegisterSubmission | None,
) -> Iterable[tuple[str, Mapping[str, str]]]:
    if submission is None:
        return []
    return (
        SubmittedRow.objects.filter(submission=submission)
        .order_by("key")
        .values_list("key", "digests")
        .iterator(chunk_size=2000)
    )


def submissions(user: Actor, register: str | None = None) -> list[RegisterSubmission]:
    require(user, PERM, Scope(user.municipality_id))
    if register and register not in REGISTERS:
        raise ServiceError(
            _("Unknown register; known: %(known)s."),
            known=list(REGISTERS),
            field="register",
        )
    qs = RegisterSubmission.objects.filter(municipality_id=user.municipality_id)
    if register:
        qs = qs.filter(register=register)
    return list(qs.select_related("created_by")[:50])


def check_extract(
    user: Actor,
    register: str,
    period: str,
    *,
    today: dt.date,
    progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
) -> ExtractResult:
    """Validate the extract and compare it with the last submission for the month."""
    require(user, PERM, Scope(user.municipality_id))
    month = parse_request(register, period, today)
    municipality = user.municipality
    spec = load_codes().registers[register]
    with transaction.atomic():  # one snapshot of the data, and server-side cursors on PostgreSQL
        if total:
            total(extract.count(municipality, spec, month))
        previous = latest_submission(municipality, register, str(month))
        return run_extract(
            register,
            extract.iter_facts(municipality, spec, month),
            month,
            today=today,
            digest_key=digest_key(),
            previous=_previous_rows(previous),
            progress=progress,
        )


def create_extract(
    user: Actor,
    register: str,
    period: str,
    out: BinaryIO,
    *,
    today: dt.date,
    progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
) -> tuple[RegisterSubmission, ExtractResult]:
    """Write the extract to `out` and record the submission; raises `ExtractRefused` (nothing
    recorded) when validation finds an error."""
    require(user, PERM, Scope(user.municipality_id))
    month = parse_request(register, period, today)
    municipality = user.municipality
    codes = load_codes()
    spec = codes.registers[register]
    purpose = f"registerindberetning {register.upper()} {month}"
    with transaction.atomic():
        if total:
            total(extract.count(municipality, spec, month))
        previous = latest_submission(municipality, register, str(month))
        submission = RegisterSubmission.objects.create(
            municipality=municipality,
            register=register,
            period=str(month),
            sha256="",
            row_count=0,
            codes_version=codes.version,
            previous=previous,
            created_by=cast("User", user),
        )
        rows: list[SubmittedRow] = []
        reads: list[Read] = []

        def flush() -> None:
            SubmittedRow.objects.bulk_create(rows)
            log_reads(user, reads, purpose=purpose, municipality_id=municipality.pk)
            rows.clear()
            reads.clear()

        def on_row(
            key: str, digests: dict[str, str], facts: CourseFacts | SubstitutionFacts
        ) -> None:
            rows.append(SubmittedRow(submission=submission, key=key, digests=digests))
            reads.append((facts.client_id, "register_extract", submission.pk))
            if len(rows) >= BATCH:
                flush()

        result = run_extract(
            register,
            extract.iter_facts(municipality, spec, month),
            month,
            today=today,
            digest_key=digest_key(),
            out=out,
            previous=_previous_rows(previous),
            on_row=on_row,
            progress=progress,
            codes=codes,
        )
        if not result.ok:
            transaction.set_rollback(True)
            raise ExtractRefused(result)
        flush()
        submission.sha256 = result.sha256
        submission.row_count = result.rows
        submission.byte_count = result.bytes
        submission.findings = {
            "by_severity": result.findings.by_severity,
            "by_rule": result.findings.by_rule,
        }
        diff = result.diff.as_dict() if result.diff else None
        if diff:
            diff.pop("changes")  # course numbers stay out of the stored summary
        submission.diff = diff if previous else None
        submission.save()
        write_entry(
            actor=user,
            action=Action.REGISTERS_EXTRACT_CREATED,
            target_type="RegisterSubmission",
            target_id=str(submission.pk),
            after={
                "register": register,
                "period": str(month),
                "rows": result.rows,
                "sha256": result.sha256,
                "previous_id": previous.pk if previous else None,
                "warnings": result.findings.by_severity["warning"],
            },
        )
    return submission, result
