"""Money, stays and free choice through the API (issue 12 § 4): the stay's kind, service,
self-payment and transport; the provider's refusal and the limitation of free choice."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.conftest import api_as
from tests.api.test_protocol import in_treatment
from tests.db.factories import grant_for
from vendepunkt.courses.models import ResidentialStay
from vendepunkt.providers import services as providers
from vendepunkt.providers.models import FreeChoiceRecord

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def residential(town):
    return providers.register_provider(
        town.centre_leader,
        town.municipality,
        name="Døgn ApS",
        cvr="",
        approved_for=["SEL-101"],
        settings_offered=["residential"],
        public=False,
        on_tilbudsportalen=True,
    )


def test_R35_stay_self_payment_computed_and_refused_in_danish_and_english(her):
    """HER 12: the assessment before the stay, the economic counselling talk first, and no
    lodging for a citizen who keeps their own home."""
    treatment = in_treatment(her)
    # the stay needs a decision granting Herning's residential service (issue 12 § 3)
    grant_for(her, treatment.contact_course, on=today(), service_id="primaer-doegn")
    cw = api_as(her.visitation_caseworker)
    url = f"/api/treatments/{treatment.pk}/stays"
    start = today() + dt.timedelta(days=10)
    body = {
        "provider_id": residential(her).pk,
        "start_on": start.isoformat(),
        "end_on": (start + dt.timedelta(days=60)).isoformat(),
    }
    missing = cw.post(url, body)
    assert missing.status_code == 422, missing.content
    problem = missing.json()
    assert "egenbetalingsberegning" in problem["detail_da"]
    assert "self-payment assessment" in problem["detail_en"]
    assert not ResidentialStay.objects.exists()
    payment = {
        "assessed_on": today().isoformat(),
        "economic_counselling_on": today().isoformat(),
        "board": "2500",
        "lodging": "3000",
        "keeps_own_home": True,
    }
    created = cw.post(url, {**body, "self_payment": payment})
    assert created.status_code == 201, created.content
    stay = created.json()
    assert stay["kind"] == "treatment" and stay["service_id"] == "primaer-doegn"
    assert stay["self_payment"]["monthly_amount"] == "2500"
    assert stay["transport_paid_by"] == ""
    too_long = cw.post(
        url,
        {
            **body,
            "end_on": (start + dt.timedelta(days=200)).isoformat(),
            "self_payment": payment,
        },
    )
    assert too_long.status_code == 422 and too_long.json()["field"] == "end_on"


def test_R21_provider_refusal_and_limitation_through_the_api(her):
    from tests.db.test_course_services import grant

    treatment = in_treatment(her)
    course = treatment.contact_course
    decision = grant(her, course, "primaer-ambulant-move")
    provider = residential(her)
    base = f"/api/courses/{course.pk}/free-choice"
    cw = api_as(her.visitation_caseworker)
    on = today().isoformat()
    refused = cw.post(
        f"{base}/refusals",
        {
            "decision_id": decision.pk,
            "provider_id": provider.pk,
            "reason": "Ingen ledige pladser.",
            "capacity": True,
            "on": on,
        },
    )
    assert refused.status_code == 201, refused.content
    assert refused.json()["kind"] == "provider_refused"
    blank = cw.post(f"{base}/limitations", {"decision_id": decision.pk, "reason": " ", "on": on})
    assert blank.status_code == 422 and blank.json()["field"] == "reason"
    limited = cw.post(
        f"{base}/limitations",
        {"decision_id": decision.pk, "reason": "Hensynet til borgeren.", "on": on},
    )
    assert limited.status_code == 201, limited.content
    assert FreeChoiceRecord.objects.count() == 2
    # a treater cannot limit the free choice (a decision for the caseworkers)
    treater = api_as(her.treater).post(
        f"{base}/limitations", {"decision_id": decision.pk, "reason": "Hensyn.", "on": on}
    )
    assert treater.status_code == 403
