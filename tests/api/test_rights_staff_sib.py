"""The API's operations for the register variables (SIB), the outreach rule (R8), the citizen's
insight export (GDPR art. 15) and staff administration: behaviour, refusals, audit and read log."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.conftest import api_as
from tests.api.test_protocol import in_treatment
from tests.db.factories import Town
from vendepunkt.accounts.models import User
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.courses import services as courses

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_R41_register_variables_through_the_api(her):
    treatment = in_treatment(her)
    url = f"/api/treatments/{treatment.pk}/sib"
    treater = api_as(her.treater)
    ok = treater.put(url, {"housing": "homeless", "income": "wages", "on": today().isoformat()})
    assert ok.status_code == 200
    assert ok.json() == {
        "treatment_id": treatment.pk,
        "sib": {"housing": "homeless", "income": "wages"},
    }
    bad = treater.put(url, {"housing": "castle", "on": today().isoformat()})
    assert bad.status_code == 422 and bad.json()["field"] == "housing"
    assert "Unknown value" in bad.json()["detail_en"] and "Ukendt" in bad.json()["detail_da"]
    treatment.refresh_from_db()
    assert treatment.sib == {"housing": "homeless", "income": "wages"}
    assert api_as(her.secretary).put(url, {"on": today().isoformat()}).status_code == 403
    assert AuditEntry.objects.filter(action="treatment.sib_recorded").count() == 1


def test_R8_outreach_rule_only_where_the_municipality_enables_it(her, outreach_town):
    had = outreach_town

    def assessed(town):
        treatment = in_treatment(town)
        return courses.record_assessment(
            town.visitation_caseworker,
            treatment.contact_course,
            phase="intake",
            assessed_on=today() - dt.timedelta(days=10),
            text="Vurdering.",
            today=today(),
        )

    herning = assessed(her)
    refused = api_as(her.visitation_caseworker).post(f"/api/assessments/{herning.pk}/outreach", {})
    assert refused.status_code == 422 and refused.json()["code"] == "not_enabled"
    haderslev = assessed(had)
    before = ReadLogEntry.objects.filter(record_type="assessment").count()
    answer = api_as(had.visitation_caseworker).post(
        f"/api/assessments/{haderslev.pk}/outreach", {"criteria": {}}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["eligible"] is False and body["criteria_unmet"]  # nothing confirmed
    assert ReadLogEntry.objects.filter(record_type="assessment").count() == before + 1
    assert (
        api_as(had.secretary).post(f"/api/assessments/{haderslev.pk}/outreach", {}).status_code
        == 403
    )
    assert (
        api_as(her.visitation_caseworker)
        .post(f"/api/assessments/{haderslev.pk}/outreach", {})
        .status_code
        == 404
    )


def test_the_insight_export_for_the_centre_leader_only(her):
    treatment = in_treatment(her)
    client_id = treatment.contact_course.client_id
    response = api_as(her.centre_leader).get(f"/api/clients/{client_id}/insight")
    assert response.status_code == 200
    data = response.json()
    assert data["format"] == "vendepunkt-insight/1" and data["sections"]["treatment_courses"]
    assert data["client"]["cpr_masked"].endswith("-xxxx")
    assert ReadLogEntry.objects.filter(record_type="citizen_export", client_id=client_id).exists()
    assert AuditEntry.objects.filter(action="client.exported").count() == 1
    for role in ("treater", "visitation_caseworker", "auditor"):
        refused = api_as(getattr(her, role)).get(f"/api/clients/{client_id}/insight")
        assert refused.status_code == 403
    other = Town("haderslev")
    assert api_as(other.centre_leader).get(f"/api/clients/{client_id}/insight").status_code == 404


def test_staff_administration_through_the_api(her):
    newcomer = User.objects.create_user(username="ny.api", municipality=her.municipality)
    admin = api_as(her.administrator)
    listed = admin.get("/api/staff?page_size=100").json()
    row = next(r for r in listed["items"] if r["id"] == newcomer.pk)
    assert row["role"] == "" and row["team_ids"] == []
    ok = admin.put(f"/api/staff/{newcomer.pk}", {"role": "nurse", "team_ids": [her.team.pk]})
    assert ok.status_code == 200 and ok.json()["role"] == "nurse"
    newcomer.refresh_from_db()
    assert newcomer.role == "nurse" and newcomer.team_ids() == {her.team.pk}
    other = Town("haderslev")
    wrong_team = admin.put(
        f"/api/staff/{newcomer.pk}", {"role": "nurse", "team_ids": [other.team.pk]}
    )
    assert wrong_team.status_code == 422 and wrong_team.json()["field"] == "team_ids"
    assert admin.put(f"/api/staff/{other.treater.pk}", {"role": "nurse"}).status_code == 404
    assert api_as(her.centre_leader).get("/api/staff").status_code == 403
    assert AuditEntry.objects.filter(action="staff.role_set").count() == 1


def test_a_time_without_a_time_zone_is_refused_not_a_server_error(her):
    treatment = in_treatment(her)
    response = api_as(her.treater).post(
        f"/api/treatments/{treatment.pk}/appointments",
        {"at": "2026-12-01T10:00:00", "kind": "individual"},
    )
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert "at" in str(response.json())


def test_the_api_lists_complaints_on_a_need_to_know_basis(her):
    from vendepunkt.complaints import services as complaints

    mine = in_treatment(her, seed=1)
    theirs = in_treatment(her, seed=2)
    courses.assign_treater(
        her.visitation_caseworker,
        theirs,
        treater=her.user("treater", team=her.other_team),
        on=today(),
        today=today(),
    )
    theirs.contact_course.team = her.other_team
    theirs.contact_course.save(update_fields=["team"])
    for treatment in (mine, theirs):
        complaints.register_complaint(
            her.visitation_caseworker,
            treatment.contact_course.client,
            kind="case_handling",
            received_on=today(),
            form="oral",
            text="Fiktiv klage.",
            today=today(),
        )
    seen = {
        c["client_id"]
        for c in api_as(her.treater).get("/api/complaints?page_size=100").json()["items"]
    }
    # the complaint about the treater's own team's course, not the other team's
    assert seen == {mine.contact_course.client_id}
    everyone = api_as(her.visitation_caseworker).get("/api/complaints?page_size=100").json()
    assert len(everyone["items"]) == 2
    assert api_as(her.secretary).get("/api/complaints").json()["items"] == []
