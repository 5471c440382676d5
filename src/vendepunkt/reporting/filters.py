"""The leaders' dashboard filter as plain data: a period, a centre, a substance, a legal track and
the grouping of retention, with the rules that check it and the defaults that fill it in.

The web page's form (`web/areas/reporting/forms.py`) checks the same rules and produces a
`DashboardFilter`; the command line (`vendepunkt reports dashboard`) builds one from its options
with `parse_filter`. Both get the same defaults and the same messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.forms import ChoiceField
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from vendepunkt.rules import bounds
from vendepunkt.rules.kpi import Filters, Period

from .services import GROUP_LABELS, SUBSTANCES, TRACKS

GROUPINGS = tuple(GROUP_LABELS)
MAX_DAYS = 366 * 5
# The message for a value that is not one of a choice's values: the words the page's form gives
# (Django's own message, translated by Django), so the page and the command line say the same.
INVALID_CHOICE = ChoiceField.default_error_messages["invalid_choice"]


@dataclass(frozen=True)
class DashboardFilter:
    """What the user chose; None is "all" (a centre, a substance, a track) or the default (the
    period's first and last day, see `period_bounds`)."""

    start: dt.date | None = None
    end: dt.date | None = None
    centre: int | None = None
    substance: str | None = None
    track: str | None = None
    group_by: str = "service"


@dataclass(frozen=True)
class Choice:
    """A checked filter with its defaults filled in: what the report services take."""

    period: Period
    filters: Filters
    group_by: str = "service"


@dataclass(frozen=True)
class FilterProblem:
    """One filter that is not valid: its field (a `DashboardFilter` field), the value given, the
    message (lazy: shown in the active language) and the values it may take, as (value, label)."""

    field: str
    value: object
    message: object
    known: tuple[tuple[object, object], ...] = ()


class InvalidFilter(ValueError):
    """The filter given is not valid; `problems` names each field at fault, in field order."""

    def __init__(self, problems: list[FilterProblem]):
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


def period_problem(start: dt.date, end: dt.date):
    """What is wrong with a period (a lazy message), or None."""
    if end < start:
        return _("The period ends before it starts.")
    if (end - start).days > MAX_DAYS:
        return _("A period can be at most five years.")
    # the bounds of every date (rules/bounds.py, D40); the service refuses the same
    if start < bounds.EARLIEST_EVENT:
        return _("The period cannot begin before 1990.")
    if end > bounds.latest(bounds.Kind.PLANNED, timezone.localdate()):
        return _("The period cannot end more than ten years from now.")
    return None


def _invalid_choice(value) -> str:
    return INVALID_CHOICE % {"value": value}


# lazy: the message is put in words when shown, in the language active then
invalid_choice = lazy(_invalid_choice, str)


def parse_filter(
    *,
    centres: Mapping[int, str],
    start: dt.date | None = None,
    end: dt.date | None = None,
    centre: str | int | None = None,
    substance: str | None = None,
    track: str | None = None,
    group_by: str | None = None,
) -> DashboardFilter:
    """A `DashboardFilter` from values given as text or numbers (the command line's options), the
    centre one of `centres` (id → name: the municipality's). Raises `InvalidFilter` naming every
    value at fault, in field order."""
    problems: list[FilterProblem] = []
    centre_id = None
    if centre not in (None, ""):
        try:
            centre_id = int(centre)
        except (TypeError, ValueError):
            centre_id = None
        if centre_id not in centres:
            centre_id = None
            problems.append(
                FilterProblem("centre", centre, invalid_choice(centre), tuple(centres.items()))
            )
    for name, value, known in (
        ("substance", substance, SUBSTANCES),
        ("track", track, TRACKS),
        ("group_by", group_by, GROUPINGS),
    ):
        if value not in (None, "") and value not in known:
            problems.append(
                FilterProblem(name, value, invalid_choice(value), tuple((k, k) for k in known))
            )
    if start and end and (problem := period_problem(start, end)):
        problems.append(FilterProblem("end", end, problem))
    if problems:
        raise InvalidFilter(problems)
    return DashboardFilter(
        start=start,
        end=end,
        centre=centre_id,
        substance=substance or None,
        track=track or None,
        group_by=group_by or "service",
    )


def default_period(today: dt.date) -> Period:
    return Period(dt.date(today.year, 1, 1), today)


def period_bounds(start: dt.date | None, end: dt.date | None, today: dt.date):
    """The period's first and last day with the defaults filled in: from 1 January this year, to
    today (or to the first day, when that is after today)."""
    start = start or default_period(today).start
    return start, end or (today if start <= today else start)


def choose(chosen: DashboardFilter, today: dt.date) -> Choice | None:
    """The filter as a period and `Filters`; None when the period, its defaults filled in, is not
    valid (the command line refuses it, the page falls back to the defaults)."""
    start, end = period_bounds(chosen.start, chosen.end, today)
    if period_problem(start, end):
        return None
    return Choice(
        Period(start, end),
        group_by=chosen.group_by or "service",
        filters=Filters(centre=chosen.centre, substance=chosen.substance, track=chosen.track),
    )


def choice_or_default(chosen: DashboardFilter, today: dt.date) -> Choice:
    """The chosen filter, or the defaults when its period is not valid."""
    return choose(chosen, today) or Choice(default_period(today), Filters())
