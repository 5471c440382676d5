"""The calendar over the API (issue 13 § 3): the appointments of a staff member, a team or a room
in a date range; book on a contact course, move, cancel, and the active contact after a no-show.
Attendance is `POST /appointments/{id}/attendance` (endpoints.set_attendance). The same reads and
services as the web's calendar; a double booking is a 422 problem coded "double_booking" that the
caller answers by sending the request again with `confirm_overlap: true`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Path, Query, Router, Status
from ninja.decorators import decorate_view

from vendepunkt.accounts.access import NotFound
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import PLANNED, check_dates
from vendepunkt.accounts.models import User
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Room
from vendepunkt.courses.queries import calendar as calendar_queries
from vendepunkt.courses.queries import course as course_queries

from . import schemas as s
from .core import Problem, idempotent

PURPOSE = "api"
router = Router()
PathId = Annotated[int, Path(ge=1, le=s.MAX_ID, description="The record's id")]
Kind = Literal[
    "intake",
    "counselling",
    "assessment",
    "doctor",
    "individual",
    "group",
    "nurse",
    "network",
    "status_meeting",
]
PlaceKind = Literal["room", "outreach", "phone", "video"]


def errors(*codes):
    return {c: Problem for c in (400, 401, 403, 404, 409, 422, 428, 429, *codes)}


class SlotIn(s.In):
    at: s.When = s.d("When it begins (ISO 8601 with a time zone)")
    minutes: int = s.d("The length in minutes (5 to 480)", ge=5, le=480)
    staff_ids: list[s.Id] = s.d("The staff members (at least one)", min_length=1, max_length=20)
    place: PlaceKind = s.d("room, outreach, phone or video")
    room_id: s.Id | None = s.d("The room (for place room)", None)
    location: s.s_(200) = s.d("The outreach location (for place outreach)", "")
    confirm_overlap: bool = s.d(
        "Book although a staff member or the room is already booked in the time", False
    )


class BookIn(SlotIn):
    kind: Kind = s.d(
        "intake, counselling, assessment, doctor, individual (treatment session), group, nurse, "
        "network or status_meeting"
    )
    service_id: s.s_(60) = s.d(
        "The course's service a treatment session belongs to (its dose); needed where the course "
        "has several services with a planned dose",
        "",
    )


class ActiveContactIn(s.In):
    on: dt.date = s.d("The day the citizen was contacted after the no-show")


class CalendarAppointmentOut(s.Schema):
    id: int = s.d("The appointment's id")
    at: dt.datetime = s.d("When it begins")
    minutes: int = s.d("Its length in minutes")
    kind: str = s.d("What kind")
    status: str = s.d("planned, attended, no_show or cancelled")
    place: str = s.d("room, outreach, phone, video, or empty (recorded before the calendar)")
    room_id: int | None = s.d("The room")
    location: str = s.d("The outreach location")
    staff_ids: list[int] = s.d("The staff members")
    contact_course_id: int | None = s.d("The contact course (null: not yours to see)")
    treatment_id: int | None = s.d("The treatment course, once treatment has started")
    client_id: int | None = s.d("The citizen (null: not yours to see)")
    contacted_on: dt.date | None = s.d("The active contact after a no-show (R27)")
    service_id: str = s.d("The course's service a treatment session belongs to, or empty")


class RoomOut(s.Schema):
    id: int = s.d("The room's id")
    centre_id: int = s.d("Its centre")
    name: str = s.d("Its name")


def _out(a, visible: bool = True) -> dict:
    return {
        "id": a.pk,
        "at": a.at,
        "minutes": a.minutes,
        "kind": a.kind,
        "status": a.status,
        "place": a.place,
        "room_id": a.room_id,
        "location": a.location,
        "staff_ids": sorted(u.pk for u in a.staff.all()),
        "contact_course_id": a.contact_course_id if visible else None,
        "treatment_id": a.treatment_id if visible else None,
        "client_id": a.contact_course.client_id if visible else None,
        "contacted_on": a.contacted_on if visible else None,
        "service_id": a.service_id if visible else "",
    }


def _today() -> dt.date:
    return timezone.localdate()


@router.get(
    "/calendar/appointments",
    response={200: list[CalendarAppointmentOut], **errors()},
    tags=["calendar"],
)
def calendar_appointments(
    request,
    start: Annotated[dt.date, Query(alias="from", description="The first day")],
    end: Annotated[dt.date, Query(alias="to", description="The last day (at most 31 days)")],
    staff_id: int | None = Query(None, ge=1, le=s.MAX_ID, description="A staff member's"),
    team_id: int | None = Query(None, ge=1, le=s.MAX_ID, description="A team's"),
    room_id: int | None = Query(None, ge=1, le=s.MAX_ID, description="A room's"),
):
    """The appointments of one staff member, team or room from `from` to `to` (both included),
    by time; the citizen and the course only where the caller may see the course (every one of
    those is logged as read)."""
    chosen = [(w, v) for w, v in (("staff", staff_id), ("team", team_id), ("room", room_id)) if v]
    if len(chosen) != 1:
        raise ServiceError(_("Give one of staff_id, team_id and room_id."), field="staff_id")
    check_dates(_today(), **{"from": (start, PLANNED), "to": (end, PLANNED)})
    if end < start or (end - start).days >= calendar_queries.MAX_DAYS:
        raise ServiceError(_("The period is from one day to at most 31 days."), field="to")
    who, pk = chosen[0]
    of = calendar_queries.subject(request.user, who, pk)
    entries = calendar_queries.appointments(
        request.user,
        who=who,
        of=of,
        start=start,
        end=end + dt.timedelta(days=1),
        purpose=PURPOSE,
    )
    return [_out(e.appointment, e.visible) for e in entries]


@router.get("/rooms", response={200: list[RoomOut], **errors()}, tags=["calendar"])
def list_rooms(request):
    """The municipality's rooms, to book in and to read a room's calendar."""
    return calendar_queries.rooms(request.user)


def _slot(user, payload: SlotIn) -> dict:
    staff = list(
        User.objects.filter(pk__in=payload.staff_ids, municipality_id=user.municipality_id)
    )
    if len(staff) != len(set(payload.staff_ids)):
        raise NotFound("User")
    room = None
    if payload.room_id is not None:
        room = Room.objects.filter(pk=payload.room_id, municipality_id=user.municipality_id).first()
        if room is None:
            raise NotFound("Room")
    return {
        "at": payload.at,
        "minutes": payload.minutes,
        "staff": staff,
        "place": payload.place,
        "room": room,
        "location": payload.location,
        "confirm_overlap": payload.confirm_overlap,
    }


@router.post(
    "/courses/{course_id}/appointments",
    response={201: CalendarAppointmentOut, **errors()},
    tags=["calendar"],
)
@decorate_view(idempotent)
def book_appointment(request, course_id: PathId, payload: BookIn):
    """Book an appointment on the contact course (before or after treatment starts)."""
    course = course_queries.course_for_change(request.user, course_id)
    a = courses.book_appointment(
        request.user,
        course,
        kind=payload.kind,
        service_id=payload.service_id,
        today=_today(),
        **_slot(request.user, payload),
    )
    return Status(201, _out(a))


def _appointment(request, appointment_id: int):
    return courses.calendar.appointment_of(request.user, appointment_id)


@router.post(
    "/appointments/{appointment_id}/move",
    response={200: CalendarAppointmentOut, **errors()},
    tags=["calendar"],
)
def move_appointment(request, appointment_id: PathId, payload: SlotIn):
    """Move a planned appointment (time, length, staff, place)."""
    a = courses.move_appointment(
        request.user,
        _appointment(request, appointment_id),
        today=_today(),
        **_slot(request.user, payload),
    )
    return _out(a)


@router.post(
    "/appointments/{appointment_id}/cancel",
    response={200: CalendarAppointmentOut, **errors()},
    tags=["calendar"],
)
def cancel_appointment(request, appointment_id: PathId):
    """Cancel a planned appointment."""
    a = courses.cancel_appointment(
        request.user, _appointment(request, appointment_id), today=_today()
    )
    return _out(a)


@router.post(
    "/appointments/{appointment_id}/active-contact",
    response={200: CalendarAppointmentOut, **errors()},
    tags=["calendar"],
)
def record_active_contact(request, appointment_id: PathId, payload: ActiveContactIn):
    """Record the active contact after a no-show (R27): the task leaves the worklist."""
    a = courses.record_active_contact(
        request.user, _appointment(request, appointment_id), on=payload.on, today=_today()
    )
    return _out(a)
