"""The consent to reminders on the citizen page (issue 13 § 3): recorded and withdrawn by the
secretary on its own page, shown masked on the citizen page with the reminders that failed; an
auditor is refused; bad input is shown at the field and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.db.factories import Town
from tests.db.test_course_services import citizen
from tests.web.conftest import signed_in
from vendepunkt.reminders.models import ReminderConsent

pytestmark = pytest.mark.django_db


@pytest.fixture
def her():
    return Town("herning")


def test_the_secretary_records_and_withdraws_the_consent(her):
    client = citizen(her)
    web = signed_in(her.secretary)
    page = web.get(reverse("citizen-detail", args=[client.pk])).content.decode()
    assert 'id="reminders"' in page and reverse("citizen-reminders", args=[client.pk]) in page
    today = timezone.localdate().isoformat()
    form = web.get(reverse("citizen-reminders", args=[client.pk]))
    assert form.status_code == 200
    refused = web.post(
        reverse("citizen-reminders", args=[client.pk]),
        {"sms": "on", "phone": "12", "given_on": today, "given_how": "oral"},
    )
    assert refused.status_code == 400 and not ReminderConsent.objects.exists()
    saved = web.post(
        reverse("citizen-reminders", args=[client.pk]),
        {"sms": "on", "phone": "12345678", "given_on": today, "given_how": "written"},
    )
    assert saved.status_code == 302
    page = web.get(reverse("citizen-detail", args=[client.pk])).content.decode()
    assert "••••••78" in page and "12345678" not in page
    withdrawn = web.post(reverse("citizen-reminders-withdraw", args=[client.pk]), {"on": today})
    assert withdrawn.status_code == 302
    assert ReminderConsent.objects.get().withdrawn_on == timezone.localdate()


def test_the_auditor_may_not_record_a_consent(her):
    client = citizen(her)
    web = signed_in(her.auditor)
    assert web.get(reverse("citizen-reminders", args=[client.pk])).status_code == 403
    response = web.post(
        reverse("citizen-reminders-withdraw", args=[client.pk]),
        {"on": (timezone.localdate() - dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 403


def test_the_leaders_see_the_count_of_failed_reminders(her):
    from tests.db.factories import grant_for
    from tests.db.test_course_services import AT, TODAY, contact
    from vendepunkt.courses import services as courses
    from vendepunkt.reminders import services as reminders
    from vendepunkt.reminders.models import OutboxMessage

    client = citizen(her)
    course = contact(her, client).contact_course
    grant_for(her, course, on=AT.date(), today=TODAY)
    treatment = courses.start_treatment(
        her.visitation_caseworker,
        course,
        team=her.team,
        start_on=AT.date(),
        treater=her.treater,
        today=TODAY,
    )
    booked = courses.record_appointment(
        her.secretary,
        treatment,
        at=timezone.now() + dt.timedelta(hours=3),
        kind="individual",
        today=TODAY,
    )
    reminders.record_consent(
        her.secretary,
        client,
        sms=True,
        email=False,
        phone="12345678",
        given_on=TODAY,
        given_how="oral",
        today=TODAY,
    )
    OutboxMessage.objects.create(
        municipality=her.municipality,
        client=client,
        appointment=booked,
        channel="sms",
        text="x",
        status="failed",
        attempts=5,
        last_error="http_503",
        next_attempt_at=timezone.now(),
    )
    leader = signed_in(her.centre_leader).get(reverse("worklist")).content.decode()
    assert 'id="failed-reminders"' in leader
    treater = signed_in(her.treater).get(reverse("worklist")).content.decode()
    assert 'id="failed-reminders"' not in treater
    page = signed_in(her.treater).get(reverse("citizen-detail", args=[client.pk])).content.decode()
    assert 'id="reminders-failed"' in page
