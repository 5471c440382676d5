"""A whole course through the API, as integrations would drive it: register, contact,
assessment, application and decision with its letter, treatment, plan, appointments, stay,
discharge, follow-up, complaint; the timeline and the worklist. Each change writes its audit
entry, each read its read-log entry. Synthetic people only."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.conftest import api_as
from tests.db.factories import cpr_for
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.citizens.models import Client
from vendepunkt.courses.models import Decision, PlanVersion

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def iso(days_ago: int) -> str:
    return (today() - dt.timedelta(days=days_ago)).isoformat()


def created(response, status=201):
    assert response.status_code == status, response.content
    return response.json()


def test_a_whole_course_through_the_api(her):
    caseworker = api_as(her.visitation_caseworker)
    leader = api_as(her.centre_leader)
    treater = api_as(her.treater)

    cpr = cpr_for(dt.date(1985, 3, 4), seed=11)
    client = created(caseworker.post("/api/clients", {"cpr": cpr, "name": "Fiktiv Apiborger"}))
    assert client["name"] == "Fiktiv Apiborger" and "cpr" not in client
    assert cpr.replace("-", "") not in str(client)
    assert AuditEntry.objects.filter(
        action="client.registered", target_id=str(client["id"])
    ).exists()

    at = (timezone.now() - dt.timedelta(days=20)).isoformat()
    contact = created(
        caseworker.post(
            f"/api/clients/{client['id']}/contacts",
            {
                "at": at,
                "channel": "phone",
                "made_by": "self",
                "legal_track": "SEL-101",
                "substances": ["drugs"],
                "wish_for_treatment": True,
            },
        )
    )
    course_id = contact["contact_course_id"]

    reads = ReadLogEntry.objects.filter(client_id=client["id"], actor=her.visitation_caseworker)
    before = reads.count()
    course = caseworker.get(f"/api/courses/{course_id}").json()
    assert course["request_on"] == iso(20)
    kinds = {d["kind"] for d in course["deadlines"]}
    assert "treatment_guarantee" in kinds
    assert reads.count() == before + 1

    assessment = created(
        caseworker.post(
            f"/api/courses/{course_id}/assessments",
            {"phase": "intake", "assessed_on": iso(15), "text": "Helhedsvurdering."},
        )
    )
    assert assessment["version"] == 1

    application = created(
        caseworker.post(
            f"/api/courses/{course_id}/applications",
            {"service_id": "primaer-doegn", "applied_on": iso(14)},
        )
    )
    decision = created(
        leader.post(
            f"/api/applications/{application['id']}/decision",
            {
                "outcome": "grant",
                "legal_basis": "SEL-101",
                "reasons": "I målgruppen.",
                "decided_on": iso(13),
            },
        )
    )
    assert decision["outcome"] == "grant" and decision["complaint_guidance"]
    letter = leader.get(decision["letter_url"])
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")
    assert ReadLogEntry.objects.filter(
        record_type="decision_letter", record_id=str(decision["id"])
    ).exists()
    sent = leader.post(
        f"/api/decisions/{decision['id']}/sent", {"sent_on": iso(12), "sent_by": "post"}
    )
    assert sent.status_code == 200 and sent.json()["sent_on"] == iso(12)
    # By ordinary post: deemed received 6 working days later (issue 12 § 2).
    assert sent.json()["sent_by"] == "post" and sent.json()["deemed_received_on"] > iso(12)

    treatment = created(
        caseworker.post(
            f"/api/courses/{course_id}/treatment",
            {
                "team_id": her.team.pk,
                "start_on": iso(10),
                "treater_id": her.treater.pk,
                "decision_id": decision["id"],
            },
        )
    )
    tid = treatment["id"]
    assert treater.get(f"/api/treatments/{tid}").json()["primary_treater_id"] == her.treater.pk

    plan = treater.put(
        f"/api/treatments/{tid}/plan",
        {
            "substance_goal": "reduce",
            "goals": [{"text": "Færre dage med stof", "horizon": "short"}],
            "made_on": iso(9),
        },
        HTTP_IF_MATCH=f'"plan-{tid}-v0"',
    )
    assert plan.status_code == 200, plan.content
    assert plan["ETag"] == f'"plan-{tid}-v1"'
    got = treater.get(f"/api/treatments/{tid}/plan")
    assert got.json()["version"] == 1 and got["ETag"] == f'"plan-{tid}-v1"'

    appointment = created(
        treater.post(
            f"/api/treatments/{tid}/appointments",
            {"at": (timezone.now() - dt.timedelta(days=8)).isoformat(), "kind": "individual"},
        )
    )
    attended = treater.post(
        f"/api/appointments/{appointment['id']}/attendance", {"status": "attended"}
    )
    assert attended.status_code == 200 and attended.json()["status"] == "attended"
    listed = treater.get(f"/api/treatments/{tid}/appointments").json()
    assert listed["count"] == 1 and listed["items"][0]["status"] == "attended"

    provider = created(
        leader.post(
            "/api/providers",
            {
                "name": "Fiktiv Døgn ApS",
                "cvr": "12345678",
                "approved_for": ["SEL-101"],
                "settings_offered": ["residential"],
                "public": False,
                "on_tilbudsportalen": True,
            },
        )
    )
    stay = created(
        treater.post(
            f"/api/treatments/{tid}/stays",
            {
                "provider_id": provider["id"],
                "start_on": iso(7),
                "end_on": iso(3),
                # Herning: the economic counselling talk, then the assessment before the stay
                "self_payment": {
                    "economic_counselling_on": iso(9),
                    "assessed_on": iso(8),
                    "board": "1500",
                },
            },
        )
    )
    created(
        treater.post(
            f"/api/stays/{stay['id']}/status-meetings",
            {"kind": "before", "held_on": iso(7), "written_report": True},
        )
    )
    assert treater.get(f"/api/treatments/{tid}/stays").json()["count"] == 1

    created(
        treater.post(f"/api/treatments/{tid}/plan/reviews", {"on": iso(3), "note": "Gennemgået"})
    )
    created(
        treater.post(
            f"/api/treatments/{tid}/discharge",
            {"on": iso(2), "status": "completed", "outcome": "reduced"},
        )
    )
    follow_up = created(
        treater.post(
            f"/api/treatments/{tid}/follow-ups",
            {"subject": "follow_up:1m", "on": iso(1), "reached": True, "result": "Stabil"},
        )
    )
    assert follow_up["reached"] is True

    complaint = created(
        caseworker.post(
            f"/api/clients/{client['id']}/complaints",
            {
                "kind": "social_decision",
                "received_on": iso(1),
                "form": "written",
                "text": "Borgeren klager over afgørelsen.",
                "decision_id": decision["id"],
            },
        )
    )
    assert complaint["decision_id"] == decision["id"]
    assert caseworker.get(f"/api/complaints/{complaint['id']}").status_code == 200
    assert caseworker.get("/api/complaints").json()["count"] == 1

    logged = ReadLogEntry.objects.filter(record_type="contact_course", purpose="api").count()
    timeline = caseworker.get(f"/api/clients/{client['id']}/timeline?page_size=100").json()
    assert ReadLogEntry.objects.filter(record_type="contact_course", purpose="api").count() == (
        logged + 1
    )
    kinds = [e["kind"] for e in timeline["items"]]
    for kind in (
        "contact",
        "assessment",
        "application",
        "decision",
        "treatment_start",
        "plan",
        "appointment",
        "stay",
        "discharge",
        "follow_up",
        "complaint",
        "deadline",
    ):
        assert kind in kinds, kind
    deadline = next(e for e in timeline["items"] if e["kind"] == "deadline")
    assert deadline["deadline"]["reason_da"] and deadline["deadline"]["reason_en"]

    # Every change wrote its audit entry.
    for action in (
        "contact.recorded",
        "assessment.recorded",
        "application.made",
        "decision.made",
        "decision.sent",
        "treatment.started",
        "plan.saved",
        "appointment.recorded",
        "appointment.attendance",
        "provider.registered",
        "stay.recorded",
        "stay.status_meeting",
        "plan.reviewed",
        "treatment.discharged",
        "follow_up.recorded",
        "complaint.registered",
    ):
        assert AuditEntry.objects.filter(action=action).exists(), action
    assert Decision.objects.count() == 1 and PlanVersion.objects.count() == 1


def test_the_worklist_lists_open_deadlines_and_logs_each_client(her):
    caseworker = api_as(her.visitation_caseworker)
    client = created(
        caseworker.post(
            "/api/clients", {"cpr": cpr_for(dt.date(1990, 1, 1), seed=3), "name": "Fiktiv Liste"}
        )
    )
    created(
        caseworker.post(
            f"/api/clients/{client['id']}/contacts",
            {
                "at": (timezone.now() - dt.timedelta(days=40)).isoformat(),
                "channel": "phone",
                "made_by": "self",
                "legal_track": "SEL-101",
                "substances": ["drugs"],
                "wish_for_treatment": True,
            },
        )
    )
    response = caseworker.get("/api/worklist?scope=all")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] >= 1
    row = body["items"][0]
    assert row["client_id"] == client["id"] and row["status"] in ("open", "breached")
    assert ReadLogEntry.objects.filter(
        client_id=client["id"], record_type="worklist", actor=her.visitation_caseworker
    ).exists()
    bad = caseworker.get("/api/worklist?scope=everything")
    assert bad.status_code == 422 and bad.json()["field"] == "scope"
    assert api_as(her.treater).get("/api/worklist?scope=all").status_code == 403
    # issue 13 § 5: filters, and the role's default scope when none is given
    only = caseworker.get("/api/worklist?kind=treatment_guarantee&status=breached").json()
    assert only["count"] >= 1
    assert {r["deadline"]["kind"] for r in only["items"]} == {"treatment_guarantee"}
    plans = caseworker.get("/api/worklist?kind=plan_review").json()
    assert plans["count"] == 0  # the treaters' work is not the caseworker's
    for query, field in (
        ("status=late", "status"),
        ("order=name", "order"),
        ("due_from=2026-12-10&due_to=2026-12-01", "due_to"),
    ):
        refused = caseworker.get(f"/api/worklist?{query}")
        assert refused.status_code == 422 and refused.json()["field"] == field, query
    assert caseworker.get("/api/worklist?due_from=9999-12-31").json()["count"] == 0
    load = api_as(her.centre_leader).get("/api/caseload")
    assert load.status_code == 200 and isinstance(load.json(), list)
    assert caseworker.get("/api/caseload").status_code == 403


def test_search_by_cpr_is_a_post_and_is_logged(her):
    caseworker = api_as(her.visitation_caseworker)
    cpr = cpr_for(dt.date(1970, 5, 6), seed=4)
    client = created(caseworker.post("/api/clients", {"cpr": cpr, "name": "Fiktiv Søgt"}))
    found = caseworker.post("/api/clients/search", {"cpr": cpr}).json()
    assert [c["id"] for c in found["items"]] == [client["id"]]
    assert ReadLogEntry.objects.filter(record_type="client_search", client_id=client["id"]).exists()
    by_name = caseworker.post("/api/clients/search", {"name": "søgt"}).json()
    assert by_name["count"] == 1
    both = caseworker.post("/api/clients/search", {"cpr": cpr, "name": "x"})
    assert both.status_code == 422


def test_anonymous_client_and_standard(her):
    caseworker = api_as(her.visitation_caseworker)
    anon = created(caseworker.post("/api/clients/anonymous", {"birth_year": 1990}))
    assert anon["anonymous"] and anon["code"].startswith("A-")
    assert Client.objects.get(pk=anon["id"]).cpr_encrypted == ""
    standard = caseworker.get("/api/standard").json()
    assert standard["id"] == "herning" and standard["services"]
    assert caseworker.get("/api/standard/findings").status_code == 403
    findings = api_as(her.centre_leader).get("/api/standard/findings").json()
    assert findings["count"] == len(findings["items"]) or findings["pages"] > 1
    assert {"rule", "severity", "message_da", "message_en"} <= set(findings["items"][0])
