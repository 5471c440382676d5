"""When does a visitation forum meet next? (R11)

A forum's `Schedule` in the standard file gives its rhythm: weekly or twice weekly on named
weekdays, monthly on the nth weekday (Herning's residential committee: the first Tuesday of
the month), daily, the same day, or on demand. `next_meetings` turns that into dates; the
caller uses the first of them, `earliest_decision`, to see whether a decision can be made
within a deadline (the at-risk flag).

Decisions:

- Meetings are counted ON or after the given day: a forum that meets on the day of the request
  is assumed to be able to take it that day. This keeps the rule simple and errs towards fewer
  false alarms; the caller may pass the next day to be stricter.
- When the dates cannot be computed the answer is `None`, never a guess: no schedule, weekly
  without a weekday, twice weekly without exactly two weekdays, monthly without the nth
  weekday. The caller then says the calendar is open and raises no at-risk flag.
- `daily` means every weekday Monday to Friday (its listed weekdays, if any, are ignored).
- `same_day` and `on_demand` mean the forum decides when needed: any calendar day, starting
  with the given day.
- A monthly schedule with several weekdays meets on the nth of each of them; the 5th weekday
  is skipped in months that have only four.
- Public holidays are not known to the rules layer: a meeting that falls on one is still listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .standards.schema import Recurrence, Schedule, Weekday

__all__ = ["earliest_decision", "next_meetings"]

WEEKDAY_NUMBER = {
    Weekday.monday: 0,
    Weekday.tuesday: 1,
    Weekday.wednesday: 2,
    Weekday.thursday: 3,
    Weekday.friday: 4,
    Weekday.saturday: 5,
    Weekday.sunday: 6,
}
_MONDAY_TO_FRIDAY = frozenset(range(5))
# Every schedule meets at least once in any run of this many days (a 5th weekday comes at
# least four times a year), so the search below always ends.
_LONGEST_GAP = 200


def nth_weekday_of(day: dt.date) -> int:
    """Which occurrence of its weekday in its month `day` is (1 for the first Tuesday)."""
    return (day.day - 1) // 7 + 1


def _meets(schedule: Schedule) -> Callable[[dt.date], bool] | None:
    """A test for meeting days, or None when the schedule does not say enough."""
    days = frozenset(WEEKDAY_NUMBER[Weekday(w)] for w in schedule.weekdays)
    match schedule.recurrence:
        case Recurrence.weekly:
            return (lambda d: d.weekday() in days) if days else None
        case Recurrence.twice_weekly:
            return (lambda d: d.weekday() in days) if len(days) == 2 else None
        case Recurrence.monthly:
            nth = schedule.nth_weekday_of_month
            if nth is None or not days:
                return None
            return lambda d: d.weekday() in days and nth_weekday_of(d) == nth
        case Recurrence.daily:
            return lambda d: d.weekday() in _MONDAY_TO_FRIDAY
        case Recurrence.same_day | Recurrence.on_demand:
            return lambda d: True
    return None  # pragma: no cover - a new recurrence the calendar does not know yet


def next_meetings(
    schedule: Schedule | None, after: dt.date, count: int = 1
) -> tuple[dt.date, ...] | None:
    """The next `count` meeting dates on or after `after`, in order; None when the schedule
    cannot be computed (see the module docstring)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if schedule is None:
        return None
    meets = _meets(schedule)
    if meets is None:
        return None
    found: list[dt.date] = []
    day, since_last = after, 0
    while len(found) < count:
        if since_last > _LONGEST_GAP:  # pragma: no cover - cannot happen for the rules above
            raise RuntimeError(f"no meeting found for {schedule!r} after {after}")
        if meets(day):
            found.append(day)
            since_last = 0
        else:
            since_last += 1
        day += dt.timedelta(days=1)
    return tuple(found)


def earliest_decision(schedule: Schedule | None, request_day: dt.date) -> dt.date | None:
    """The first day a forum with this schedule can decide on a request made on `request_day`
    (on or after it), or None when the schedule cannot be computed."""
    meetings = next_meetings(schedule, request_day)
    return meetings[0] if meetings else None
