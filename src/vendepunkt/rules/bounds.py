"""The bounds a date or a time from a user must lie within (issue 10 § 4; D40).

One place for every service that takes a date: the web application and the API apply the same
bounds because the services apply them. Pure Python (no Django); `today` is an argument, the
server's date in Europe/Copenhagen (docs/api.md), so every check is deterministic.

Three kinds of date, each with its bounds (the numbers are named below, with their reasons):

- ``HAPPENED``: something that has taken place and is recorded (a contact, a talk, an
  assessment, an application, a decision and its letter, a waiver, a medical record, a status
  meeting, an event, a plan version and its signature, a review, a discharge, a follow-up, a free
  choice, the register variables, a complaint and its handling). Not before `EARLIEST_EVENT` and
  not more than `HAPPENED_AHEAD_YEARS` after `today`. The services have always let a record be
  dated a little ahead (a discharge or a status meeting entered in advance; the tests and the demo
  record whole courses ahead of their `today`), so "not in the future" is the contact's own rule
  (R6) and not a bound; a year ahead is a typing error (2062 for 2026) or a date that belongs in
  the plan.
- ``PLANNED``: a date that may lie ahead (an appointment, a treatment's start, a change of
  treater, phase or services from a date, a residential stay, the period a grant covers, the date
  a plan is agreed until). Not before `EARLIEST_EVENT` and not more than `PLANNING_HORIZON_YEARS`
  after `today`.
- ``BIRTH``: a birth date or year. Not before `EARLIEST_BIRTH`, not more than `MAX_AGE_YEARS`
  before `today`, and not after `today`.

A time (datetime) must carry its time zone (a naive time is ambiguous); its bounds are those of
its date as written, in its own offset, so a time within the bounds can always be converted to
UTC and to Copenhagen time (no offset is 24 hours or more) without leaving Python's calendar. Its
offset must be one a time zone can have: whole minutes from `EARLIEST_OFFSET` to `LATEST_OFFSET`
(ISO 8601 allows ±23:59 and seconds; PostgreSQL stores neither beyond ±15:59 nor seconds).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from .dates import add_years, date_text

__all__ = [
    "EARLIEST_BIRTH",
    "EARLIEST_EVENT",
    "EARLIEST_OFFSET",
    "HAPPENED_AHEAD_YEARS",
    "LATEST_OFFSET",
    "MAX_AGE_YEARS",
    "PLANNING_HORIZON_YEARS",
    "DateOutOfBounds",
    "Kind",
    "check_birth_year",
    "check_date",
    "check_datetime",
    "check_year",
    "earliest",
    "latest",
]

# Records of a treatment centre: the laws the system runs by are from 1998 (serviceloven,
# SEL § 101) and 2005 (sundhedsloven, SUL §§ 141-142), and no social case file or medical record
# outlives its retention period (5 and 10 years after the last entry, rules/retention) by decades.
# A date before 1990 is a typing error (0202 for 2020, 1026 for 2026), not a migrated record.
EARLIEST_EVENT = dt.date(1990, 1, 1)
# The furthest ahead anything is planned: grants, plans and stays run for months or a few years;
# ten years leaves room for a long grant and still refuses 2062 for 2026, and 9999.
PLANNING_HORIZON_YEARS = 10
# The offsets of the world's time zones: from Baker Island (UTC-12) to the Line Islands (UTC+14).
EARLIEST_OFFSET = dt.timedelta(hours=-12)
LATEST_OFFSET = dt.timedelta(hours=14)
# A record of something that happened may be dated at most a year ahead (see above).
HAPPENED_AHEAD_YEARS = 1
# Nobody born before 1900 is alive to be treated; the CPR number's century rule reaches 1858.
EARLIEST_BIRTH = dt.date(1900, 1, 1)
MAX_AGE_YEARS = 120


class Kind(StrEnum):
    HAPPENED = "happened"
    PLANNED = "planned"
    BIRTH = "birth"


class DateOutOfBounds(ValueError):
    """A date or time outside its bounds; the message in Danish and English names the bounds."""

    def __init__(self, message_da: str, message_en: str, field: str | None) -> None:
        self.message_da = message_da
        self.message_en = message_en
        self.field = field
        super().__init__(f"{message_da} / {message_en}")


def earliest(kind: Kind, today: dt.date) -> dt.date:
    """The first date allowed for a date of this kind."""
    if kind == Kind.BIRTH:
        return max(EARLIEST_BIRTH, add_years(today, -MAX_AGE_YEARS))
    return EARLIEST_EVENT


def latest(kind: Kind, today: dt.date) -> dt.date:
    """The last date allowed for a date of this kind."""
    if kind == Kind.PLANNED:
        return add_years(today, PLANNING_HORIZON_YEARS)
    if kind == Kind.HAPPENED:
        return add_years(today, HAPPENED_AHEAD_YEARS)
    return today


def _da(day: dt.date) -> str:
    return date_text(day)


def _en(day: dt.date) -> str:
    """English text keeps the Danish date format (day before month)."""
    return _da(day)


def check_date(value: dt.date, *, kind: Kind, today: dt.date, field: str | None = None) -> None:
    """Raise `DateOutOfBounds` when `value` lies outside the bounds of its kind."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise DateOutOfBounds("Datoen mangler.", "The date is missing.", field)
    first, last = earliest(kind, today), latest(kind, today)
    if first <= value <= last:
        return
    shown = _da(value)
    if kind == Kind.BIRTH:
        raise DateOutOfBounds(
            f"Fødselsdatoen {shown} er ikke mulig: den skal ligge mellem {_da(first)} og "
            f"{_da(last)}.",
            f"The birth date {shown} is not possible: it must lie between {_en(first)} and "
            f"{_en(last)}.",
            field,
        )
    if value < first:
        raise DateOutOfBounds(
            f"Datoen {shown} ligger for langt tilbage: den tidligste dato er {_da(first)}.",
            f"The date {shown} is too far back: the earliest date is {_en(first)}.",
            field,
        )
    if kind == Kind.HAPPENED:
        raise DateOutOfBounds(
            f"Datoen {shown} ligger for langt ude i fremtiden for noget, der er sket: højst "
            f"{HAPPENED_AHEAD_YEARS} år frem (senest {_da(last)}).",
            f"The date {shown} is too far in the future for something that has happened: at "
            f"most {HAPPENED_AHEAD_YEARS} year ahead (at the latest {_en(last)}).",
            field,
        )
    raise DateOutOfBounds(
        f"Datoen {shown} ligger for langt ude i fremtiden: højst {PLANNING_HORIZON_YEARS} år "
        f"frem (senest {_da(last)}).",
        f"The date {shown} is too far in the future: at most {PLANNING_HORIZON_YEARS} years "
        f"ahead (at the latest {_en(last)}).",
        field,
    )


def check_datetime(
    value: dt.datetime, *, kind: Kind, today: dt.date, field: str | None = None
) -> None:
    """As `check_date` for the time's date in its own offset; a time without a zone is refused."""
    if not isinstance(value, dt.datetime):
        raise DateOutOfBounds("Tidspunktet mangler.", "The time is missing.", field)
    offset = value.utcoffset()
    if value.tzinfo is None or offset is None:
        raise DateOutOfBounds(
            "Tidspunktet skal have en tidszone.", "The time must have a time zone.", field
        )
    check_date(value.date(), kind=kind, today=today, field=field)
    if not (EARLIEST_OFFSET <= offset <= LATEST_OFFSET) or offset % dt.timedelta(minutes=1):
        shown = value.isoformat()
        raise DateOutOfBounds(
            f"Tidspunktet {shown} har en tidszone, der ikke findes: forskydningen fra UTC skal "
            "være hele minutter mellem -12:00 og +14:00.",
            f"The time {shown} has a time zone that does not exist: the offset from UTC must be "
            "whole minutes between -12:00 and +14:00.",
            field,
        )


def check_birth_year(year: int, *, today: dt.date, field: str | None = None) -> None:
    """A birth year given without the date (an anonymous client): the year of a possible birth."""
    first, last = earliest(Kind.BIRTH, today).year, today.year
    if not (first <= year <= last):
        raise DateOutOfBounds(
            f"Fødselsåret {year} er ikke muligt: det skal ligge mellem {first} og {last}.",
            f"The birth year {year} is not possible: it must lie between {first} and {last}.",
            field,
        )


def check_year(year: int, *, today: dt.date, field: str | None = None) -> None:
    """A calendar year of records (e.g. a report's year): from `EARLIEST_EVENT`'s year to the
    year of the last planned date."""
    first, last = EARLIEST_EVENT.year, latest(Kind.PLANNED, today).year
    if not (first <= year <= last):
        raise DateOutOfBounds(
            f"Året {year} er ikke muligt: det skal ligge mellem {first} og {last}.",
            f"The year {year} is not possible: it must lie between {first} and {last}.",
            field,
        )
