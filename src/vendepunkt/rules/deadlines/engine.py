"""What every rule shares: the context of one computation, the status of a deadline, making
a `ComputedDeadline`, the standard's deadline for the track and the day it counts from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..law import LawFloor
from ..standards.schema import Deadline, DeadlineKind, Event, Standard
from .facts import Course
from .result import ComputedDeadline, Kind, Status

# --- the engine -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Guarantee:
    trigger: dt.date
    due: dt.date


@dataclass
class _Ctx:
    course: Course
    std: Standard
    floor: LawFloor
    today: dt.date
    guarantee: _Guarantee | None = None  # set by the guarantee rule, read by the doctor's

    @property
    def track(self) -> str:
        return self.course.legal_basis


def _status(due: dt.date | None, closed_on: dt.date | None, today: dt.date) -> Status:
    """met when closed on or before `due`; breached when closed after it, or not closed and
    `today` is past it; open otherwise."""
    if closed_on is not None:
        return Status.met if due is None or closed_on <= due else Status.breached
    if due is not None and today > due:
        return Status.breached
    return Status.open


def _first_on_or_after(days: Iterable[dt.date], day: dt.date) -> dt.date | None:
    return min((d for d in days if d >= day), default=None)


def _deadline(
    kind: Kind,
    subject: str,
    trigger: dt.date,
    due: dt.date | None,
    closed_on: dt.date | None,
    c: _Ctx,
    *,
    citation: str | None,
    source: object | None,
    da: Iterable[str],
    en: Iterable[str],
    status: Status | None = None,
    at_risk_from: dt.date | None = None,
    standard_due: dt.date | None = None,
) -> ComputedDeadline:
    status = status or _status(due, closed_on, c.today)
    return ComputedDeadline(
        kind=str(kind),
        subject=subject,
        trigger=trigger,
        due=due,
        status=str(status),
        at_risk=at_risk_from is not None and at_risk_from <= c.today and status == Status.open,
        closed_on=closed_on if status in (Status.met, Status.breached, Status.waived) else None,
        citation=citation,
        source=str(source) if source is not None else None,
        reason_da=" ".join(da),
        reason_en=" ".join(en),
        at_risk_from=at_risk_from if status == Status.open else None,
        standard_due=standard_due
        if due is not None and standard_due is not None and standard_due > due
        else None,
    )


def _covers(d: Deadline, track: str) -> bool:
    """A deadline of the standard applies to the track: it names it, or names no track."""
    return (not d.legal_bases or track in d.legal_bases) and track not in d.not_covered


def _std_deadline(c: _Ctx, kind: DeadlineKind) -> Deadline | None:
    return next((d for d in c.std.deadlines if d.kind == kind and _covers(d, c.track)), None)


def _event_day(c: _Ctx, event: Event | None) -> tuple[dt.date, Event, list[str], list[str]]:
    """The day a deadline of the standard counts from, the event actually used, and notes.

    Request and contact are the request day. Personal attendance is its recorded day, or the
    request until it is recorded. Any other event (not one a course starts from) falls back to
    the request, as the law counts."""
    course = c.course
    if event in (Event.request, Event.contact, None):
        return course.requested_on, event or Event.request, [], []
    if event == Event.personal_attendance:
        if course.personal_attendance_on is not None:
            return course.personal_attendance_on, event, [], []
        return (
            course.requested_on,
            Event.request,
            [
                "Standarden regner fra personligt fremmøde, som ikke er registreret endnu; indtil da regnes fra henvendelsen, som loven gør."
            ],
            [
                "The standard counts from personal attendance, which is not recorded yet; until then the engine counts from the request, as the law does."
            ],
        )
    return (
        course.requested_on,
        Event.request,
        [f"Standarden regner fra «{event}»; motoren regner fra henvendelsen, som loven gør."],
        [
            f"The standard counts from “{event}”; the engine counts from the request, as the law does."
        ],
    )
