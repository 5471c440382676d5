"""FHIR R4B export per citizen and per period: structurally valid bundles (every resource is
an R4B model, the JSON parses back into a Bundle), references that resolve inside the bundle,
pseudonymous patients for anonymous clients, permission and the read log."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from tests.registers.conftest import last_month, make_course, today
from vendepunkt.accounts.access import AccessDenied, NotFound
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.courses import services as courses
from vendepunkt.registers import fhir

pytestmark = pytest.mark.django_db

# Value sets of the R4B elements used (fhir.resources checks types and cardinality, not codes).
STATUS = {
    "EpisodeOfCare": {"planned", "waitlist", "active", "onhold", "finished", "cancelled"},
    "Encounter": {
        "planned",
        "arrived",
        "triaged",
        "in-progress",
        "finished",
        "cancelled",
        "unknown",
    },
    "CarePlan": {"draft", "active", "on-hold", "revoked", "completed", "unknown"},
    "QuestionnaireResponse": {"in-progress", "completed", "amended", "stopped"},
}


def full_course(town):
    """A course with an assessment, a plan and two appointments, then discharged (nothing can be
    recorded in a treatment course after its discharge)."""
    course = make_course(town)
    _, first = last_month()
    courses.record_assessment(
        town.visitation_caseworker,
        course,
        phase="intake",
        assessed_on=first + dt.timedelta(days=2),
        text="Udredning (syntetisk).",
        answers={"M6": 30, "M7": 4, "M8": 4},
        today=today(),
    )
    treatment = course.treatment
    courses.save_plan(
        town.visitation_caseworker,
        treatment,
        substance_goal="stop",
        goals=[{"text": "Stabil hverdag", "horizon": "long"}],
        methods="Samtaler",
        responsible=[{"actor": "Behandler", "task": "Samtaler"}],
        made_on=first + dt.timedelta(days=5),
        signed_on=first + dt.timedelta(days=5),
        agreed_until=first + dt.timedelta(days=95),
        today=today(),
    )
    for week, status in enumerate(("attended", "no_show")):
        courses.record_appointment(
            town.visitation_caseworker,
            treatment,
            at=dt.datetime.combine(
                first + dt.timedelta(days=7 + 7 * week), dt.time(10), tzinfo=dt.UTC
            ),
            kind="individual",
            status=status,
            today=today(),
        )
    courses.discharge(
        town.visitation_caseworker,
        treatment,
        on=first + dt.timedelta(days=24),
        status="completed",
        outcome="abstinent",
        today=today(),
    )
    course.refresh_from_db()
    return course


def check_structure(bundle: Bundle) -> dict[str, list[dict]]:
    """Parse the JSON back into an R4B Bundle and check references and statuses."""
    data = json.loads(bundle.model_dump_json())
    again = Bundle.model_validate(data)
    assert again.type == "collection"
    urls = {e["fullUrl"] for e in data["entry"]}
    assert len(urls) == len(data["entry"])
    by_type: dict[str, list[dict]] = {}
    for entry in data["entry"]:
        resource = entry["resource"]
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
        by_type.setdefault(resource["resourceType"], []).append(resource)
        if resource["resourceType"] in STATUS:
            assert resource["status"] in STATUS[resource["resourceType"]]
    refs = []

    def walk(node):
        if isinstance(node, dict):
            if set(node) >= {"reference"}:
                refs.append(node["reference"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    assert refs and all(ref in urls for ref in refs)
    return by_type


def test_citizen_bundle_has_every_resource_and_is_valid(her):
    course = full_course(her)
    bundle = fhir.citizen_bundle(her.centre_leader, course.client, today=today())
    by_type = check_structure(bundle)
    assert {k: len(v) for k, v in by_type.items()} == {
        "Patient": 1,
        "EpisodeOfCare": 1,
        "QuestionnaireResponse": 1,
        "CarePlan": 1,
        "Goal": 2,
        "Encounter": 2,
    }
    [patient] = by_type["Patient"]
    assert patient["identifier"] == [{"system": fhir.CPR_SYSTEM, "value": course.client.cpr}]
    assert patient["gender"] == "male"
    assert by_type["EpisodeOfCare"][0]["status"] == "finished"
    assert by_type["CarePlan"][0]["status"] == "completed"
    assert sorted(e["status"] for e in by_type["Encounter"]) == ["cancelled", "finished"]
    answers = {i["linkId"]: i["answer"][0] for i in by_type["QuestionnaireResponse"][0]["item"]}
    assert answers["asi.M6"] == {"valueInteger": 30}
    assert answers["composite.medical"]["valueDecimal"] == pytest.approx(1.0)
    log = ReadLogEntry.objects.get(record_type="fhir_export")
    assert log.client_id == course.client_id and log.actor == her.centre_leader
    assert AuditEntry.objects.filter(action="registers.fhir_exported").count() == 1


def test_anonymous_client_is_pseudonymous(her):
    course = make_course(her, track="SUL-141", substance="alcohol", anonymous=True)
    bundle = fhir.citizen_bundle(her.administrator, course.client, today=today())
    by_type = check_structure(bundle)
    [patient] = by_type["Patient"]
    assert "identifier" not in patient and "name" not in patient
    assert patient["birthDate"] == "1985" and patient["gender"] == "female"
    assert patient["meta"]["security"][0]["code"] == "PSEUDED"
    text = bundle.model_dump_json()
    assert course.client.code not in text


def test_period_bundle_and_ids_are_stable(her, had):
    full = full_course(her)
    waiting = make_course(her, request_day=9, start_day=None)
    make_course(had)  # another municipality
    period, _ = last_month()
    bundle = fhir.period_bundle(her.centre_leader, period, today=today())
    by_type = check_structure(bundle)
    assert len(by_type["Patient"]) == 2 and len(by_type["EpisodeOfCare"]) == 2
    statuses = {e["status"] for e in by_type["EpisodeOfCare"]}
    assert statuses == {"finished", "waitlist"}
    logged = set(
        ReadLogEntry.objects.filter(record_type="fhir_export").values_list("client_id", flat=True)
    )
    assert logged == {full.client_id, waiting.client_id}
    again = fhir.period_bundle(her.centre_leader, period, today=today())
    assert [e.fullUrl for e in again.entry] == [e.fullUrl for e in bundle.entry]


@pytest.mark.parametrize(
    "role", ("treater", "visitation_caseworker", "doctor", "secretary", "auditor")
)
def test_other_roles_are_refused(her, role):
    course = make_course(her)
    with pytest.raises(AccessDenied):
        fhir.citizen_bundle(her.users[role], course.client, today=today())
    with pytest.raises(AccessDenied):
        fhir.period_bundle(her.users[role], last_month()[0], today=today())
    assert not ReadLogEntry.objects.filter(record_type="fhir_export").exists()


def test_another_municipalitys_citizen_is_not_found(her, had):
    course = make_course(her)
    with pytest.raises(NotFound):
        fhir.citizen_bundle(had.centre_leader, course.client, today=today())
