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
- A forum does not meet on a Danish public holiday (the maintained `holidays` package): the
  schedule's `on_public_holiday` says whether such a meeting is skipped (the default) or moves to
  the next working day. Forums that decide on demand or the same day are not affected.
- Working days are Monday to Friday that are not public holidays. Grundlovsdag, 24 and 31
  December are not public holidays (helligdage) and count as working days here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache

import holidays

from .standards.schema import OnPublicHoliday, Recurrence, Schedule, Weekday

__all__ = [
    "earliest_decision",
    "is_public_holiday",
    "is_working_day",
    "next_meetings",
    "next_working_day",
    "working_day_on_or_after",
]


@cache
def _danish_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("DK", years=year))


def is_public_holiday(day: dt.date) -> bool:
    """A Danish public holiday (helligdag): New Year, Maundy Thursday to Easter Monday,
    Ascension, Whitsun and its Monday, Christmas Day and Boxing Day (Store Bededag until 2023)."""
    return day in _danish_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and not is_public_holiday(day)


def working_day_on_or_after(day: dt.date) -> dt.date:
    """`day` if it is a working day, else the next working day."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after `day`."""
    return working_day_on_or_after(day + dt.timedelta(days=1))


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
    holiday_rule = schedule.recurrence not in (Recurrence.same_day, Recurrence.on_demand)
    found: set[dt.date] = set()
    # A meeting moved off a holiday may land after `after` although its own day was before it,
    # and after a later meeting of the rhythm: search from a little before `after` and on a
    # little past the last one needed (no run of holidays and weekends is this long).
    day, since_last, stop = after - dt.timedelta(days=_MOVE_BACK), 0, None
    while stop is None or day <= stop:
        if since_last > _LONGEST_GAP:  # pragma: no cover - cannot happen for the rules above
            raise RuntimeError(f"no meeting found for {schedule!r} after {after}")
        held = (_held_on(schedule, day) if holiday_rule else day) if meets(day) else None
        if held is not None and held >= after:
            found.add(held)
            since_last = 0
            if stop is None and len(found) >= count:
                stop = day + dt.timedelta(days=_MOVE_BACK)
        else:
            since_last += 1
        day += dt.timedelta(days=1)
    return tuple(sorted(found)[:count])


_MOVE_BACK = 10


def _held_on(schedule: Schedule, day: dt.date) -> dt.date | None:
    """The day a meeting of the rhythm on `day` is held: that day, or none (skipped) or the next
    working day (moved) when it is a public holiday."""
    if not is_public_holiday(day):
        return day
    if schedule.on_public_holiday == OnPublicHoliday.move:
        return next_working_day(day)
    return None


def earliest_decision(schedule: Schedule | None, request_day: dt.date) -> dt.date | None:
    """The first day a forum with this schedule can decide on a request made on `request_day`
    (on or after it), or None when the schedule cannot be computed."""
    meetings = next_meetings(schedule, request_day)
    return meetings[0] if meetings else None
