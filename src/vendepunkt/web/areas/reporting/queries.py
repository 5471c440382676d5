"""Reads for the report screens: the filters from the request, checked and turned into a period
and `Filters`, and the reports from `vendepunkt.reporting.services` (which check permission).

The command line (`vendepunkt reports dashboard`, `reporting/cli.py`) checks its filters with the
same form and `choose`, so both have the same defaults and the same rules.

The reports are aggregates: no read-log entries per citizen (docs/decisions.md). The number of
queries does not depend on the number of courses (`reporting/facts.py`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.models import Centre
from vendepunkt.courses.vocabulary import Substance
from vendepunkt.reporting import services
from vendepunkt.rules import bounds
from vendepunkt.rules.kpi import Filters, Period

TRACK_CHOICES = [("", _("All"))] + [(t, t) for t in services.TRACKS]
SUBSTANCE_CHOICES = [("", _("All")), *((s, Substance(s).label) for s in services.SUBSTANCES)]
MAX_DAYS = 366 * 5


class FilterForm(forms.Form):
    fra = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    til = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    center = forms.TypedChoiceField(label=_("Centre"), required=False, coerce=int, empty_value=None)
    rusmiddel = forms.ChoiceField(label=_("Substance"), required=False, choices=SUBSTANCE_CHOICES)
    spor = forms.ChoiceField(label=_("Legal track"), required=False, choices=TRACK_CHOICES)
    gruppe = forms.ChoiceField(
        label=_("Retention by"),
        required=False,
        choices=[
            ("service", _("First service")),
            ("track", _("Legal track")),
            ("substance", _("Substance")),
        ],
    )

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        centres = Centre.objects.filter(municipality_id=municipality_id).order_by("name")
        self.fields["center"].choices = [("", _("All"))] + [(c.pk, c.name) for c in centres]

    def clean(self):
        data = super().clean()
        start, end = data.get("fra"), data.get("til")
        if start and end and (problem := period_problem(start, end)):
            self.add_error("til", problem)
        return data


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


@dataclass(frozen=True)
class Choice:
    period: Period
    filters: Filters
    group_by: str = "service"


def default_period(today: dt.date) -> Period:
    return Period(dt.date(today.year, 1, 1), today)


def period_bounds(start: dt.date | None, end: dt.date | None, today: dt.date):
    """The period's first and last day with the defaults filled in: from 1 January this year, to
    today (or to the first day, when that is after today)."""
    start = start or default_period(today).start
    return start, end or (today if start <= today else start)


def choice_from(form: FilterForm, today: dt.date) -> Choice:
    """The chosen filters, or the defaults when they are not valid."""
    return choose(form, today) or Choice(default_period(today), Filters())


def choose(form: FilterForm, today: dt.date) -> Choice | None:
    """The filters of a valid form as a period and `Filters`; None when the form is not valid or
    the period, its defaults filled in, is not (the command line refuses it, the page falls back)."""
    if not form.is_valid():
        return None
    d = form.cleaned_data
    start, end = period_bounds(d.get("fra"), d.get("til"), today)
    if period_problem(start, end):
        return None
    return Choice(
        Period(start, end),
        group_by=d.get("gruppe") or "service",
        filters=Filters(
            centre=d.get("center"),
            substance=d.get("rusmiddel") or None,
            track=d.get("spor") or None,
        ),
    )


def dashboard(user, params, today: dt.date):
    form = FilterForm(params or None, municipality_id=user.municipality_id)
    choice = choice_from(form, today) if params else Choice(default_period(today), Filters())
    board = services.dashboard_for(
        user,
        period=choice.period,
        filters=choice.filters,
        as_of=today,
        group_by=choice.group_by,
    )
    return form, board


def annex(user, params, today: dt.date):
    year = services.annex_year(params.get("aar"), today)
    return services.annex_for(user, year=year, as_of=today)
