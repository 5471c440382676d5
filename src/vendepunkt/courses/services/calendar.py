"""The calendar (issue 13 § 3): appointments for every step of a course, before and after
treatment starts, with their staff, place and length; booking, moving, cancelling, attendance
and the active contact after a no-show (R27).

Every change runs in `_change.change` on the contact course (and its treatment course when there
is one): one transaction, the rows locked, the permission `courses.record_appointment` (deny by
default), the audit entry and the deadline refresh. A double booking (a staff member or the room
already booked in the time) is refused with code "double_booking" unless the caller confirms it
(`confirm_overlap=True`): a warning the user answers, never a silent save.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import HAPPENED, PLANNED, check_dates, unstorable_text
from vendepunkt.accounts.models import Centre, User
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import audit_change

from ..models import Appointment, ContactCourse, Room
from ..vocabulary import TREATMENT_KINDS, AppointmentKind, AttendanceStatus, Place
from ._change import Change, _lock, change
from ._common import _before_discharge
from .treatment import require_dose_room, set_attendance

MIN_MINUTES = 5
MAX_MINUTES = 480  # a working day: the overlap search looks this far back
DOUBLE_BOOKING = "double_booking"
BUSY = (AttendanceStatus.PLANNED, AttendanceStatus.ATTENDED)


@dataclass(frozen=True)
class Overlap:
    """A booking in the way: whose (a staff member) or which room, and when."""

    appointment_id: int
    at: dt.datetime
    staff_id: int | None
    room_id: int | None


def overlaps(
    municipality_id: int,
    *,
    at: dt.datetime,
    minutes: int,
    staff_ids: Sequence[int],
    room_id: int | None,
    exclude: int | None = None,
) -> list[Overlap]:
    """The planned or attended appointments that share a staff member or the room with
    [at, at + minutes). One query: the window is bounded by the longest appointment."""
    end = at + dt.timedelta(minutes=minutes)
    rows = (
        Appointment.objects.filter(
            municipality_id=municipality_id,
            status__in=BUSY,
            at__lt=end,
            at__gt=at - dt.timedelta(minutes=MAX_MINUTES),
        )
        .prefetch_related("staff")
        .only("id", "at", "minutes", "room_id")
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    found = []
    wanted = set(staff_ids)
    for a in rows:
        if a.at + dt.timedelta(minutes=a.minutes) <= at:
            continue
        for s in a.staff.all():
            if s.pk in wanted:
                found.append(Overlap(a.pk, a.at, s.pk, None))
        if room_id is not None and a.room_id == room_id:
            found.append(Overlap(a.pk, a.at, None, room_id))
    return found


def _refuse_overlap(found: list[Overlap], staff: Sequence[User], room: Room | None) -> None:
    names = {u.pk: u.get_full_name() or u.username for u in staff}
    busy = sorted({names[o.staff_id] for o in found if o.staff_id is not None})
    if busy and any(o.room_id for o in found):
        raise ServiceError(
            _(
                "Double booking: %(staff)s and the room %(room)s are already booked in this time. "
                "Confirm to book anyway."
            ),
            staff=busy,
            room=str(room),
            field="confirm_overlap",
            code=DOUBLE_BOOKING,
        )
    if busy:
        raise ServiceError(
            _(
                "Double booking: %(staff)s already has an appointment in this time. Confirm to book anyway."
            ),
            staff=busy,
            field="confirm_overlap",
            code=DOUBLE_BOOKING,
        )
    raise ServiceError(
        _(
            "Double booking: the room %(room)s is already booked in this time. Confirm to book anyway."
        ),
        room=str(room),
        field="confirm_overlap",
        code=DOUBLE_BOOKING,
    )


def _check_slot(
    actor: Actor,
    *,
    kind: str,
    minutes: int,
    staff: Sequence[User],
    place: str,
    room: Room | None,
    location: str,
) -> None:
    if kind not in AppointmentKind.values:
        raise ServiceError(
            _("Unknown kind of appointment: choose one of %(kinds)s."),
            kinds=", ".join(AppointmentKind.values),
            field="kind",
        )
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ServiceError(
            _("The length must be between %(low)s and %(high)s minutes."),
            low=MIN_MINUTES,
            high=MAX_MINUTES,
            field="minutes",
        )
    if not staff:
        raise ServiceError(_("Choose at least one staff member."), field="staff")
    for user in staff:
        if user.municipality_id != actor.municipality_id or not user.is_active or not user.role:
            raise ServiceError(_("A staff member was not found."), field="staff")
    if place not in Place.values:
        raise ServiceError(_("Choose where the appointment takes place."), field="place")
    if place == Place.ROOM:
        if room is None:
            raise ServiceError(_("Choose the room."), field="room")
        if room.municipality_id != actor.municipality_id or not room.active:
            raise ServiceError(_("The room was not found."), field="room")
    elif room is not None:
        raise ServiceError(_("A room is chosen only for an appointment in a room."), field="room")
    if place == Place.OUTREACH and not location.strip():
        raise ServiceError(_("Write where the outreach appointment takes place."), field="location")
    if unstorable_text(location) or len(location) > 200:
        raise ServiceError(
            _("The location is too long or contains characters that cannot be stored."),
            field="location",
        )


def book_appointment(
    actor: Actor,
    course: ContactCourse,
    *,
    at: dt.datetime,
    kind: str,
    minutes: int,
    staff: Sequence[User],
    place: str,
    room: Room | None = None,
    location: str = "",
    confirm_overlap: bool = False,
    service_id: str = "",
    today: dt.date,
) -> Appointment:
    """Book an appointment on the citizen's contact course; on its treatment course too once
    treatment has started (a treatment session, a group session and a nurse's consultation need
    one). A treatment session names the service it belongs to where the course has several with a
    planned dose (`service_id`, issue 12 § 3)."""
    with change(actor, "courses.record_appointment", course=course, today=today) as c:
        check_dates(today, at=(at, PLANNED))
        if course.closed_on is not None:
            raise ServiceError(_("The contact course has ended."), code="closed")
        staff = list(dict.fromkeys(staff))
        _check_slot(
            actor,
            kind=kind,
            minutes=minutes,
            staff=staff,
            place=place,
            room=room,
            location=location,
        )
        treatment = getattr(course, "treatment", None)
        if treatment is not None:
            _lock(treatment)
            _before_discharge(treatment, timezone.localtime(at).date(), field="at")
        if kind in TREATMENT_KINDS:
            if treatment is None:
                raise ServiceError(
                    _("“%(kind)s” belongs to a treatment course: start the treatment first."),
                    kind=AppointmentKind(kind).label,
                    field="kind",
                    code="no_treatment",
                )
            require_dose_room(treatment, timezone.localtime(at).date(), kind, service_id)
        elif service_id:
            raise ServiceError(
                _("Only a treatment session belongs to a service of the course."),
                field="service_id",
                code="service-not-session",
            )
        found = overlaps(
            course.municipality_id,
            at=at,
            minutes=minutes,
            staff_ids=[u.pk for u in staff],
            room_id=room.pk if room else None,
        )
        if found and not confirm_overlap:
            _refuse_overlap(found, staff, room)
        c.refresh = False
        appointment = Appointment.objects.create(
            municipality=course.municipality,
            contact_course=course,
            treatment=treatment,
            at=at,
            kind=kind,
            minutes=minutes,
            place=place,
            room=room,
            location=location.strip(),
            service_id=service_id if kind in TREATMENT_KINDS else "",
        )
        appointment.staff.set(staff)
        c.audit(
            Action.APPOINTMENT_BOOKED,
            appointment,
            after={
                **_snapshot(appointment),
                "double_booking_confirmed": bool(found),
            },
        )
        return appointment


def _snapshot(a: Appointment) -> dict[str, object]:
    return {
        "contact_course_id": a.contact_course_id,
        "treatment_id": a.treatment_id,
        "at": a.at.isoformat(),
        "minutes": a.minutes,
        "kind": a.kind,
        "place": a.place,
        "room_id": a.room_id,
        "location": a.location,
        "service_id": a.service_id,
        "staff": sorted(a.staff.values_list("id", flat=True)),
        "status": a.status,
    }


def _course_change(
    actor: Actor, appointment: Appointment, today: dt.date
) -> AbstractContextManager[Change]:
    treatment = appointment.treatment
    return change(
        actor,
        "courses.record_appointment",
        course=appointment.contact_course if treatment is None else None,
        treatment=treatment,
        today=today,
    )


def move_appointment(
    actor: Actor,
    appointment: Appointment,
    *,
    at: dt.datetime,
    minutes: int | None = None,
    staff: Sequence[User] | None = None,
    place: str | None = None,
    room: Room | None = None,
    location: str | None = None,
    confirm_overlap: bool = False,
    today: dt.date,
) -> Appointment:
    """Move a planned appointment to another time, and change its length, staff or place."""
    with _course_change(actor, appointment, today) as c:
        _lock(appointment)
        before = _snapshot(appointment)
        if appointment.status != AttendanceStatus.PLANNED:
            raise ServiceError(
                _("Only a planned appointment can be moved."), field="at", code="not_planned"
            )
        check_dates(today, at=(at, PLANNED))
        minutes = appointment.minutes if minutes is None else minutes
        staff = list(appointment.staff.all()) if staff is None else list(dict.fromkeys(staff))
        if place is None:
            place, room = appointment.place or Place.ROOM, room or appointment.room
        location = appointment.location if location is None else location
        _check_slot(
            actor,
            kind=appointment.kind,
            minutes=minutes,
            staff=staff,
            place=place,
            room=room,
            location=location,
        )
        if appointment.treatment is not None:
            _before_discharge(appointment.treatment, timezone.localtime(at).date(), field="at")
        found = overlaps(
            appointment.municipality_id,
            at=at,
            minutes=minutes,
            staff_ids=[u.pk for u in staff],
            room_id=room.pk if room else None,
            exclude=appointment.pk,
        )
        if found and not confirm_overlap:
            _refuse_overlap(found, staff, room)
        c.refresh = False
        appointment.at, appointment.minutes = at, minutes
        appointment.place, appointment.room, appointment.location = place, room, location.strip()
        appointment.save(update_fields=["at", "minutes", "place", "room", "location"])
        appointment.staff.set(staff)
        after = {**_snapshot(appointment), "double_booking_confirmed": bool(found)}
        c.audit(Action.APPOINTMENT_MOVED, appointment, before=before, after=after)
        return appointment


def cancel_appointment(actor: Actor, appointment: Appointment, *, today: dt.date) -> Appointment:
    """Cancel a planned appointment (it stays in the calendar, marked cancelled)."""
    with _course_change(actor, appointment, today) as c:
        _lock(appointment)
        if appointment.status != AttendanceStatus.PLANNED:
            raise ServiceError(
                _("Only a planned appointment can be cancelled."), code="not_planned"
            )
        c.refresh = False
        return c.update(
            appointment,
            Action.APPOINTMENT_CANCELLED,
            ("status",),
            status=AttendanceStatus.CANCELLED,
        )


def record_attendance(
    actor: Actor,
    appointment: Appointment,
    *,
    status: str,
    today: dt.date,
    now: dt.datetime | None = None,
) -> Appointment:
    """Attended or no-show, for an appointment that has begun (set_attendance, R27)."""
    if status not in (AttendanceStatus.ATTENDED, AttendanceStatus.NO_SHOW):
        raise ServiceError(_("Unknown attendance status."), field="status")
    return set_attendance(actor, appointment, status=status, today=today, now=now)


def record_active_contact(
    actor: Actor, appointment: Appointment, *, on: dt.date, today: dt.date
) -> Appointment:
    """R27: the citizen was actively contacted after the no-show; the task leaves the worklist."""
    with _course_change(actor, appointment, today) as c:
        _lock(appointment)
        check_dates(today, on=(on, HAPPENED))
        if appointment.status != AttendanceStatus.NO_SHOW:
            raise ServiceError(
                _("Active contact is recorded after a no-show."), field="on", code="not_no_show"
            )
        if on < timezone.localtime(appointment.at).date():
            raise ServiceError(
                _("The contact cannot be before the no-show (%(date)s)."),
                date=timezone.localtime(appointment.at).date(),
                field="on",
            )
        return c.update(
            appointment,
            Action.APPOINTMENT_CONTACTED,
            ("contacted_on", "contacted_by_id"),
            contacted_on=on,
            contacted_by=actor,
        )


def add_room(actor: Actor, centre: Centre, *, name: str) -> Room:
    """A room of a centre (leaders and administrators)."""
    require(actor, "courses.manage_rooms", centre)
    name = name.strip()
    if not name or len(name) > 100 or unstorable_text(name):
        raise ServiceError(_("Write the room's name (at most 100 characters)."), field="name")
    with transaction.atomic():
        if Room.objects.filter(centre=centre, name=name).exists():
            raise ServiceError(
                _("The centre already has a room named %(name)s."), name=name, field="name"
            )
        room = Room.objects.create(municipality_id=centre.municipality_id, centre=centre, name=name)
        audit_change(actor, Action.ROOM_ADDED, room, fields=("centre_id", "name"))
        return room


def appointment_of(actor: Actor, appointment_id: int) -> Appointment:
    """An appointment of the actor's municipality for a change (its permission is checked by
    the change under the lock); another municipality's is "not found"."""
    found = (
        Appointment.objects.select_related("contact_course", "treatment", "room")
        .filter(pk=appointment_id, municipality_id=actor.municipality_id)
        .first()
    )
    if found is None:
        raise NotFound("Appointment")
    return found
