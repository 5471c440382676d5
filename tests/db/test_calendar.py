"""The calendar (issue 13 § 3, R27): appointments for every step before and after treatment
starts, with staff, place and length; double bookings warned; attendance only once begun; a
no-show puts the active contact on the worklist until it is recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.db.factories import Town
from tests.db.test_course_services import TODAY, citizen, contact
from vendepunkt.accounts.access import AccessDenied, NotFound
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.models import AuditEntry
from vendepunkt.courses import services
from vendepunkt.courses.deadlines import worklist
from vendepunkt.courses.models import CourseDeadline, Room

pytestmark = pytest.mark.django_db

PAST = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)
FUTURE = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def her():
    return Town("herning")


def room(town, name="Samtalerum 1"):
    return services.add_room(town.centre_leader, town.centre, name=name)


def book(town, course, *, at=FUTURE, actor=None, staff=None, **extra):
    values = {"kind": "intake", "minutes": 45, "place": "room", "room": None}
    values.update(extra)
    if values["place"] == "room" and values["room"] is None:
        values["room"] = Room.objects.filter(centre=town.centre).first() or room(town)
    return services.book_appointment(
        actor or town.secretary,
        course,
        at=at,
        staff=staff or [town.treater],
        today=TODAY,
        **values,
    )


def test_an_intake_talk_is_booked_before_treatment_with_staff_place_and_length(her):
    course = contact(her, citizen(her)).contact_course
    a = book(her, course)
    assert a.contact_course == course and a.treatment is None
    assert (
        list(a.staff.all()) == [her.treater] and a.minutes == 45 and a.room.name == "Samtalerum 1"
    )
    entry = AuditEntry.objects.get(action="appointment.booked", target_id=str(a.pk))
    assert entry.after["minutes"] == 45 and entry.after["staff"] == [her.treater.pk]


def test_a_treatment_session_needs_a_treatment_course(her):
    course = contact(her, citizen(her)).contact_course
    with pytest.raises(ServiceError) as refused:
        book(her, course, kind="individual")
    assert refused.value.code == "no_treatment" and refused.value.field == "kind"


def test_places_outreach_phone_and_video(her):
    course = contact(her, citizen(her)).contact_course
    with pytest.raises(ServiceError) as refused:
        book(her, course, place="outreach", location=" ")
    assert refused.value.field == "location"
    a = book(her, course, place="outreach", location="Væresteder, Østergade")
    assert a.location == "Væresteder, Østergade" and a.room is None
    b = book(her, course, place="phone", at=FUTURE + dt.timedelta(hours=2))
    assert b.place == "phone"
    with pytest.raises(ServiceError) as refused:
        book(her, course, place="room", room=None, at=FUTURE + dt.timedelta(hours=4), kind="x")
    assert refused.value.field == "kind"


def test_a_double_booking_is_a_warning_the_user_confirms(her):
    course = contact(her, citizen(her)).contact_course
    other = contact(her, citizen(her, seed=2)).contact_course
    book(her, course)
    with pytest.raises(ServiceError) as refused:
        book(her, other, at=FUTURE + dt.timedelta(minutes=30))
    assert refused.value.code == services.DOUBLE_BOOKING
    assert "Samtalerum 1" in refused.value.message_da
    # another staff member in another room right after: no overlap
    book(
        her,
        other,
        at=FUTURE + dt.timedelta(minutes=45),
        staff=[her.nurse],
        room=room(her, "Samtalerum 2"),
    )
    confirmed = book(her, other, at=FUTURE + dt.timedelta(minutes=30), confirm_overlap=True)
    entry = AuditEntry.objects.get(action="appointment.booked", target_id=str(confirmed.pk))
    assert entry.after["double_booking_confirmed"] is True
    # a cancelled appointment is no longer in the way
    services.cancel_appointment(her.secretary, confirmed, today=TODAY)
    found = services.calendar.overlaps(
        her.municipality.pk, at=confirmed.at, minutes=15, staff_ids=[her.treater.pk], room_id=None
    )
    assert confirmed.pk not in {o.appointment_id for o in found}


def test_move_and_cancel(her):
    course = contact(her, citizen(her)).contact_course
    a = book(her, course)
    b = book(her, course, at=FUTURE + dt.timedelta(hours=3))
    with pytest.raises(ServiceError) as refused:
        services.move_appointment(her.secretary, a, at=b.at, today=TODAY)
    assert refused.value.code == services.DOUBLE_BOOKING
    moved = services.move_appointment(
        her.secretary, a, at=FUTURE + dt.timedelta(days=1), minutes=90, today=TODAY
    )
    assert moved.at == FUTURE + dt.timedelta(days=1) and moved.minutes == 90
    entry = AuditEntry.objects.get(action="appointment.moved", target_id=str(a.pk))
    assert entry.before["at"] == FUTURE.isoformat()
    services.cancel_appointment(her.secretary, a, today=TODAY)
    a.refresh_from_db()
    assert a.status == "cancelled"
    with pytest.raises(ServiceError):
        services.cancel_appointment(her.secretary, a, today=TODAY)
    with pytest.raises(ServiceError):
        services.move_appointment(her.secretary, a, at=FUTURE, today=TODAY)


def test_attendance_only_for_an_appointment_that_has_begun(her):
    course = contact(her, citizen(her)).contact_course
    a = book(her, course)
    with pytest.raises(ServiceError) as refused:
        services.record_attendance(her.treater, a, status="attended", today=TODAY)
    assert refused.value.code == "not_yet"
    assert "future" in refused.value.message_en and "fremtiden" in refused.value.message_da
    today = book(her, course, at=dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC))
    with pytest.raises(ServiceError):
        services.record_attendance(
            her.treater,
            today,
            status="attended",
            today=TODAY,
            now=dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC),
        )
    done = services.record_attendance(
        her.treater,
        today,
        status="attended",
        today=TODAY,
        now=dt.datetime(2026, 11, 23, 13, 5, tzinfo=dt.UTC),
    )
    assert done.status == "attended"


def test_R27_a_no_show_puts_the_active_contact_on_the_worklist_until_it_is_recorded(her):
    course = contact(her, citizen(her)).contact_course
    a = book(her, course, at=PAST, kind="counselling")
    services.record_attendance(her.treater, a, status="no_show", today=TODAY)
    task = CourseDeadline.objects.get(contact_course=course, kind="no_show_contact")
    assert task.subject == f"no_show:{a.pk}" and task.trigger == PAST.date()
    assert task.due == dt.date(2026, 11, 18)  # two working days after a Monday
    assert task in worklist(her.centre_leader, scope="all", today=dt.date(2026, 11, 17))
    with pytest.raises(ServiceError):
        services.record_active_contact(
            her.treater, a, on=PAST.date() - dt.timedelta(days=1), today=TODAY
        )
    services.record_active_contact(her.treater, a, on=dt.date(2026, 11, 17), today=TODAY)
    task.refresh_from_db()
    assert task.status == "met" and task.closed_on == dt.date(2026, 11, 17)
    assert AuditEntry.objects.filter(action="appointment.contacted_after_no_show").exists()


def test_R27_attending_a_later_appointment_answers_the_no_show(her):
    course = contact(her, citizen(her)).contact_course
    a = book(her, course, at=PAST, kind="counselling")
    services.record_attendance(her.treater, a, status="no_show", today=TODAY)
    b = book(her, course, at=PAST + dt.timedelta(days=5), kind="counselling")
    services.record_attendance(her.treater, b, status="attended", today=TODAY)
    task = CourseDeadline.objects.get(contact_course=course, kind="no_show_contact")
    assert task.closed_on == b.at.date() and task.status == "breached"  # after the due day


def test_who_may_book(her):
    course = contact(her, citizen(her)).contact_course
    with pytest.raises(AccessDenied):
        book(her, course, actor=her.auditor)
    with pytest.raises(AccessDenied):
        services.add_room(her.treater, her.centre, name="Rum")
    elsewhere = Town("haderslev")
    with pytest.raises((NotFound, AccessDenied)):
        book(elsewhere, course, actor=elsewhere.secretary, staff=[elsewhere.treater])
    # a staff member of another municipality is refused
    with pytest.raises(ServiceError) as refused:
        book(her, course, staff=[elsewhere.treater])
    assert refused.value.field == "staff"


def test_the_demo_books_appointments_with_staff_rooms_and_lengths():
    from django.core.management import call_command

    from vendepunkt.courses.models import Appointment

    call_command("demo", courses=6, municipality=["herning"], today=TODAY)
    booked = Appointment.objects.all()
    assert booked.filter(kind="intake", treatment__isnull=True).exists()  # before treatment
    assert not booked.filter(staff__isnull=True).exists()
    assert booked.filter(room__isnull=False).exists()
    assert set(booked.values_list("minutes", flat=True)) <= {30, 45, 60, 90}


def test_R27_the_no_show_task_is_the_treater_the_citizen_did_not_come_to(her):
    course = contact(her, citizen(her)).contact_course
    other = her.user("treater", team=her.other_team)
    a = book(her, course, at=PAST, kind="counselling", staff=[her.secretary, other])
    services.record_attendance(her.treater, a, status="no_show", today=TODAY)
    task = CourseDeadline.objects.get(contact_course=course, kind="no_show_contact")
    assert task.treater == other
    assert task in worklist(other, scope="mine", today=dt.date(2026, 11, 17))
