"""Reading the calendar (issue 13 § 3): the appointments of a staff member, a team or a room in a
date range, for the web's day and week views and the API's list. Every staff member of the
municipality sees the calendars (to book a free time); the citizen's name and the course only
where the reader may open that course (need to know), else the time shows as booked. Every
appointment shown with a name is in the read log, in one query: a fixed number of queries
whatever the number of appointments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from vendepunkt.accounts.access import NotFound, can, require
from vendepunkt.accounts.inputs import PLANNED, check_dates
from vendepunkt.accounts.models import Team, User
from vendepunkt.audit.services import log_reads

from ..guard import course_guard
from ..models import Appointment, ContactCourse, Room

MAX_DAYS = 31


@dataclass(frozen=True)
class _Guard:
    municipality_id: int
    team_id: int | None = None


@dataclass
class Entry:
    appointment: Appointment
    visible: bool  # may the reader see whose appointment it is

    @property
    def client(self) -> Any:
        return self.appointment.contact_course.client if self.visible else None


def _guard(user: Any) -> _Guard:
    return _Guard(user.municipality_id)


def subject(user: Any, who: str, pk: int) -> Any:
    """The staff member, team or room a calendar is of (the user's municipality only: another
    municipality's is "not found" for everyone, before the permission is asked)."""
    found: Any
    if who == "staff":
        found = User.objects.filter(pk=pk, municipality_id=user.municipality_id).first()
    elif who == "team":
        found = (
            Team.objects.select_related("centre")
            .filter(pk=pk, centre__municipality_id=user.municipality_id)
            .first()
        )
    elif who == "room":
        found = (
            Room.objects.select_related("centre")
            .filter(pk=pk, municipality_id=user.municipality_id)
            .first()
        )
    else:
        raise ValueError(who)
    if found is None:
        raise NotFound(who)
    require(user, "courses.view_calendar", _guard(user))
    return found


def _course_team(a: Appointment) -> int | None:
    treatment = a.treatment
    return treatment.team_id if treatment is not None else a.contact_course.team_id


def appointments(
    user: Any,
    *,
    who: str,
    of: Any,
    start: dt.date,
    end: dt.date,
    purpose: str = "calendar",
) -> list[Entry]:
    """The appointments of `of` (a staff member, team or room) from `start` up to `end`
    (exclusive), by time. Three queries and the read log, whatever their number."""
    require(user, "courses.view_calendar", _guard(user))
    # the days must lie within the named bounds (a day in year 1 cannot be a time in Denmark)
    check_dates(timezone.localdate(), start=(start, PLANNED), end=(end, PLANNED))
    if end <= start or (end - start).days > MAX_DAYS:
        raise ValueError("range")
    tz = timezone.get_current_timezone()
    rows = Appointment.objects.filter(
        municipality_id=user.municipality_id,
        at__gte=dt.datetime.combine(start, dt.time(), tzinfo=tz),
        at__lt=dt.datetime.combine(end, dt.time(), tzinfo=tz),
    )
    if who == "staff":
        rows = rows.filter(staff=of)
    elif who == "team":
        rows = rows.filter(staff__teams=of).distinct()
    elif who == "room":
        rows = rows.filter(room=of)
    else:
        raise ValueError(who)
    rows = rows.select_related("contact_course__client", "treatment", "room").prefetch_related(
        Prefetch("staff", queryset=User.objects.only("id", "first_name", "last_name", "username"))
    )
    entries = []
    for a in rows.order_by("at", "id"):
        team = _course_team(a)
        visible = can(user, "courses.view_course", _Guard(a.municipality_id, team))
        entries.append(Entry(a, visible))
    log_reads(
        user,
        [
            (e.appointment.contact_course.client_id, "appointment", e.appointment.pk)
            for e in entries
            if e.visible
        ],
        purpose=purpose,
    )
    return entries


def appointment(user: Any, appointment_id: int, *, purpose: str = "calendar") -> Appointment:
    """One appointment, for those who may open its course; logged."""
    found = (
        Appointment.objects.select_related("contact_course__client", "treatment", "room")
        .prefetch_related("staff")
        .filter(pk=appointment_id, municipality_id=user.municipality_id)
        .first()
    )
    guard = _Guard(found.municipality_id, _course_team(found)) if found else None
    require(user, "courses.view_course", guard)
    assert found is not None  # nosec B101 (require refuses None)
    log_reads(
        user,
        [(found.contact_course.client_id, "appointment", found.pk)],
        purpose=purpose,
    )
    return found


def rooms(user: Any) -> list[Room]:
    require(user, "courses.view_calendar", _guard(user))
    return list(
        Room.objects.select_related("centre")
        .filter(municipality_id=user.municipality_id, active=True)
        .order_by("centre__name", "name")
    )


def staff_members(user: Any) -> list[User]:
    require(user, "courses.view_calendar", _guard(user))
    return list(
        User.objects.filter(municipality_id=user.municipality_id, is_active=True)
        .exclude(role__in=("", "administrator", "auditor"))
        .order_by("first_name", "last_name", "username")
    )


def teams(user: Any) -> list[Team]:
    require(user, "courses.view_calendar", _guard(user))
    return list(
        Team.objects.select_related("centre")
        .filter(centre__municipality_id=user.municipality_id)
        .order_by("centre__name", "name")
    )


def course_for_booking(user: Any, course_id: int, *, purpose: str = "calendar") -> ContactCourse:
    """The contact course an appointment is booked on (the page names the citizen: logged)."""
    course = (
        ContactCourse.objects.select_related("client", "treatment")
        .filter(pk=course_id, municipality_id=user.municipality_id)
        .first()
    )
    require(user, "courses.record_appointment", course_guard(course))
    assert course is not None  # nosec B101 (require refuses None)
    log_reads(user, [(course.client_id, "contactcourse", course.pk)], purpose=purpose)
    return course
