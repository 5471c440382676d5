"""The citizen's data rights (R48, R49; GDPR art. 15 and 5(1)(e)): the complete export for a
request of insight, and retention with a dry run, anonymisation and a scrubbed audit trail
(run on SQLite and PostgreSQL). Synthetic people only."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.db.factories import Town, cpr_for
from tests.db.test_course_services import AT, TODAY, citizen, contact, grant
from vendepunkt.accounts.access import AccessDenied, NotFound
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.citizens.models import Client
from vendepunkt.complaints import services as complaints
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Assessment, Contact, MedicalRecord
from vendepunkt.rights.records import SECTIONS
from vendepunkt.rights.services import (
    ERASED,
    apply_retention,
    export_client,
    retention_plan,
)

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1990, 5, 17)
NAME = "Testa Testesen"


@pytest.fixture
def had():
    return Town("haderslev")


def whole_course(town, *, seed=1):
    """A citizen through contact, assessment, decision, start, plan, medicine, discharge,
    follow-up and a complaint: a record in most sections."""
    client = citizen(town, seed=seed, birth=BIRTH)
    course = contact(town, client, note="Ringede selv.").contact_course
    courses.record_assessment(
        town.treater,
        course,
        phase="intake",
        assessed_on=AT.date(),
        text="Helhedsvurdering: fiktiv tekst.",
        load_degree="moderate",
        answers={},
        today=TODAY,
    )
    decision = grant(town, course, "individuelle-samtaler")
    courses.mark_decision_sent(
        town.centre_leader, decision, sent_on=decision.decided_on, today=TODAY
    )
    treatment = courses.start_treatment(
        town.visitation_caseworker,
        course,
        team=town.team,
        start_on=decision.decided_on,
        treater=town.treater,
        decision=decision,
        today=TODAY,
    )
    courses.save_plan(
        town.treater,
        treatment,
        substance_goal="stop",
        goals=[{"text": "Fiktivt mål", "horizon": "short"}],
        methods="Samtaler",
        responsible=[{"actor": "Behandler", "task": "Samtaler"}],
        made_on=treatment.start_on,
        today=TODAY,
    )
    courses.record_medical(
        town.doctor,
        treatment,
        kind="screening",
        on=treatment.start_on,
        details={"tests": ["hiv"], "note": "Fiktiv note"},
        today=TODAY,
    )
    end = treatment.start_on + dt.timedelta(days=10)
    courses.discharge(
        town.treater, treatment, on=end, status="completed", outcome="abstinent", today=TODAY
    )
    courses.record_follow_up(
        town.treater,
        treatment,
        subject="follow_up:1m",
        on=end + dt.timedelta(days=30),
        reached=True,
        result="Fiktivt resultat",
        today=TODAY,
    )
    complaints.register_complaint(
        town.treater,
        client,
        kind="social_decision",
        received_on=decision.decided_on + dt.timedelta(days=2),
        form="written",
        text="Fiktiv klage.",
        decision=decision,
        today=TODAY,
    )
    return client, course, treatment


# --- export ----------------------------------------------------------------------------------


def test_every_model_of_a_course_is_in_the_export_and_retention_map():
    listed = {s.model for s in SECTIONS}
    held = {
        m
        for label in ("courses", "complaints", "journal", "filing", "reminders")
        for m in apps.get_app_config(label).get_models()
    }
    # group treatment: the citizen's own rows (the group and its sessions are the centre's)
    held |= {apps.get_model("groups", "Membership"), apps.get_model("groups", "Attendance")}
    held.discard(apps.get_model("courses", "Room"))  # a room of a centre: no citizen's data
    assert held == listed, held ^ listed


def test_R48_the_export_holds_everything_logs_the_read_and_masks_the_cpr(had):
    client, course, _ = whole_course(had)
    courses.get_course(had.treater, course.pk, purpose="treatment")
    data = export_client(had.centre_leader, client.pk, purpose="insight_request", today=TODAY)
    sections = data["sections"]
    for key in (
        "contact_courses",
        "contacts",
        "assessments",
        "applications",
        "decisions",
        "treatment_courses",
        "status_history",
        "medical_records",
        "plan_versions",
        "discharges",
        "follow_ups",
        "deadlines",
        "complaints",
    ):
        assert sections[key], key
    assert sections["assessments"][0]["text"] == "Helhedsvurdering: fiktiv tekst."
    assert sections["medical_records"][0]["details"]["note"] == "Fiktiv note"
    assert data["client"]["name"] == NAME
    full = cpr_for(BIRTH, seed=1)
    assert data["client"]["cpr_masked"] == f"{full[:6]}-xxxx" and full not in str(data)
    # staff are named, not numbered
    assert sections["assessments"][0]["by"].endswith("(Behandler)")
    [read] = data["access_log"]
    assert read["purpose"] == "treatment" and read["reader"].endswith("(Behandler)")
    assert {"contact.recorded", "decision.made", "treatment.discharged"} <= {
        c["action"] for c in data["changes"]
    }
    assert ReadLogEntry.objects.filter(
        client_id=client.pk, record_type="citizen_export", actor=had.centre_leader
    ).exists()
    entry = AuditEntry.objects.get(action="client.exported", target_id=str(client.pk))
    assert entry.after["sections"]["contacts"] == 1 and NAME not in str(entry.after)


def test_R48_only_the_centre_leader_exports_and_never_across_municipalities(had):
    client, _, _ = whole_course(had)
    for role in ("treater", "visitation_caseworker", "secretary", "doctor", "auditor"):
        with pytest.raises(AccessDenied):
            export_client(getattr(had, role), client.pk, purpose="insight_request", today=TODAY)
    other = Town("odsherred")
    with pytest.raises(NotFound):
        export_client(other.centre_leader, client.pk, purpose="insight_request", today=TODAY)
    assert not AuditEntry.objects.filter(action="client.exported").exists()


# --- retention -------------------------------------------------------------------------------


LATER = dt.date(2033, 1, 1)  # more than 5 years after the course ended in 2026


def test_R49_a_dry_run_lists_and_changes_nothing(had):
    old, _, _ = whole_course(had, seed=1)
    running = citizen(had, seed=2, birth=dt.date(1991, 1, 1))
    contact(had, running)  # an open course: kept
    before = AuditEntry.objects.count()
    plan = retention_plan(today=LATER)
    assert old.pk in plan.clients and running.pk not in plan.clients
    assert retention_plan(today=TODAY).clients == []  # nothing has expired yet
    assert AuditEntry.objects.count() == before
    assert Client.objects.get(pk=old.pk).name == NAME


def test_R49_retention_anonymises_the_case_and_scrubs_the_audit_trail(had):
    old, course, _ = whole_course(had, seed=1)
    full = cpr_for(BIRTH, seed=1)
    touched = AuditEntry.objects.filter(target_type="contact").count()
    counts = apply_retention(retention_plan(today=LATER))
    assert counts["clients"] == 1
    client = Client.objects.get(pk=old.pk)
    assert (client.name, client.cpr_encrypted, client.cpr_hash, client.birth_date) == (
        "",
        "",
        None,
        None,
    )
    assert client.birth_year == 1990 and client.anonymised_on == LATER
    assert Assessment.objects.get(contact_course=course).text == ERASED
    assert Contact.objects.get(contact_course=course).note == ERASED
    # the medical record is kept 10 years from its last entry (autorisationsloven § 25)
    medical = MedicalRecord.objects.get(treatment__contact_course=course)
    assert medical.details["note"] == "Fiktiv note" and medical.content_deleted_on is None
    # dates and statuses stay for the figures; the facts of the actions stay in the audit trail
    course.refresh_from_db()
    assert course.closed_on is not None
    assert AuditEntry.objects.filter(target_type="contact").count() == touched
    for entry in AuditEntry.objects.all():
        assert full not in str(entry.before) + str(entry.after)
        assert NAME not in str(entry.before) + str(entry.after)
    assert AuditEntry.objects.filter(
        action="client.anonymised_by_retention", system_actor="system:retention"
    ).exists()
    # a second run finds nothing more
    assert retention_plan(today=LATER).clients == []


def test_R49_old_read_log_rows_are_deleted_and_newer_kept(had):
    client, _, _ = whole_course(had)

    def read():
        return ReadLogEntry.objects.create(
            actor=had.centre_leader,
            municipality_id=had.municipality.pk,
            client_id=client.pk,
            record_type="client",
            record_id=str(client.pk),
            purpose="test",
        )

    old = read()
    ReadLogEntry.objects.filter(pk=old.pk).update(at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    fresh = read()
    plan = retention_plan(today=dt.date(2026, 6, 1))
    assert plan.read_log_rows == 1 and plan.clients == []
    apply_retention(plan)
    assert list(ReadLogEntry.objects.filter(client_id=client.pk)) == [fresh]


def test_R49_the_command_lists_first_and_applies_only_when_asked(had, capsys):
    old, _, _ = whole_course(had)
    call_command("retention", "--today", LATER.isoformat())
    out = capsys.readouterr().out
    assert f"nr./no. {old.pk}" in out and "dry run" in out and NAME not in out
    assert Client.objects.get(pk=old.pk).anonymised_on is None
    call_command("retention", "--today", LATER.isoformat(), "--apply")
    assert "done" in capsys.readouterr().out
    assert Client.objects.get(pk=old.pk).anonymised_on == LATER
    with pytest.raises(CommandError) as info:
        call_command("retention", "--municipality", "atlantis")
    assert "Ukendt kommune" in str(info.value) and "unknown municipality" in str(info.value)


def test_R49_medical_content_is_deleted_after_ten_years_not_five(had):
    whole_course(had)
    apply_retention(retention_plan(today=LATER))
    record = MedicalRecord.objects.get()
    assert record.details and record.content_deleted_on is None
    much_later = dt.date(2037, 1, 1)
    plan = retention_plan(today=much_later)
    assert plan.medical_records == 1
    apply_retention(plan)
    record.refresh_from_db()
    assert record.details == {} and record.content_deleted_on == much_later
    assert MedicalRecord.objects.filter(pk=record.pk).exists()  # the fact of the record stays


def test_R49_a_client_back_in_contact_after_the_dry_run_is_not_anonymised(had):
    old, _, _ = whole_course(had)
    plan = retention_plan(today=LATER)
    assert old.pk in plan.clients
    contact(had, old, at=dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC))  # a new open course
    counts = apply_retention(plan)
    assert counts["clients"] == 0
    assert Client.objects.get(pk=old.pk).name == NAME
