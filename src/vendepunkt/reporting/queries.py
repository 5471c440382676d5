"""Reads of the leaders' reports for the web pages: the dashboard for a `DashboardFilter`
(`reporting/filters.py`: an invalid period falls back to the defaults) and the goal-attainment
annex of a year, from `vendepunkt.reporting.services` (which check permission).

The reports are aggregates: no read-log entries per citizen (docs/decisions.md). The number of
queries does not depend on the number of courses (`reporting/facts.py`)."""

from __future__ import annotations

import datetime as dt

from vendepunkt.reporting import services
from vendepunkt.reporting.filters import DashboardFilter, choice_or_default


def dashboard(user, chosen: DashboardFilter, today: dt.date):
    choice = choice_or_default(chosen, today)
    return services.dashboard_for(
        user,
        period=choice.period,
        filters=choice.filters,
        as_of=today,
        group_by=choice.group_by,
    )


def annex(user, year: str | None, today: dt.date):
    """The annex of the year asked for (a request parameter: a year up to this one, else the last
    full year)."""
    return services.annex_for(user, year=services.annex_year(year, today), as_of=today)
