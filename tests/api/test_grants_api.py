"""Issue 12 § 3 in the API: a time-limited grant gets its end date and is extended by its own
decision; the decision records the forum. Synthetic people only."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.conftest import api_as
from tests.db.factories import Town, cpr_for
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses

pytestmark = pytest.mark.django_db


def test_a_time_limited_grant_is_extended_by_its_own_decision_hjoerring_modul_1():
    hjo = Town("hjoerring")
    today = timezone.localdate()
    client = citizens.register_citizen(
        hjo.treater,
        hjo.municipality,
        cpr=cpr_for(dt.date(1988, 2, 2)),
        name="Fiktiv Api",
        today=today,
    )
    course = courses.record_contact(
        hjo.treater,
        client,
        at=timezone.now() - dt.timedelta(days=5),
        channel="phone",
        made_by="self",
        legal_track="SEL-101",
        substances=["cannabis"],
        main_substance="cannabis",
        wish_for_treatment=True,
        today=today,
    ).contact_course
    api = api_as(hjo.visitation_caseworker)
    application = api.post(
        f"/api/courses/{course.pk}/applications",
        {"service_id": "modul-1", "applied_on": today.isoformat()},
    ).json()
    decided = api.post(
        f"/api/applications/{application['id']}/decision",
        {
            "outcome": "grant",
            "legal_basis": "SEL-101",
            "reasons": "I målgruppen.",
            "decided_on": today.isoformat(),
            "valid_from": today.isoformat(),
        },
    )
    assert decided.status_code == 201, decided.content
    body = decided.json()
    assert body["valid_until"] == (today + dt.timedelta(days=20)).isoformat()
    assert body["forum_id"] == "raadgiversamtale"
    until = today + dt.timedelta(days=34)
    extended = api.post(
        f"/api/decisions/{body['id']}/extension",
        {
            "valid_until": until.isoformat(),
            "reasons": "To uger mere.",
            "decided_on": today.isoformat(),
        },
    )
    assert extended.status_code == 201, extended.content
    ext = extended.json()
    assert ext["extends_id"] == body["id"] and ext["valid_until"] == until.isoformat()
    assert ext["valid_from"] == (today + dt.timedelta(days=21)).isoformat()
    assert ext["letter_url"].endswith(f"/decisions/{ext['id']}/letter.pdf")
    again = api.post(
        f"/api/decisions/{body['id']}/extension",
        {"valid_until": until.isoformat(), "reasons": "Igen.", "decided_on": today.isoformat()},
    )
    assert again.status_code in (400, 409, 422)
