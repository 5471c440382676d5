"""The rest of the course through the API: treater, phase, services, events, medical records
(clinicians only, read logged), free choice, the access log and the visitation agenda."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.conftest import api_as
from tests.api.test_protocol import in_treatment
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.courses.models import MedicalRecord, StatusChange

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_treater_phase_services_and_events_are_recorded_and_audited(her):
    treatment = in_treatment(her)
    new = her.user("treater")
    cw = api_as(her.visitation_caseworker)
    base = f"/api/treatments/{treatment.pk}"
    on = today().isoformat()
    response = cw.post(f"{base}/treater", {"treater_id": new.pk, "on": on})
    assert response.status_code == 200 and response.json()["primary_treater_id"] == new.pk
    assert cw.post(f"{base}/phase", {"phase": "aftercare", "on": on}).json()["phase"] == "aftercare"
    bad = cw.post(f"{base}/phase", {"phase": "holiday", "on": on})
    assert bad.status_code == 422 and bad.json()["field"] == "phase"
    assert cw.post(f"{base}/services", {"add": ["nope"], "on": on}).json()["field"] == "add"
    event = cw.post(f"{base}/events", {"kind": "child_welfare_notification", "on": on})
    assert event.status_code == 201
    statuses = set(
        StatusChange.objects.filter(treatment=treatment).values_list("status", flat=True)
    )
    assert {"treater_changed", "phase:aftercare"} <= statuses
    for action in (
        "treatment.treater_changed",
        "treatment.phase_changed",
        "course.child_welfare_notification",
    ):
        assert AuditEntry.objects.filter(action=action).exists(), action
    # A treater may not reassign the primary treater (case staff only).
    assert (
        api_as(her.treater).post(f"{base}/treater", {"treater_id": new.pk, "on": on}).status_code
        == 403
    )


def test_medical_records_are_for_clinicians_and_their_reads_are_logged(her):
    treatment = in_treatment(her)
    url = f"/api/treatments/{treatment.pk}/medical"
    doctor = api_as(her.doctor)
    created = doctor.post(
        url, {"kind": "screening", "on": today().isoformat(), "details": {"test": "urin"}}
    )
    assert created.status_code == 201, created.content
    listed = doctor.get(url).json()
    assert listed["count"] == 1 and listed["items"][0]["details"] == {"test": "urin"}
    assert ReadLogEntry.objects.filter(
        actor=her.doctor, record_type="medical_records", record_id=str(treatment.pk)
    ).exists()
    for role in ("treater", "visitation_caseworker", "secretary"):
        assert api_as(getattr(her, role)).get(url).status_code == 403, role
    assert MedicalRecord.objects.count() == 1


def test_the_access_log_shows_api_reads_with_their_purpose(her):
    treatment = in_treatment(her)
    client_id = treatment.contact_course.client_id
    api_as(her.treater).get(f"/api/clients/{client_id}")
    log = api_as(her.auditor).get(f"/api/clients/{client_id}/access-log").json()
    rows = [(r["actor_id"], r["record_type"], r["purpose"]) for r in log["items"]]
    assert (her.treater.pk, "client", "api") in rows
    assert api_as(her.treater).get(f"/api/clients/{client_id}/access-log").status_code == 403


def test_the_visitation_agenda_lists_undecided_applications(her):
    treatment = in_treatment(her)
    cw = api_as(her.visitation_caseworker)
    application = cw.post(
        f"/api/courses/{treatment.contact_course_id}/applications",
        {"service_id": "primaer-doegn", "applied_on": today().isoformat()},
    ).json()
    agenda = cw.get("/api/visitation/agenda").json()
    assert application["id"] in [row["application"]["id"] for row in agenda["items"]]
    assert ReadLogEntry.objects.filter(
        record_type="visitation_agenda", actor=her.visitation_caseworker
    ).exists()
    assert api_as(her.secretary).get("/api/visitation/agenda").status_code == 403


def test_the_complaint_list_logs_the_clients_on_the_page_returned(her):
    cw = api_as(her.visitation_caseworker)
    clients = []
    for seed in range(3):
        treatment = in_treatment(her, seed=20 + seed)
        client_id = treatment.contact_course.client_id
        clients.append(client_id)
        response = cw.post(
            f"/api/clients/{client_id}/complaints",
            {
                "kind": "social_decision",
                "received_on": (today() - dt.timedelta(days=seed)).isoformat(),
                "form": "oral",
                "text": "Klage.",
            },
        )
        assert response.status_code == 201, response.content
    page = cw.get("/api/complaints?page_size=1").json()
    assert page["count"] == 3 and len(page["items"]) == 1
    logged = set(
        ReadLogEntry.objects.filter(
            record_type="complaint_list", actor=her.visitation_caseworker
        ).values_list("client_id", flat=True)
    )
    assert logged == {page["items"][0]["client_id"]}
