"""The calendar over the API (issue 13 § 3): book before treatment, the double-booking warning
answered with confirm_overlap, list by staff, team and room, move, cancel, attendance and the
active contact after a no-show (R27) — the same services as the web."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.conftest import api_as
from tests.db.factories import Town
from tests.db.test_course_services import citizen, contact
from vendepunkt.courses import services
from vendepunkt.courses.models import Appointment, CourseDeadline

pytestmark = pytest.mark.django_db


def test_book_list_move_cancel_attend_and_contact():
    her = Town("herning")
    room = services.add_room(her.centre_leader, her.centre, name="Samtalerum 1")
    course = contact(her, citizen(her)).contact_course
    api = api_as(her.secretary)
    at = (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0)
    body = {
        "at": at.isoformat(),
        "kind": "intake",
        "minutes": 45,
        "staff_ids": [her.treater.pk],
        "place": "room",
        "room_id": room.pk,
    }
    booked = api.post(f"/api/courses/{course.pk}/appointments", body)
    assert booked.status_code == 201, booked.content
    a = booked.json()
    assert a["treatment_id"] is None and a["staff_ids"] == [her.treater.pk] and a["minutes"] == 45
    assert a["service_id"] == ""
    # only a treatment session belongs to a service of the course (issue 12 § 3)
    named = api.post(
        f"/api/courses/{course.pk}/appointments",
        {**body, "service_id": "x", "confirm_overlap": True},
    )
    assert named.status_code == 422 and named.json()["code"] == "service-not-session"
    again = api.post(f"/api/courses/{course.pk}/appointments", body)
    assert again.status_code == 422 and again.json()["code"] == "double_booking"
    assert again.json()["field"] == "confirm_overlap"
    assert (
        api.post(
            f"/api/courses/{course.pk}/appointments", {**body, "confirm_overlap": True}
        ).status_code
        == 201
    )
    day = timezone.localtime(at).date()
    for query in (f"staff_id={her.treater.pk}", f"team_id={her.team.pk}", f"room_id={room.pk}"):
        listed = api.get(f"/api/calendar/appointments?from={day}&to={day}&{query}")
        assert listed.status_code == 200, listed.content
        assert [x["client_id"] for x in listed.json()] == [course.client_id] * 2
    assert api.get(f"/api/calendar/appointments?from={day}&to={day}").status_code == 422
    rooms = api.get("/api/rooms").json()
    assert [r["name"] for r in rooms] == ["Samtalerum 1"]
    moved = api.post(
        f"/api/appointments/{a['id']}/move",
        {
            **{k: v for k, v in body.items() if k != "kind"},
            "at": (at + dt.timedelta(days=1)).isoformat(),
        },
    )
    assert moved.status_code == 200, moved.content
    future = api.post(f"/api/appointments/{a['id']}/attendance", {"status": "no_show"})
    assert future.status_code == 422 and future.json()["code"] == "not_yet"
    assert api.post(f"/api/appointments/{a['id']}/cancel").json()["status"] == "cancelled"
    # a no-show of a past appointment puts the task on the worklist until the contact
    past = Appointment.objects.create(
        municipality=her.municipality,
        contact_course=course,
        at=timezone.now() - dt.timedelta(days=1),
        kind="counselling",
        minutes=30,
        place="phone",
    )
    treater = api_as(her.treater)
    assert (
        treater.post(f"/api/appointments/{past.pk}/attendance", {"status": "no_show"}).status_code
        == 200
    )
    assert CourseDeadline.objects.get(kind="no_show_contact").status == "open"
    done = treater.post(
        f"/api/appointments/{past.pk}/active-contact", {"on": timezone.localdate().isoformat()}
    )
    assert (
        done.status_code == 200 and done.json()["contacted_on"] == timezone.localdate().isoformat()
    )
    assert CourseDeadline.objects.get(kind="no_show_contact").status == "met"


def test_the_calendar_is_refused_to_the_auditor():
    her = Town("herning")
    response = api_as(her.auditor).get(
        f"/api/calendar/appointments?from=2026-11-01&to=2026-11-07&staff_id={her.treater.pk}"
    )
    assert response.status_code == 403
