"""Forum calendars (R11): the next meetings of a visitation forum, from the shipped standards."""

import datetime as dt
import itertools

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendepunkt.rules.calendar import (
    WEEKDAY_NUMBER,
    earliest_decision,
    next_meetings,
    nth_weekday_of,
)
from vendepunkt.rules.standards import registry
from vendepunkt.rules.standards.schema import OnPublicHoliday, Recurrence, Schedule, Weekday


def forum(standard_id: str, forum_id: str):
    forums = registry.load_all()[standard_id].standard.visitation.forums
    return next(f for f in forums if f.id == forum_id)


def herning_committee() -> Schedule:
    return forum("herning", "doegnvisitationsudvalg").schedule


# --- the shipped forums -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (dt.date(2026, 11, 4), dt.date(2026, 12, 1)),
        (dt.date(2026, 12, 1), dt.date(2026, 12, 1)),  # on or after: the meeting day itself
        (dt.date(2026, 12, 2), dt.date(2027, 1, 5)),
        (dt.date(2026, 11, 3), dt.date(2026, 11, 3)),
        (dt.date(2026, 10, 7), dt.date(2026, 11, 3)),
    ],
)
def test_herning_residential_committee_meets_the_first_tuesday_R11(after, expected):
    assert earliest_decision(herning_committee(), after) == expected


def test_herning_residential_committee_next_three_meetings_R11():
    assert next_meetings(herning_committee(), dt.date(2026, 11, 4), count=3) == (
        dt.date(2026, 12, 1),
        dt.date(2027, 1, 5),
        dt.date(2027, 2, 2),
    )


def test_haderslev_weekly_meeting_without_a_weekday_cannot_be_computed_R11():
    schedule = forum("haderslev", "visitationsmoede").schedule
    assert schedule.recurrence == Recurrence.weekly and not schedule.weekdays
    assert next_meetings(schedule, dt.date(2026, 11, 4)) is None
    assert earliest_decision(schedule, dt.date(2026, 11, 4)) is None


def test_odsherred_committee_without_a_schedule_cannot_be_computed_R11():
    committee = forum("odsherred", "internt-visitationsudvalg")
    assert committee.schedule is None
    assert next_meetings(committee.schedule, dt.date(2026, 11, 4)) is None
    assert earliest_decision(committee.schedule, dt.date(2026, 11, 4)) is None


def test_herning_doctor_twice_a_week_without_weekdays_cannot_be_computed_R11():
    assert (
        next_meetings(forum("herning", "laegekonsultation").schedule, dt.date(2026, 11, 4)) is None
    )


def test_herning_health_team_decides_the_same_day_R11():
    schedule = forum("herning", "sundhedsteam-moede").schedule
    assert earliest_decision(schedule, dt.date(2026, 11, 7)) == dt.date(2026, 11, 7)


def test_hjoerring_caseworker_on_demand_R11():
    schedule = forum("hjoerring", "raadgiversamtale").schedule
    assert earliest_decision(schedule, dt.date(2026, 11, 8)) == dt.date(2026, 11, 8)


# --- each recurrence ----------------------------------------------------------------------------


def test_weekly_on_a_weekday_R11():
    schedule = Schedule(recurrence=Recurrence.weekly, weekdays=(Weekday.tuesday,))
    assert next_meetings(schedule, dt.date(2026, 11, 4), count=2) == (
        dt.date(2026, 11, 10),
        dt.date(2026, 11, 17),
    )
    assert earliest_decision(schedule, dt.date(2026, 11, 10)) == dt.date(2026, 11, 10)


def test_twice_weekly_needs_two_weekdays_R11():
    both = Schedule(recurrence=Recurrence.twice_weekly, weekdays=(Weekday.monday, Weekday.thursday))
    assert next_meetings(both, dt.date(2026, 11, 4), count=3) == (
        dt.date(2026, 11, 5),
        dt.date(2026, 11, 9),
        dt.date(2026, 11, 12),
    )
    one = Schedule(recurrence=Recurrence.twice_weekly, weekdays=(Weekday.monday,))
    assert next_meetings(one, dt.date(2026, 11, 4)) is None


def test_monthly_without_nth_weekday_cannot_be_computed():
    schedule = Schedule(recurrence=Recurrence.monthly, weekdays=(Weekday.tuesday,))
    assert next_meetings(schedule, dt.date(2026, 11, 4)) is None


def test_monthly_fifth_weekday_skips_months_without_one():
    schedule = Schedule(
        recurrence=Recurrence.monthly, weekdays=(Weekday.friday,), nth_weekday_of_month=5
    )
    # November 2026 has no fifth Friday; January 2027 has one (the 29th).
    assert earliest_decision(schedule, dt.date(2026, 11, 1)) == dt.date(2027, 1, 29)


def test_daily_means_monday_to_friday():
    schedule = Schedule(recurrence=Recurrence.daily)
    # 2026-11-06 is a Friday.
    assert next_meetings(schedule, dt.date(2026, 11, 6), count=3) == (
        dt.date(2026, 11, 6),
        dt.date(2026, 11, 9),
        dt.date(2026, 11, 10),
    )


def test_on_demand_and_same_day_start_with_the_day_itself():
    for recurrence in (Recurrence.on_demand, Recurrence.same_day):
        schedule = Schedule(recurrence=recurrence)
        day = dt.date(2026, 11, 8)  # a Sunday
        assert next_meetings(schedule, day, count=2) == (day, day + dt.timedelta(days=1))


def test_count_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        next_meetings(herning_committee(), dt.date(2026, 11, 4), count=0)


# --- properties -----------------------------------------------------------------------------------

weekdays = st.lists(st.sampled_from(list(Weekday)), min_size=1, max_size=7, unique=True).map(tuple)
on_holiday = st.sampled_from(list(OnPublicHoliday))
schedules = st.one_of(
    st.builds(
        Schedule,
        recurrence=st.just(Recurrence.weekly),
        weekdays=weekdays,
        on_public_holiday=on_holiday,
    ),
    st.builds(
        Schedule,
        recurrence=st.just(Recurrence.twice_weekly),
        weekdays=st.lists(st.sampled_from(list(Weekday)), min_size=2, max_size=2, unique=True).map(
            tuple
        ),
        on_public_holiday=on_holiday,
    ),
    st.builds(
        Schedule,
        recurrence=st.just(Recurrence.monthly),
        weekdays=weekdays,
        nth_weekday_of_month=st.integers(min_value=1, max_value=5),
        on_public_holiday=on_holiday,
    ),
    st.builds(
        Schedule,
        recurrence=st.sampled_from([Recurrence.daily, Recurrence.same_day, Recurrence.on_demand]),
        on_public_holiday=on_holiday,
    ),
)
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@settings(max_examples=80, deadline=None)
@given(schedules, days, st.integers(min_value=1, max_value=6))
def test_meetings_are_on_or_after_and_strictly_increasing_R11(schedule, after, count):
    meetings = next_meetings(schedule, after, count)
    assert meetings is not None and len(meetings) == count
    assert meetings[0] >= after
    assert all(a < b for a, b in itertools.pairwise(meetings))
    assert earliest_decision(schedule, after) == meetings[0]


@settings(max_examples=80, deadline=None)
@given(schedules, days, st.integers(min_value=1, max_value=6))
def test_meetings_fall_on_the_scheduled_days_R11(schedule, after, count):
    meetings = next_meetings(schedule, after, count)
    listed = {WEEKDAY_NUMBER[w] for w in schedule.weekdays}
    for day in meetings:
        if schedule.recurrence not in ON_DEMAND:
            assert day not in DK_HOLIDAYS
        if schedule.on_public_holiday == OnPublicHoliday.move and not is_rhythm_day(schedule, day):
            continue  # moved off a holiday: checked by the oracle below
        if schedule.recurrence in (Recurrence.weekly, Recurrence.twice_weekly):
            assert day.weekday() in listed
        elif schedule.recurrence == Recurrence.monthly:
            assert day.weekday() in listed
            assert nth_weekday_of(day) == schedule.nth_weekday_of_month
        elif schedule.recurrence == Recurrence.daily:
            assert day.weekday() < 5


DK_HOLIDAYS = holidays.country_holidays("DK", years=range(1999, 2102))
ON_DEMAND = (Recurrence.same_day, Recurrence.on_demand)


def is_meeting_day(schedule: Schedule, day: dt.date) -> bool:
    """An independent oracle, written from the calendar's description: no meeting on a public
    holiday; one that falls on it is skipped, or held on the next working day."""
    if schedule.recurrence in ON_DEMAND:
        return is_rhythm_day(schedule, day)
    if day in DK_HOLIDAYS:
        return False
    if is_rhythm_day(schedule, day):
        return True
    if schedule.on_public_holiday != OnPublicHoliday.move or day.weekday() >= 5:
        return False
    back = day - dt.timedelta(days=1)
    while back.weekday() >= 5 or back in DK_HOLIDAYS:  # the days since the last working day
        if back in DK_HOLIDAYS and is_rhythm_day(schedule, back):
            return True
        back -= dt.timedelta(days=1)
    return False


def is_rhythm_day(schedule: Schedule, day: dt.date) -> bool:
    """The schedule's rhythm, holidays aside."""
    names = {w.value for w in schedule.weekdays}
    name = day.strftime("%A").lower()
    match schedule.recurrence:
        case Recurrence.weekly | Recurrence.twice_weekly:
            return name in names
        case Recurrence.monthly:
            same_weekday_before = sum(
                1
                for d in range(1, day.day)
                if dt.date(day.year, day.month, d).weekday() == day.weekday()
            )
            return name in names and same_weekday_before + 1 == schedule.nth_weekday_of_month
        case Recurrence.daily:
            return name not in ("saturday", "sunday")
    return True


@settings(max_examples=60, deadline=None)
@given(schedules, days, st.integers(min_value=1, max_value=4))
def test_no_meeting_is_skipped_R11(schedule, after, count):
    meetings = next_meetings(schedule, after, count)
    day = after
    while day <= meetings[-1]:
        assert is_meeting_day(schedule, day) is (day in meetings), day
        day += dt.timedelta(days=1)


# --- public holidays (issue 12 § 2) -------------------------------------------------------------


def test_a_forum_does_not_meet_on_a_public_holiday_skipped_by_default():
    # Easter Monday 6 April 2026: a Monday forum skips it and next meets on 13 April.
    schedule = Schedule(recurrence=Recurrence.weekly, weekdays=(Weekday.monday,))
    assert next_meetings(schedule, dt.date(2026, 4, 6)) == (dt.date(2026, 4, 13),)


def test_a_forum_meeting_on_a_public_holiday_moves_to_the_next_working_day():
    schedule = Schedule(
        recurrence=Recurrence.weekly, weekdays=(Weekday.thursday,), on_public_holiday="move"
    )
    # Maundy Thursday 2 April 2026 -> Good Friday, Easter Monday are holidays -> Tuesday 7 April.
    assert next_meetings(schedule, dt.date(2026, 4, 1), 2) == (
        dt.date(2026, 4, 7),
        dt.date(2026, 4, 9),
    )
    # Herning's first-Tuesday committee is not affected in an ordinary month.
    herning = Schedule(recurrence=Recurrence.monthly, weekdays=("tuesday",), nth_weekday_of_month=1)
    assert next_meetings(herning, dt.date(2026, 12, 1)) == (dt.date(2026, 12, 1),)


def test_working_days_know_danish_public_holidays():
    from vendepunkt.rules.calendar import is_working_day, next_working_day

    assert not is_working_day(dt.date(2026, 12, 25))  # Christmas Day
    assert not is_working_day(dt.date(2026, 5, 14))  # Ascension Day
    assert is_working_day(dt.date(2026, 5, 1))  # 1 May is not a public holiday
    assert next_working_day(dt.date(2026, 12, 24)) == dt.date(2026, 12, 28)
