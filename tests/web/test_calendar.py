"""The calendar screens (issue 13 § 3): book from the course, the double-booking warning the user
confirms, the week and day views per staff member, team and room (a list under a heading per
day, names linked, reads logged, a fixed number of queries), attendance and the no-show task
linked from the worklist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.db.factories import Town
from tests.db.test_course_services import citizen, contact
from tests.web.conftest import signed_in
from vendepunkt.audit.models import ReadLogEntry
from vendepunkt.courses import services
from vendepunkt.courses.models import Appointment, CourseDeadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def her():
    return Town("herning")


def _form(town, room, day, time="10:00", **extra):
    data = {
        "kind": "intake",
        "day": day.isoformat(),
        "time": time,
        "minutes": "45",
        "staff": [str(town.treater.pk)],
        "place": "room",
        "room": str(room.pk),
        "location": "",
    }
    data.update(extra)
    return data


def test_book_warn_confirm_and_see_the_week(her):
    room = services.add_room(her.centre_leader, her.centre, name="Samtalerum 1")
    course = contact(her, citizen(her)).contact_course
    other = contact(her, citizen(her, seed=2)).contact_course
    web = signed_in(her.secretary)
    day = timezone.localdate() + dt.timedelta(days=2)
    detail = web.get(reverse("course-detail", args=[course.pk])).content.decode()
    assert reverse("calendar-book", args=[course.pk]) in detail
    assert web.get(reverse("calendar-book", args=[course.pk])).status_code == 200
    response = web.post(reverse("calendar-book", args=[course.pk]), _form(her, room, day))
    assert response.status_code == 302
    # the same treater and room half an hour later: a warning, nothing saved
    response = web.post(
        reverse("calendar-book", args=[other.pk]), _form(her, room, day, time="10:30")
    )
    assert response.status_code == 400 and 'id="overlap-warning"' in response.content.decode()
    assert Appointment.objects.count() == 1
    response = web.post(
        reverse("calendar-book", args=[other.pk]),
        _form(her, room, day, time="10:30", confirm_overlap="on"),
    )
    assert response.status_code == 302 and Appointment.objects.count() == 2
    for name, pk in (
        ("calendar-staff", her.treater.pk),
        ("calendar-team", her.team.pk),
        ("calendar-room", room.pk),
    ):
        page = web.get(reverse(name, args=[pk]), {"dag": day.isoformat()}).content.decode()
        assert "10:00–10:45" in page and "10:30–11:15" in page, name
        assert reverse("citizen-detail", args=[course.client_id]) in page
        assert reverse("course-detail", args=[course.pk]) in page
    one_day = web.get(
        reverse("calendar-staff", args=[her.treater.pk]),
        {"dag": day.isoformat(), "visning": "dag"},
    ).content.decode()
    assert one_day.count('<h2 id="day-') == 1
    assert ReadLogEntry.objects.filter(
        actor=her.secretary, record_type="appointment", client_id=course.client_id
    ).exists()


def test_a_treater_of_another_team_sees_booked_not_the_name(her):
    room = services.add_room(her.centre_leader, her.centre, name="Samtalerum 1")
    client = citizen(her)
    course = contact(her, client).contact_course
    course.team = her.team
    course.save(update_fields=["team"])
    at = timezone.now() + dt.timedelta(days=1)
    services.book_appointment(
        her.secretary,
        course,
        at=at,
        kind="intake",
        minutes=30,
        staff=[her.treater],
        place="room",
        room=room,
        today=timezone.localdate(),
    )
    stranger = her.user("treater", team=her.other_team)
    page = (
        signed_in(stranger)
        .get(reverse("calendar-room", args=[room.pk]), {"dag": at.date().isoformat()})
        .content.decode()
    )
    assert "Testa" not in page and 'class="calendar-item' in page
    assert reverse("citizen-detail", args=[client.pk]) not in page


def test_the_week_costs_the_same_queries_for_3_and_30_appointments(
    her, django_assert_max_num_queries
):
    room = services.add_room(her.centre_leader, her.centre, name="Samtalerum 1")
    monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday())

    def fill(n, seed, first=0):
        for i in range(first, first + n):
            course = contact(her, citizen(her, seed=seed + i)).contact_course
            at = timezone.make_aware(
                dt.datetime.combine(monday + dt.timedelta(days=i % 5), dt.time(8 + i // 5))
            )
            services.book_appointment(
                her.secretary,
                course,
                at=at,
                kind="counselling",
                minutes=50,
                staff=[her.treater],
                place="room",
                room=room,
                today=timezone.localdate(),
            )

    web = signed_in(her.treater)
    url = reverse("calendar-staff", args=[her.treater.pk])
    fill(3, 100)
    with django_assert_max_num_queries(40) as few:
        web.get(url, {"dag": monday.isoformat()})
    fill(27, 200, first=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = web.get(url, {"dag": monday.isoformat()})
    assert page.content.decode().count('class="calendar-item') == 30


def test_attendance_and_the_no_show_task_on_the_worklist(her):
    room = services.add_room(her.centre_leader, her.centre, name="Samtalerum 1")
    course = contact(her, citizen(her)).contact_course
    today = timezone.localdate()
    future = services.book_appointment(
        her.secretary,
        course,
        at=timezone.now() + dt.timedelta(days=1),
        kind="intake",
        minutes=30,
        staff=[her.treater],
        place="room",
        room=room,
        today=today,
    )
    web = signed_in(her.treater)
    response = web.post(reverse("calendar-attendance", args=[future.pk]), {"status": "no_show"})
    assert response.status_code == 400 and "fremtiden" in response.content.decode()
    past = Appointment.objects.create(
        municipality=her.municipality,
        contact_course=course,
        at=timezone.now() - dt.timedelta(hours=2),
        kind="counselling",
        minutes=30,
        place="phone",
    )
    past.staff.add(her.treater)
    response = web.post(reverse("calendar-attendance", args=[past.pk]), {"status": "no_show"})
    assert response.status_code == 302
    task = CourseDeadline.objects.get(kind="no_show_contact")
    worklist = signed_in(her.centre_leader).get(reverse("worklist"), {"scope": "all"})
    page = worklist.content.decode()
    assert reverse("calendar-appointment", args=[past.pk]) in page
    detail = web.get(reverse("calendar-appointment", args=[past.pk])).content.decode()
    assert 'id="contact-form"' in detail
    response = web.post(reverse("calendar-contact", args=[past.pk]), {"on": today.isoformat()})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "met"
    # move and cancel the future one
    response = web.post(
        reverse("calendar-move", args=[future.pk]),
        _form(her, room, today + dt.timedelta(days=3), time="14:00"),
    )
    assert response.status_code == 302
    future.refresh_from_db()
    assert timezone.localtime(future.at).hour == 14
    assert web.post(reverse("calendar-cancel", args=[future.pk])).status_code == 302
    future.refresh_from_db()
    assert future.status == "cancelled"


def test_the_calendar_is_refused_to_the_auditor_and_the_administrator(her):
    for user in (her.auditor, her.administrator):
        response = signed_in(user).get(reverse("calendar-staff", args=[her.treater.pk]))
        assert response.status_code == 403


def test_a_session_names_its_service_where_the_course_has_two_with_a_dose():
    """Issue 12 § 3: the booking form asks which service a treatment session belongs to when the
    course has several; without it the refusal stands at the field and nothing is booked."""
    from tests.db.test_grants import DAY, TODAY, course_of, grant

    hjo = Town("hjoerring")
    course = course_of(hjo)
    decision = grant(hjo, course, "modul-1", actor=hjo.visitation_caseworker, valid_from=DAY)
    grant(hjo, course, "modul-2-individuel", actor=hjo.visitation_caseworker, valid_from=DAY)
    treatment = services.start_treatment(
        hjo.treater, course, team=hjo.team, start_on=DAY, decision=decision, today=TODAY
    )
    services.change_services(
        hjo.treater, treatment, add=["modul-2-individuel"], on=DAY, today=TODAY
    )
    room = services.add_room(hjo.centre_leader, hjo.centre, name="Samtalerum 1")
    web = signed_in(hjo.treater)
    url = reverse("calendar-book", args=[course.pk])
    page = web.get(url).content.decode()
    assert 'name="service"' in page and "modul-1" in page
    day = DAY + dt.timedelta(days=3)  # inside modul 1's three weeks
    refused = web.post(url, _form(hjo, room, day, kind="individual"))
    assert refused.status_code == 400 and "id_service-error" in refused.content.decode()
    assert not Appointment.objects.filter(kind="individual").exists()
    done = web.post(url, _form(hjo, room, day, kind="individual", service="modul-1"))
    import re

    errors = re.findall(
        r'(?:form-error-message|alert-text)"[^>]*>(.*?)</', done.content.decode(), re.S
    )
    assert done.status_code == 302, errors
    assert Appointment.objects.get(kind="individual").service_id == "modul-1"
