"""Issue 12 § 5 in the web: discharge asks about what lies ahead; a follow-up is recorded as the
follow-up it is; the citizen's master data is corrected and raises the notification check."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.db.factories import Town
from tests.web.test_plan import discharged, english, in_treatment, today, url
from vendepunkt.audit.models import AuditEntry
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Appointment, CourseDeadline, Discharge, FollowUp

pytestmark = pytest.mark.django_db


@pytest.fixture
def her():
    return Town("herning")


def test_R36_the_discharge_form_says_what_lies_ahead_and_asks(her):
    treatment = in_treatment(her, days_ago=10)
    ahead = courses.record_appointment(
        her.treater,
        treatment,
        at=timezone.now() + dt.timedelta(days=5),
        kind="individual",
        today=today(),
    )
    client = english(her.treater)
    page = client.get(url("discharge", treatment.pk)).content.decode()
    assert 'id="discharge-ahead"' in page and "1 planned appointment" in page
    form = {"on": today().isoformat(), "status": "completed", "outcome": "reduced"}
    before = AuditEntry.objects.count()
    refused = client.post(url("discharge", treatment.pk), form)
    html = refused.content.decode()
    assert refused.status_code == 400
    assert 'id="id_cancel_future_appointments-error"' in html
    assert not Discharge.objects.exists() and AuditEntry.objects.count() == before
    done = client.post(url("discharge", treatment.pk), {**form, "cancel_future_appointments": "on"})
    assert done.status_code == 302
    assert Appointment.objects.get(pk=ahead.pk).status == "cancelled"


def test_R37_the_follow_up_page_refuses_a_follow_up_before_its_window(her):
    treatment = discharged(her, days_ago=100, discharge_days_ago=40)
    client = english(her.treater)
    response = client.post(
        url("follow-up-record", treatment.pk),
        {
            "subject": "follow_up:6m",
            "on": (today() - dt.timedelta(days=35)).isoformat(),
            "reached": "yes",
            "result": "Godt",
        },
    )
    assert response.status_code == 400
    assert "This follow-up can be recorded from" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_the_citizen_page_corrects_master_data_and_shows_the_notification_check(her):
    treatment = in_treatment(her, days_ago=10)
    client_record = treatment.contact_course.client
    web = english(her.treater)
    page = web.get(f"/borgere/{client_record.pk}/").content.decode()
    assert 'id="correct-client"' in page and 'id="notification-check"' not in page
    form = web.get(f"/borgere/{client_record.pk}/ret/").content.decode()
    assert 'id="correct-form"' in form
    response = web.post(
        f"/borgere/{client_record.pk}/ret/",
        {
            "name": "Testa Rettesen",
            "address": "Prøvevej 2",
            "home_municipality": "",
            "children_under_18": "1",
            "pregnant": "",
        },
    )
    assert response.status_code == 302
    page = web.get(f"/borgere/{client_record.pk}/").content.decode()
    assert "Testa Rettesen" in page and "Prøvevej 2" in page
    assert 'id="notification-check"' in page and "Barnets Lov § 133" in page
    assert CourseDeadline.objects.get(kind="notification_check").status == "open"
    web.post(f"/borgere/{client_record.pk}/underretning/", {"on": today().isoformat()})
    assert CourseDeadline.objects.get(kind="notification_check").status == "met"
    danish = web.get(f"/borgere/{client_record.pk}/ret/", HTTP_ACCEPT_LANGUAGE="da")
    assert danish.status_code == 200


def test_R24_an_unsigned_plan_without_a_copy_shows_as_such_where_the_standard_asks(her):
    from tests.web.test_plan import save

    treatment = in_treatment(her, days_ago=10)
    save(her, treatment)
    web = english(her.treater)
    page = web.get(url("plan", treatment.pk)).content.decode()
    assert 'id="plan-paperwork"' in page
    assert "not signed by the citizen" in page and "not been given a copy" in page
    response = web.post(
        f"/behandling/{treatment.pk}/plan/underskrift/",
        {
            "signed_on": today().isoformat(),
            "signed_how": "in_person",
            "copy_given_on": today().isoformat(),
            "copy_how": "handed",
            "expected_version": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    page = web.get(url("plan", treatment.pk)).content.decode()
    assert 'id="plan-paperwork"' not in page and "handed to the citizen" in page


def test_SUL_142_the_doctor_books_and_records_the_consultation_before_treatment(her):
    from tests.db.factories import cpr_for
    from vendepunkt.citizens import services as citizens
    from vendepunkt.courses.models import DoctorConsultation

    person = citizens.register_citizen(
        her.treater,
        her.municipality,
        cpr=cpr_for(dt.date(1980, 1, 2), seed=4),
        name="Testa Lægesen",
        today=today(),
    )
    course = courses.record_contact(
        her.treater,
        person,
        at=timezone.now() - dt.timedelta(days=2),
        channel="phone",
        made_by="self",
        legal_track="SEL-101",
        substances=["alcohol"],
        wish_for_treatment=True,
        today=today(),
    ).contact_course
    doctor = english(her.doctor)
    page = doctor.get(f"/forloeb/{course.pk}/laegesamtale/")
    assert page.status_code == 200 and 'id="doctor-booking-form"' in page.content.decode()
    booked = doctor.post(
        f"/forloeb/{course.pk}/laegesamtale/",
        {"action": "book", "book-day": today().isoformat(), "book-time": "00:01"},
    )
    assert booked.status_code == 302, booked.content.decode()[-1500:]
    consultation = DoctorConsultation.objects.get(contact_course=course)
    recorded = doctor.post(
        f"/forloeb/{course.pk}/laegesamtale/",
        {"action": "record", "record-consultation": consultation.pk, "record-status": "attended"},
    )
    assert recorded.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == "attended" and consultation.held_by == her.doctor
    deadline = CourseDeadline.objects.get(contact_course=course, kind="doctor_consultation")
    assert deadline.closed_on == today()


def test_R8_the_outreach_target_group_shows_on_the_assessments_and_is_stored(outreach_town):
    from tests.web.test_plan import in_treatment as treat
    from vendepunkt.courses.models import OutreachAssessment

    town = outreach_town
    treatment = treat(town, days_ago=5)
    course = treatment.contact_course
    courses.record_assessment(
        town.treater,
        course,
        phase="intake",
        assessed_on=today(),
        text="ASI",
        answers={"M6": 30, "M7": 4, "M8": 4},
        today=today(),
    )
    web = english(town.treater)
    page = web.get(f"/forloeb/{course.pk}/udredninger/").content.decode()
    assert 'id="outreach-form"' in page and "Blandingsmisbrug af intens karakter." in page
    response = web.post(
        f"/forloeb/{course.pk}/udgaaende/", {"criterion-intense-mixed-use": "on"}, follow=True
    )
    assert "not in the outreach target group" in response.content.decode()
    stored = OutreachAssessment.objects.get(contact_course=course)
    assert stored.criteria["intense-mixed-use"] is True and not stored.eligible
    assert 'id="outreach-result-' in web.get(f"/forloeb/{course.pk}/udredninger/").content.decode()


def test_R8_no_outreach_section_where_the_standard_does_not_enable_it(her):
    treatment = in_treatment(her, days_ago=5)
    course = treatment.contact_course
    courses.record_assessment(
        her.treater, course, phase="intake", assessed_on=today(), text="ASI", today=today()
    )
    page = english(her.treater).get(f"/forloeb/{course.pk}/udredninger/").content.decode()
    assert 'id="outreach"' not in page
