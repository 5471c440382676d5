"""On PostgreSQL, two connections at once: two edits of the same plan (one wins, the other gets
409 and overwrites nothing), and two creates with the same Idempotency-Key (one record). A
slowed service keeps the first request's transaction open while the second arrives."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from tests.api.conftest import api_as
from tests.db.factories import Town, cpr_for, grant_for
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import deadlines
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Contact, PlanVersion

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="two real connections need PostgreSQL"
    ),
]


def today():
    return timezone.localdate()


def at_once(*calls):
    """Run the calls in threads (each its own database connection), started together."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        from django.db import connection as conn

        try:
            barrier.wait()
            results[i] = call()
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.fixture
def slow_refresh(monkeypatch):
    """Hold each writing transaction open a little, so the two requests overlap."""
    real = deadlines.refresh

    def slow(course, day):
        time.sleep(0.4)
        return real(course, day)

    monkeypatch.setattr(deadlines, "refresh", slow)


def setup_treatment():
    town = Town("herning")
    client = citizens.register_citizen(
        town.visitation_caseworker,
        town.municipality,
        cpr=cpr_for(dt.date(1980, 1, 2), seed=5),
        name="Fiktiv Samtidig",
        today=today(),
    )
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
    treatment = courses.start_treatment(
        town.visitation_caseworker,
        contact.contact_course,
        team=town.team,
        start_on=today() - dt.timedelta(days=20),
        treater=town.treater,
        today=today(),
    )
    return town, client, treatment


def test_two_connections_editing_one_plan_one_wins_the_other_gets_409(slow_refresh):
    town, _, treatment = setup_treatment()
    a, b = api_as(town.treater), api_as(town.visitation_caseworker)
    url = f"/api/treatments/{treatment.pk}/plan"
    body = {"substance_goal": "reduce", "goals": [{"text": "Mål", "horizon": "short"}]}
    first = a.put(
        url, {**body, "made_on": today().isoformat()}, HTTP_IF_MATCH=f'"plan-{treatment.pk}-v0"'
    )
    assert first.status_code == 200
    etag = first["ETag"]
    results = at_once(
        lambda: a.put(
            url, {**body, "methods": "A", "made_on": today().isoformat()}, HTTP_IF_MATCH=etag
        ),
        lambda: b.put(
            url, {**body, "methods": "B", "made_on": today().isoformat()}, HTTP_IF_MATCH=etag
        ),
    )
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200, 409], [r.content for r in results]
    loser = next(r for r in results if r.status_code == 409)
    assert loser["Content-Type"] == "application/problem+json"
    winner = next(r for r in results if r.status_code == 200).json()["methods"]
    assert list(
        PlanVersion.objects.filter(treatment=treatment)
        .order_by("version")
        .values_list("methods", flat=True)
    ) == ["", winner]


def test_two_connections_with_one_idempotency_key_make_one_record(slow_refresh):
    town, client, _ = setup_treatment()
    api = api_as(town.visitation_caseworker)
    body = {
        "at": (timezone.now() - dt.timedelta(days=1)).isoformat(),
        "channel": "phone",
        "made_by": "self",
        "legal_track": "SEL-101",
        "substances": ["alcohol"],
    }
    before = Contact.objects.count()
    url = f"/api/clients/{client.pk}/contacts"
    results = at_once(
        lambda: api.post(url, body, HTTP_IDEMPOTENCY_KEY="same"),
        lambda: api.post(url, body, HTTP_IDEMPOTENCY_KEY="same"),
    )
    assert [r.status_code for r in results] == [201, 201], [r.content for r in results]
    assert results[0].json() == results[1].json()
    assert Contact.objects.count() == before + 1
