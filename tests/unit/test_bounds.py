"""The bounds of dates and times from users (rules/bounds.py, D40): pure, `today` an argument."""

import datetime as dt

import pytest

from vendepunkt.rules import bounds
from vendepunkt.rules.bounds import DateOutOfBounds, Kind
from vendepunkt.rules.dates import date_text

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("kind", "first", "last"),
    [
        (Kind.HAPPENED, dt.date(1990, 1, 1), dt.date(2027, 11, 23)),
        (Kind.PLANNED, dt.date(1990, 1, 1), dt.date(2036, 11, 23)),
        (Kind.BIRTH, dt.date(1906, 11, 23), TODAY),
    ],
)
def test_each_kind_accepts_its_bounds_and_refuses_the_day_beyond(kind, first, last):
    for day in (first, last):
        bounds.check_date(day, kind=kind, today=TODAY)
    for day in (
        first - dt.timedelta(days=1),
        last + dt.timedelta(days=1),
        dt.date.min,
        dt.date.max,
    ):
        with pytest.raises(DateOutOfBounds) as info:
            bounds.check_date(day, kind=kind, today=TODAY, field="on")
        assert info.value.field == "on" and date_text(day) in info.value.message_da
        assert date_text(day) in info.value.message_en


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC),
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=-23, minutes=-59))),
        dt.datetime(2026, 11, 20, 10),  # no time zone
        dt.datetime(2026, 11, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=14, minutes=1))),
        dt.datetime(2026, 11, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=-12, minutes=-1))),
        dt.datetime(2026, 11, 20, 10, tzinfo=dt.timezone(dt.timedelta(seconds=30))),
    ],
)
def test_a_time_out_of_bounds_or_without_a_real_zone_is_refused(value):
    with pytest.raises(DateOutOfBounds):
        bounds.check_datetime(value, kind=Kind.PLANNED, today=TODAY, field="at")


def test_a_time_within_the_bounds_converts_to_utc_without_overflow():
    for offset in (bounds.EARLIEST_OFFSET, bounds.LATEST_OFFSET):
        for day in (bounds.EARLIEST_EVENT, bounds.latest(Kind.PLANNED, TODAY)):
            value = dt.datetime.combine(day, dt.time(23, 59), tzinfo=dt.timezone(offset))
            bounds.check_datetime(value, kind=Kind.PLANNED, today=TODAY)
            value.astimezone(dt.UTC)


def test_birth_year_and_report_year():
    bounds.check_birth_year(1906, today=TODAY)
    for year in (1905, 2027, -1, 10_000):
        with pytest.raises(DateOutOfBounds):
            bounds.check_birth_year(year, today=TODAY)
    bounds.check_year(1990, today=TODAY)
    for year in (1989, 2037, 0, 2**70):
        with pytest.raises(DateOutOfBounds):
            bounds.check_year(year, today=TODAY)
