"""Register extracts through the services: permission, what goes in and what never does, the read
log and audit trail, refusal on errors, and the diff against the previous submission."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io

import pytest

from tests.registers.conftest import last_month, make_course, today
from vendepunkt.accounts.access import AccessDenied
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import MedicalRecord
from vendepunkt.registers import services
from vendepunkt.registers.models import RegisterSubmission, SubmittedRow

pytestmark = pytest.mark.django_db

ALLOWED = ("centre_leader", "administrator")
REFUSED = ("treater", "visitation_caseworker", "doctor", "nurse", "secretary", "auditor")


def rows_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter=";"))


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_refused(her, role):
    period, _ = last_month()
    with pytest.raises(AccessDenied):
        services.check_extract(her.users[role], "smdb", period, today=today())
    with pytest.raises(AccessDenied):
        services.create_extract(her.users[role], "smdb", period, io.BytesIO(), today=today())
    assert not RegisterSubmission.objects.exists()


def test_bad_register_and_period(her):
    for register, period, field in (
        ("dst", "2026-01", "register"),
        ("smdb", "2026-13", "period"),
        ("smdb", "oktober", "period"),
        ("smdb", f"{today().year + 1}-01", "period"),
    ):
        with pytest.raises(ServiceError) as exc:
            services.check_extract(her.centre_leader, register, period, today=today())
        assert exc.value.field == field
        assert exc.value.message_da and exc.value.message_en


def test_smdb_extract_excludes_anonymous_101a_and_other_tracks(her):
    period, first = last_month()
    identified = make_course(her, end_day=20)
    make_course(her, track="SEL-101a", anonymous=True)
    make_course(her, track="SUL-141", substance="alcohol")
    make_course(her, request_day=2, start_day=None)  # waiting: request only
    out = io.BytesIO()
    submission, result = services.create_extract(
        her.centre_leader, "smdb", period, out, today=today()
    )
    rows = rows_of(out.getvalue())
    assert [r["forloeb_id"] for r in rows] == sorted(
        [str(identified.pk), rows[1]["forloeb_id"]], key=int
    )
    row = next(r for r in rows if r["forloeb_id"] == str(identified.pk))
    assert row["cpr"] == identified.client.cpr
    assert row["kommune"] == "657" and row["lovgrundlag"] == "SEL101"
    assert row["henvendelsesdato"] == first.isoformat()
    assert row["behandlingsstart"] == (first + dt.timedelta(days=4)).isoformat()
    assert row["afslutningsstatus"] == "STOFFRI" and row["ventetid_dage"] == "4"
    assert row["hovedstof"] == "CANNABIS" and row["boern_under_18"] == "1"
    assert result.ok and submission.row_count == 2
    assert submission.sha256 == hashlib.sha256(out.getvalue()).hexdigest()
    assert SubmittedRow.objects.filter(submission=submission).count() == 2
    stored = str(list(SubmittedRow.objects.values_list("digests", flat=True)))
    assert identified.client.cpr not in stored  # keyed digests only


def test_creating_an_extract_writes_the_read_log_and_the_audit_trail(her):
    period, _ = last_month()
    one, two = make_course(her), make_course(her, request_day=3, start_day=6)
    before = ReadLogEntry.objects.count()
    submission, _ = services.create_extract(
        her.administrator, "smdb", period, io.BytesIO(), today=today()
    )
    reads = ReadLogEntry.objects.filter(record_type="register_extract")
    assert ReadLogEntry.objects.count() == before + 2
    assert {r.client_id for r in reads} == {one.client_id, two.client_id}
    assert {r.purpose for r in reads} == {f"registerindberetning SMDB {period}"}
    assert all(r.actor_id == her.administrator.pk for r in reads)
    entry = AuditEntry.objects.get(action="registers.extract_created")
    assert entry.actor == her.administrator and entry.target_id == str(submission.pk)
    assert entry.after["rows"] == 2 and entry.after["sha256"] == submission.sha256
    assert one.client.cpr not in str(entry.after)


def test_checking_writes_nothing(her):
    period, _ = last_month()
    make_course(her)
    reads, audits = ReadLogEntry.objects.count(), AuditEntry.objects.count()
    result = services.check_extract(her.centre_leader, "smdb", period, today=today())
    assert result.rows == 1 and result.ok
    assert result.diff.added == 1  # no previous submission: every row is new
    assert (ReadLogEntry.objects.count(), AuditEntry.objects.count()) == (reads, audits)
    assert not RegisterSubmission.objects.exists()


def test_error_findings_refuse_the_extract_and_record_nothing(her):
    period, _ = last_month()
    course = make_course(her, end_day=20)
    # An ended treatment whose discharge lacks a status (only possible by a data repair): made
    # here directly on the record to see validation stop the extract.
    course.treatment.discharge.__class__.objects.filter(pk=course.treatment.discharge.pk).update(
        outcome=""
    )
    reads = ReadLogEntry.objects.count()
    with pytest.raises(services.ExtractRefused) as exc:
        services.create_extract(her.centre_leader, "smdb", period, io.BytesIO(), today=today())
    result = exc.value.result
    assert result.findings.by_rule == {"end_without_status": 1}
    assert "1 fejl" in exc.value.message_da and "1 error and" in exc.value.message_en
    assert not RegisterSubmission.objects.exists() and not SubmittedRow.objects.exists()
    assert ReadLogEntry.objects.count() == reads
    assert not AuditEntry.objects.filter(action="registers.extract_created").exists()


def test_guarantee_exceeded_is_a_warning_until_a_reason_is_recorded(her):
    period, _ = last_month()
    course = make_course(her, request_day=1, start_day=28)  # 27 days' wait (guarantee: 14)
    result = services.check_extract(her.centre_leader, "smdb", period, today=today())
    assert result.findings.by_rule.get("guarantee_exceeded_without_reason") == 1
    assert result.ok  # a warning: the waiting time is still reported
    courses.record_waiver(
        her.visitation_caseworker,
        course,
        kind="free_choice",
        reason="Borgeren valgte selv et senere tilbud.",
        on=course.request_on,
        today=today(),
    )
    again = services.check_extract(her.centre_leader, "smdb", period, today=today())
    assert "guarantee_exceeded_without_reason" not in again.findings.by_rule


def test_diff_against_the_previous_submission_for_the_same_period(her):
    period, first = last_month()
    stays = make_course(her)
    ends = make_course(her, request_day=2, start_day=3)
    services.create_extract(her.centre_leader, "smdb", period, io.BytesIO(), today=today())
    courses.discharge(
        her.visitation_caseworker,
        ends.treatment,
        on=first + dt.timedelta(days=20),
        status="dropped_out",
        outcome="unchanged",
        today=today(),
    )
    new = make_course(her, request_day=10, start_day=12)
    check = services.check_extract(her.centre_leader, "smdb", period, today=today())
    d = check.diff
    assert (d.added, d.removed, d.changed, d.unchanged) == (1, 0, 1, 1)
    changed = next(c for c in d.changes if c.kind == "changed")
    assert int(changed.key) == ends.pk
    assert set(changed.fields) == {"afslutningsdato", "afslutningsstatus", "afslutningsaarsag"}
    assert next(c for c in d.changes if c.kind == "added").key == f"{new.pk:012d}"
    second, _ = services.create_extract(
        her.centre_leader, "smdb", period, io.BytesIO(), today=today()
    )
    assert second.previous is not None and second.diff["changed"] == 1
    assert "changes" not in second.diff
    assert stays.pk  # unchanged row


def test_nab_reports_anonymous_alcohol_courses_without_identifier(her):
    period, _ = last_month()
    anonymous = make_course(her, track="SUL-141", substance="alcohol", anonymous=True)
    identified = make_course(her, track="SUL-141", substance="alcohol", end_day=25)
    make_course(her)  # SEL § 101: not in NAB
    out = io.BytesIO()
    _, result = services.create_extract(her.centre_leader, "nab", period, out, today=today())
    assert result.ok
    rows = {int(r["forloeb_id"]): r for r in rows_of(out.getvalue())}
    assert set(rows) == {anonymous.pk, identified.pk}
    assert rows[anonymous.pk]["cpr"] == "" and rows[anonymous.pk]["anonym"] == "1"
    assert rows[anonymous.pk]["foedselsaar"] == "1985" and rows[anonymous.pk]["koen"] == "K"
    assert anonymous.client.code not in out.getvalue().decode()
    assert rows[identified.pk]["cpr"] == identified.client.cpr
    assert rows[identified.pk]["koen"] == "M"  # from the CPR number's last digit
    assert rows[identified.pk]["udskrivningsstatus"] == "AFSLUTTET_EFTER_PLAN"


def test_substitution_report(had):
    period, first = last_month()
    course = make_course(had, track="SUL-142", substance="opioids")
    other = make_course(had, track="SUL-142", substance="opioids", request_day=2, start_day=3)
    for on, product in (
        (first + dt.timedelta(days=5), "methadone"),
        (first + dt.timedelta(days=15), "buprenorphine"),
    ):
        courses.record_medical(
            had.doctor,
            course.treatment,
            kind="substitution",
            on=on,
            details={"pickup": "centre", "product": product, "prescriber_authorisation": "X1Y2Z"},
            today=today(),
        )
    record = courses.record_medical(
        had.doctor,
        other.treatment,
        kind="substitution",
        on=first + dt.timedelta(days=6),
        details={"pickup": "centre", "product": "methadone", "prescriber_authorisation": "Q9Q9Q"},
        today=today(),
    )
    # a record from before product and doctor were required (the service refuses it now):
    # validation is the second line of defence
    MedicalRecord.objects.filter(pk=record.pk).update(details={"pickup": "centre"})
    result = services.check_extract(had.centre_leader, "substitution", period, today=today())
    assert result.rows == 2
    assert result.findings.by_rule == {"missing_field": 2}
    assert not result.ok
    MedicalRecord.objects.filter(treatment=other.treatment).update(
        details={"pickup": "centre", "product": "methadone", "prescriber_authorisation": "Q9"}
    )
    out = io.BytesIO()
    services.create_extract(had.centre_leader, "substitution", period, out, today=today())
    rows = {int(r["forloeb_id"]): r for r in rows_of(out.getvalue())}
    assert rows[course.pk]["praeparat"] == "BUPRENORFIN"  # the last record of the month
    assert rows[course.pk]["kommune"] == "510" and rows[course.pk]["maaned"] == period
    assert rows[other.pk]["ordinerende_laege"] == "Q9"


def test_another_municipality_sees_nothing(her, had):
    period, _ = last_month()
    make_course(her)
    result = services.check_extract(had.centre_leader, "smdb", period, today=today())
    assert result.rows == 0
    services.create_extract(her.centre_leader, "smdb", period, io.BytesIO(), today=today())
    assert services.submissions(had.centre_leader) == []
    assert len(services.submissions(her.centre_leader)) == 1


def test_facts_are_read_in_chunks_without_a_query_per_course(her, django_assert_max_num_queries):
    """The extractor's queries grow with the number of chunks, never with the number of courses:
    one query for the courses (fetched chunk by chunk) and two prefetches per chunk."""
    from vendepunkt.registers import extract
    from vendepunkt.rules.registers import Period, load_codes

    period, _ = last_month()
    for day in range(1, 7):
        make_course(her, request_day=day, start_day=day + 1, end_day=day + 10 if day % 2 else None)
    spec = load_codes().registers["smdb"]
    month = Period.parse(period)
    with django_assert_max_num_queries(1 + 2 * 3):
        facts = list(extract.iter_course_facts(her.municipality, spec, month, chunk=2))
    assert len(facts) == 6
    assert [f.course_id for f in facts] == sorted(f.course_id for f in facts)
    assert sum(1 for f in facts if f.outcome) == 3
