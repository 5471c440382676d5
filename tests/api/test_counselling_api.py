"""R2–R4 through the API: the kinds and the number of talks are the standard's (issue 12 § 1)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.conftest import api_as
from tests.api.test_protocol import citizen
from tests.db.factories import Town
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import CounsellingTalk

pytestmark = pytest.mark.django_db


def _course(town):
    return courses.record_contact(
        town.treater,
        citizen(town, 3),
        at=timezone.now() - dt.timedelta(days=1),
        channel="phone",
        made_by="self",
        legal_track="counselling",
        substances=["drugs"],
        today=timezone.localdate(),
    ).contact_course


def test_a_kind_herning_does_not_offer_is_refused_in_both_languages(her):
    course = _course(her)
    api = api_as(her.treater)
    day = timezone.localdate().isoformat()
    response = api.post(f"/api/courses/{course.pk}/counselling", {"kind": "course", "held_on": day})
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "kind"
    assert not CounsellingTalk.objects.filter(contact_course=course).exists()
    ok = api.post(f"/api/courses/{course.pk}/counselling", {"kind": "open", "held_on": day})
    assert ok.status_code in (200, 201)


def test_R4_the_sixth_talk_in_odsherred_is_refused():
    ods = Town("odsherred")
    course = _course(ods)
    api = api_as(ods.treater)
    day = timezone.localdate().isoformat()
    for _ in range(5):
        response = api.post(
            f"/api/courses/{course.pk}/counselling", {"kind": "course", "held_on": day}
        )
        assert response.status_code in (200, 201)
    sixth = api.post(
        f"/api/courses/{course.pk}/counselling",
        {"kind": "course", "held_on": day, "extension_reason": "Borgeren er i tvivl."},
    )
    assert sixth.status_code == 422 and sixth.json()["field"] == "kind"
    assert CounsellingTalk.objects.filter(contact_course=course).count() == 5
