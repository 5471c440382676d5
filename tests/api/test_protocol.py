"""The API's protocol: tokens (hashed, shown once, expiring, revocable, audited), session
authentication with two factors, problem+json errors with the field at fault, pagination,
Idempotency-Key, ETags and 409 on stale writes, rate limits per token."""

import datetime as dt
import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client as DjangoClient
from django.utils import timezone

from tests.api.conftest import ApiClient, api_as
from tests.db.factories import Town, cpr_for, grant_for
from tests.web.conftest import signed_in
from vendepunkt.api import tokens
from vendepunkt.api.models import ApiToken
from vendepunkt.audit.models import AuditEntry
from vendepunkt.citizens import services as citizens
from vendepunkt.citizens.models import Client
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Assessment, Contact, PlanVersion

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def today():
    return timezone.localdate()


def citizen(town, seed=1):
    return citizens.register_citizen(
        town.visitation_caseworker,
        town.municipality,
        cpr=cpr_for(dt.date(1980, 1, 2), seed=seed),
        name=f"Fiktiv Person {seed}",
        today=today(),
    )


def in_treatment(town, seed=1):
    client = citizen(town, seed)
    contact = courses.record_contact(
        town.visitation_caseworker,
        client,
        at=timezone.now() - dt.timedelta(days=30),
        channel="phone",
        made_by="self",
        legal_track="SEL-101",
        substances=["cannabis"],
        wish_for_treatment=True,
        today=today(),
    )
    grant_for(town, contact.contact_course, on=today() - dt.timedelta(days=20), today=today())
    return courses.start_treatment(
        town.visitation_caseworker,
        contact.contact_course,
        team=town.team,
        start_on=today() - dt.timedelta(days=20),
        treater=town.treater,
        today=today(),
    )


CONTACT = {
    "channel": "phone",
    "made_by": "self",
    "legal_track": "SEL-101",
    "substances": ["alcohol"],
    "wish_for_treatment": True,
}


def contact_body(days_ago=1):
    return {**CONTACT, "at": (timezone.now() - dt.timedelta(days=days_ago)).isoformat()}


def is_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["detail_da"] and body["detail_en"]
    return body


# --- authentication and tokens --------------------------------------------------------------


def test_without_credentials_every_operation_is_401_problem(her):
    body = is_problem(DjangoClient().get("/api/me"), 401)
    assert body["code"] == "unauthenticated"
    assert ApiClient("vp_not-a-real-token").get("/api/me").status_code == 401
    assert ApiClient("something-else").get("/api/me").status_code == 401


def test_a_token_is_stored_hashed_and_acts_as_its_user(her):
    token, raw = tokens.create_token(None, her.treater, name="journal", days=10)
    assert raw.startswith("vp_") and len(raw) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest != raw and raw not in stored.digest and len(stored.digest) == 64
    me = ApiClient(raw).get("/api/me").json()
    assert me["id"] == her.treater.pk and me["role"] == "treater"
    assert me["municipality_id"] == her.municipality.pk and me["token_id"] == token.pk
    entry = AuditEntry.objects.get(action="api_token.created", target_id=str(token.pk))
    assert entry.system_actor == "system:api_token" and raw not in json.dumps(entry.after)


def test_expired_and_revoked_tokens_are_refused(her):
    token, raw = tokens.create_token(None, her.treater, name="x", days=1)
    client = ApiClient(raw)
    assert client.get("/api/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/me").status_code == 401

    token2, raw2 = tokens.create_token(None, her.treater, name="y", days=1)
    client2 = ApiClient(raw2)
    response = client2.delete(f"/api/tokens/{token2.pk}")
    assert response.status_code == 200 and response.json()["revoked_at"]
    assert client2.get("/api/me").status_code == 401
    assert AuditEntry.objects.filter(
        action="api_token.revoked", target_id=str(token2.pk), actor=her.treater
    ).exists()


def test_a_user_cannot_revoke_or_see_another_users_token(her):
    other, _ = tokens.create_token(None, her.nurse, name="n", days=5)
    client = api_as(her.treater)
    is_problem(client.delete(f"/api/tokens/{other.pk}"), 404)
    listed = client.get("/api/tokens").json()
    assert other.pk not in [t["id"] for t in listed["items"]]
    assert all("token" not in t and "digest" not in t for t in listed["items"])


def test_token_limits_and_users_without_role(her):
    with pytest.raises(Exception, match="366"):
        tokens.create_token(None, her.treater, name="x", days=400)
    her.treater.role = ""
    her.treater.save()
    with pytest.raises(Exception, match="role"):
        tokens.create_token(None, her.treater, name="x", days=5)


def test_the_management_command_creates_lists_and_revokes(her):
    out = io.StringIO()
    call_command("api_token", "create", "--user", her.nurse.username, "--days", "7", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    assert raw.startswith("vp_")
    assert ApiClient(raw).get("/api/me").json()["role"] == "nurse"
    token = ApiToken.objects.get(user=her.nurse)
    listing = io.StringIO()
    call_command("api_token", "list", "--user", her.nurse.username, stdout=listing)
    assert token.prefix in listing.getvalue() and raw not in listing.getvalue()
    call_command("api_token", "revoke", str(token.pk), stdout=io.StringIO())
    assert ApiClient(raw).get("/api/me").status_code == 401


def test_the_two_factor_session_works_and_makes_tokens_a_token_cannot(her):
    web = signed_in(her.treater)
    assert web.get("/api/me").json()["token_id"] is None
    created = web.post(
        "/api/tokens", {"name": "min integration", "days": 30}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    raw = created.json()["token"]
    assert ApiClient(raw).get("/api/me").status_code == 200
    assert ApiClient(raw).get("/api/tokens").json()["items"][0]["prefix"] == raw[:9]
    refused = ApiClient(raw).post("/api/tokens", {"name": "more", "days": 5})
    is_problem(refused, 403)

    half = DjangoClient()
    half.force_login(her.nurse)  # password only, no second factor
    assert half.get("/api/me").status_code == 401


def test_session_writes_need_the_csrf_token(her):
    web = signed_in(her.treater)
    web.handler.enforce_csrf_checks = True
    response = web.post("/api/tokens", {"name": "x"}, content_type="application/json")
    assert is_problem(response, 403)["code"] == "csrf"
    assert not ApiToken.objects.exists()


# --- errors, tenancy, roles -------------------------------------------------------------------


def test_another_municipalitys_records_are_not_found(her, had):
    client = citizen(had)
    mine = api_as(her.visitation_caseworker)
    body = is_problem(mine.get(f"/api/clients/{client.pk}"), 404)
    assert body["code"] == "not_found"
    is_problem(mine.post(f"/api/clients/{client.pk}/contacts", contact_body()), 404)
    treatment = in_treatment(had, seed=2)
    is_problem(mine.get(f"/api/treatments/{treatment.pk}/plan"), 404)
    is_problem(mine.get(f"/api/courses/{treatment.contact_course_id}"), 404)
    assert not Contact.objects.filter(recorded_by=her.visitation_caseworker).exists()


def test_a_missing_permission_is_403_and_writes_nothing(her):
    treatment = in_treatment(her)
    secretary = api_as(her.secretary)
    body = is_problem(
        secretary.post(
            f"/api/courses/{treatment.contact_course_id}/assessments",
            {"phase": "intake", "assessed_on": today().isoformat(), "text": "x"},
        ),
        403,
    )
    assert body["code"] == "forbidden"
    assert not Assessment.objects.exists()
    is_problem(api_as(her.auditor).get("/api/worklist"), 403)


def test_a_service_refusal_is_422_with_the_field_in_danish_and_english(her):
    client = citizen(her)
    response = api_as(her.visitation_caseworker).post(
        f"/api/clients/{client.pk}/contacts", {**contact_body(), "legal_track": "SEL-999"}
    )
    body = is_problem(response, 422)
    assert body["field"] == "legal_track"
    assert "lovgrundlag" in body["detail_da"] and "legal track" in body["detail_en"]
    assert body["detail"] == body["detail_da"]
    english = api_as(her.visitation_caseworker).post(
        f"/api/clients/{client.pk}/contacts",
        {**contact_body(), "legal_track": "SEL-999"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.json()["detail"] == english.json()["detail_en"]


def test_a_malformed_body_is_422_with_the_field(her):
    client = citizen(her)
    response = api_as(her.visitation_caseworker).post(
        f"/api/clients/{client.pk}/contacts", {**contact_body(), "at": "not a date"}
    )
    body = is_problem(response, 422)
    assert body["field"] == "at" and body["code"] == "validation"


def test_a_bad_cpr_number_is_refused_without_echoing_it(her):
    response = api_as(her.visitation_caseworker).post(
        "/api/clients", {"cpr": "3213991234", "name": "Fiktiv"}
    )
    body = is_problem(response, 422)
    assert body["field"] == "cpr" and "3213991234" not in response.content.decode()


def test_a_duplicate_citizen_is_409(her):
    cpr = cpr_for(dt.date(1980, 1, 2), seed=9)
    api = api_as(her.visitation_caseworker)
    assert api.post("/api/clients", {"cpr": cpr, "name": "Fiktiv A"}).status_code == 201
    is_problem(api.post("/api/clients", {"cpr": cpr, "name": "Fiktiv A"}), 409)


# --- pagination ---------------------------------------------------------------------------------


def test_lists_are_paginated(her):
    api = api_as(her.centre_leader)
    for n in range(5):
        assert (
            api.post(
                "/api/providers",
                {
                    "name": f"Leverandør {n}",
                    "approved_for": ["SEL-101"],
                    "settings_offered": ["ambulant"],
                    "public": True,
                    "on_tilbudsportalen": True,
                },
            ).status_code
            == 201
        )
    page = api.get("/api/providers?page=2&page_size=2").json()
    assert page["count"] == 5 and page["pages"] == 3 and page["page"] == 2
    assert len(page["items"]) == 2
    assert api.get("/api/providers?page_size=1000").status_code == 422
    assert api.get("/api/providers?page=0").status_code == 422


# --- idempotency --------------------------------------------------------------------------------


def test_a_repeated_create_with_the_same_key_returns_the_first_result(her):
    client = citizen(her)
    api = api_as(her.visitation_caseworker)
    body = contact_body()
    first = api.post(f"/api/clients/{client.pk}/contacts", body, HTTP_IDEMPOTENCY_KEY="k-1")
    second = api.post(f"/api/clients/{client.pk}/contacts", body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Contact.objects.filter(contact_course__client=client).count() == 1
    assert AuditEntry.objects.filter(action="contact.recorded").count() == 1

    third = api.post(f"/api/clients/{client.pk}/contacts", body, HTTP_IDEMPOTENCY_KEY="k-2")
    assert third.status_code == 201 and third.json()["id"] != first.json()["id"]
    assert Contact.objects.filter(contact_course__client=client).count() == 2


def test_stored_responses_are_kept_24_hours_only(her):
    from vendepunkt.api.models import IdempotencyRecord

    client = citizen(her)
    api = api_as(her.visitation_caseworker)
    url = f"/api/clients/{client.pk}/contacts"
    body = contact_body()
    first = api.post(url, body, HTTP_IDEMPOTENCY_KEY="old")
    IdempotencyRecord.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    later = api.post(url, body, HTTP_IDEMPOTENCY_KEY="old")
    assert later.status_code == 201 and later.json()["id"] != first.json()["id"]
    assert not later.has_header("Idempotent-Replayed")
    assert IdempotencyRecord.objects.count() == 1


def test_the_same_key_with_another_request_is_refused(her):
    client = citizen(her)
    api = api_as(her.visitation_caseworker)
    api.post(f"/api/clients/{client.pk}/contacts", contact_body(1), HTTP_IDEMPOTENCY_KEY="k")
    other = api.post(
        f"/api/clients/{client.pk}/contacts", contact_body(2), HTTP_IDEMPOTENCY_KEY="k"
    )
    assert is_problem(other, 422)["code"] == "idempotency_key_reused"
    assert Contact.objects.count() == 1


def test_a_refused_create_keeps_the_key_free_and_keys_are_per_user(her):
    client = citizen(her)
    api = api_as(her.visitation_caseworker)
    bad = api.post(
        f"/api/clients/{client.pk}/contacts",
        {**contact_body(), "legal_track": "nope"},
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert bad.status_code == 422
    good = api.post(f"/api/clients/{client.pk}/contacts", contact_body(), HTTP_IDEMPOTENCY_KEY="k")
    assert good.status_code == 201
    # Another user's same key is another key.
    anon = api_as(her.treater).post(
        "/api/clients/anonymous", {"birth_year": 1990}, HTTP_IDEMPOTENCY_KEY="k"
    )
    assert anon.status_code == 201 and Client.objects.filter(anonymous=True).count() == 1


# --- optimistic concurrency ---------------------------------------------------------------------

PLAN = {
    "substance_goal": "reduce",
    "goals": [{"text": "Færre genstande", "horizon": "short"}],
    "methods": "Samtaler",
}


def test_a_stale_plan_update_is_409_and_overwrites_nothing(her):
    treatment = in_treatment(her)
    a = api_as(her.treater)
    b = api_as(her.visitation_caseworker)
    url = f"/api/treatments/{treatment.pk}/plan"
    body = {**PLAN, "made_on": today().isoformat()}
    is_problem(a.put(url, body), 428)
    first = a.put(url, body, HTTP_IF_MATCH=f'"plan-{treatment.pk}-v0"')
    assert first.status_code == 200 and first.json()["version"] == 1
    etag = a.get(url)["ETag"]
    # b read version 1, a saves version 2, b's save with version 1's ETag is refused.
    assert b.get(url)["ETag"] == etag
    assert a.put(url, {**body, "methods": "A"}, HTTP_IF_MATCH=etag).status_code == 200
    stale = b.put(url, {**body, "methods": "B"}, HTTP_IF_MATCH=etag)
    assert is_problem(stale, 409)["code"] in ("conflict", "stale")
    assert list(PlanVersion.objects.order_by("version").values_list("methods", flat=True)) == [
        "Samtaler",
        "A",
    ]
    is_problem(a.put(url, body, HTTP_IF_MATCH='"something-else"'), 409)


def test_a_stale_assessment_is_409(her):
    treatment = in_treatment(her)
    api = api_as(her.visitation_caseworker)
    url = f"/api/courses/{treatment.contact_course_id}/assessments"
    etag = api.get(url)["ETag"]
    body = {"phase": "intake", "assessed_on": today().isoformat(), "text": "Vurdering"}
    assert api.post(url, body, HTTP_IF_MATCH=etag).status_code == 201
    is_problem(api.post(url, body, HTTP_IF_MATCH=etag), 409)
    assert Assessment.objects.count() == 1
    assert api.post(url, body, HTTP_IF_MATCH=api.get(url)["ETag"]).status_code == 201
    # A role that may not record assessments is refused before the ETag is compared.
    assert is_problem(api_as(her.secretary).post(url, body, HTTP_IF_MATCH=etag), 403)


def test_decisions_second_decision_and_stale_etag_are_409(her):
    treatment = in_treatment(her)
    course_id = treatment.contact_course_id
    caseworker = api_as(her.visitation_caseworker)
    leader = api_as(her.centre_leader)
    application = caseworker.post(
        f"/api/courses/{course_id}/applications",
        {"service_id": "primaer-doegn", "applied_on": today().isoformat()},
    ).json()
    decision_body = {
        "outcome": "refusal",
        "legal_basis": "SEL-101",
        "reasons": "Ikke i målgruppen.",
        "decided_on": today().isoformat(),
    }
    first = leader.post(f"/api/applications/{application['id']}/decision", decision_body)
    assert first.status_code == 201, first.content
    etag = first["ETag"]
    again = leader.post(f"/api/applications/{application['id']}/decision", decision_body)
    assert is_problem(again, 409)["code"] == "already_decided"
    url = f"/api/decisions/{first.json()['id']}"
    assert leader.get(url)["ETag"] == etag
    sent = leader.post(f"{url}/sent", {"sent_on": today().isoformat()}, HTTP_IF_MATCH=etag)
    assert sent.status_code == 200 and sent["ETag"] != etag
    is_problem(
        leader.post(f"{url}/sent", {"sent_on": today().isoformat()}, HTTP_IF_MATCH=etag), 409
    )


def test_stale_writes_keep_their_problem_bodies(her):
    """The version check moved into the services (D44a); the API's 409 bodies are as before."""
    treatment = in_treatment(her)
    api = api_as(her.visitation_caseworker)
    url = f"/api/courses/{treatment.contact_course_id}/assessments"
    etag = api.get(url)["ETag"]
    body = {"phase": "intake", "assessed_on": today().isoformat(), "text": "Vurdering"}
    assert api.post(url, body, HTTP_IF_MATCH=etag).status_code == 201
    stale_record = {
        "type": "tag:vendepunkt,2026:problem:stale",
        "title": "Conflict",
        "status": 409,
        "detail_da": "Posten er ændret af en anden, siden du læste den. Læs den igen.",
        "detail_en": "The record was changed by someone else since you read it. Read it again.",
        "field": "If-Match",
        "code": "stale",
    }
    got = is_problem(api.post(url, body, HTTP_IF_MATCH=etag), 409)
    assert {k: got[k] for k in stale_record} == stale_record
    assert api.post(url, body, HTTP_IF_MATCH="*").status_code == 201
    plan_url = f"/api/treatments/{treatment.pk}/plan"
    plan = {**PLAN, "made_on": today().isoformat()}
    first = api_as(her.treater).put(plan_url, plan, HTTP_IF_MATCH=f'"plan-{treatment.pk}-v0"')
    assert first.status_code == 200
    api_as(her.treater).put(plan_url, plan, HTTP_IF_MATCH=first["ETag"])
    got = is_problem(api_as(her.treater).put(plan_url, plan, HTTP_IF_MATCH=first["ETag"]), 409)
    assert (got["code"], got["field"], got["detail_da"]) == (
        "conflict",
        None,
        "Planen er ændret af en anden i mellemtiden.",
    )


# --- rate limits --------------------------------------------------------------------------------


def test_requests_over_the_limit_get_429_per_token(her, settings):
    cache.clear()
    settings.VENDEPUNKT_API_RATE_LIMIT = 3
    settings.VENDEPUNKT_API_RATE_WINDOW = 60
    one = api_as(her.treater)
    two = api_as(her.treater)
    for _ in range(3):
        assert one.get("/api/me").status_code == 200
    refused = one.get("/api/me")
    body = is_problem(refused, 429)
    assert body["code"] == "rate_limited" and 1 <= int(refused["Retry-After"]) <= 60
    assert two.get("/api/me").status_code == 200
    cache.clear()


def test_a_replay_counts_against_the_rate_limit_and_needs_the_role(her, settings):
    cache.clear()
    settings.VENDEPUNKT_API_RATE_LIMIT = 2
    client = citizen(her)
    api = api_as(her.visitation_caseworker)
    url = f"/api/clients/{client.pk}/contacts"
    body = contact_body()
    assert api.post(url, body, HTTP_IDEMPOTENCY_KEY="r").status_code == 201
    assert api.post(url, body, HTTP_IDEMPOTENCY_KEY="r").status_code == 201  # replayed
    assert is_problem(api.post(url, body, HTTP_IDEMPOTENCY_KEY="r"), 429)["code"] == "rate_limited"
    cache.clear()
    her.visitation_caseworker.role = ""
    her.visitation_caseworker.save()
    assert is_problem(api.post(url, body, HTTP_IDEMPOTENCY_KEY="r"), 403)["code"] == "forbidden"
    cache.clear()


def test_another_town_is_a_fresh_world(db):
    # A user with a role but in a municipality with no data: lists are empty, not errors.
    town = Town("hjoerring")
    api = api_as(town.centre_leader)
    assert api.get("/api/providers").json() == {
        "items": [],
        "count": 0,
        "page": 1,
        "page_size": 50,
        "pages": 1,
    }


# --- what Schemathesis found: values the database cannot hold are 422, never 500 ---------------


def test_values_the_database_cannot_hold_are_422_not_500(her):
    api = api_as(her.visitation_caseworker)
    too_long = api.post("/api/clients/anonymous", {"sex": "web/start.html", "client_kind": "detox"})
    assert is_problem(too_long, 422)["field"] in ("sex", "client_kind")
    nul = api.post("/api/clients/anonymous", {"sex": "\x00"})
    assert nul.status_code == 422
    huge = 2**63
    assert is_problem(api.get(f"/api/clients/{huge}"), 422)["field"] == "client_id"
    assert api.get("/api/complaints?page=999999999999").status_code == 422
    client = citizen(her)
    bad_note = api.post(f"/api/clients/{client.pk}/contacts", {**contact_body(), "note": "a\x00b"})
    assert is_problem(bad_note, 422)["code"] == "validation"
    assert not Contact.objects.exists()


def test_a_token_of_a_user_who_lost_the_role_is_refused(her):
    api = api_as(her.nurse)
    assert api.get("/api/me").status_code == 200
    her.nurse.role = ""
    her.nurse.save()
    assert is_problem(api.get("/api/me"), 403)["code"] == "forbidden"
    her.nurse.is_active = False
    her.nurse.save()
    assert api.get("/api/me").status_code == 401
