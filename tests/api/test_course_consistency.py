"""Issue 12 § 5 through the API: discharge asks about what lies ahead; the citizen's master data
is corrected and raises the notification check (Barnets Lov § 133)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.conftest import api_as
from tests.web.test_plan import in_treatment
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import CourseDeadline, Discharge

pytestmark = pytest.mark.django_db


def test_R36_discharge_through_the_api_asks_before_cancelling_appointments(her):
    treatment = in_treatment(her, days_ago=10)
    courses.record_appointment(
        her.treater,
        treatment,
        at=timezone.now() + dt.timedelta(days=5),
        kind="individual",
        today=timezone.localdate(),
    )
    api = api_as(her.treater)
    body = {"on": timezone.localdate().isoformat(), "status": "completed", "outcome": "reduced"}
    refused = api.post(f"/api/treatments/{treatment.pk}/discharge", body)
    assert refused.status_code in (400, 409, 422), refused.content
    assert "cancel_future_appointments" in refused.content.decode()
    assert not Discharge.objects.exists()
    done = api.post(
        f"/api/treatments/{treatment.pk}/discharge", {**body, "cancel_future_appointments": True}
    )
    assert done.status_code == 201, done.content


def test_the_api_corrects_master_data_and_raises_the_notification_check(her):
    treatment = in_treatment(her, days_ago=10)
    cid = treatment.contact_course.client_id
    api = api_as(her.treater)
    response = api.patch(f"/api/clients/{cid}", {"address": "Prøvevej 3", "pregnant": True})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["address"] == "Prøvevej 3" and body["pregnant"] is True
    assert body["notification_flagged_on"] == timezone.localdate().isoformat()
    check = CourseDeadline.objects.get(kind="notification_check")
    assert check.status == "open" and check.citation == "Barnets Lov § 133 stk. 1"
    done = api.post(
        f"/api/clients/{cid}/notification-check", {"on": timezone.localdate().isoformat()}
    )
    assert done.status_code == 200, done.content
    check.refresh_from_db()
    assert check.status == "met"
