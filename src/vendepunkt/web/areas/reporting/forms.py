"""The dashboard's filter form: the page's query parameters (`fra`, `til`, `center`, `rusmiddel`,
`spor`, `gruppe`) checked by the rules of `reporting/filters.py` and turned into a
`DashboardFilter`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.models import Centre
from vendepunkt.courses.vocabulary import Substance
from vendepunkt.reporting.filters import SUBSTANCES, TRACKS, DashboardFilter, period_problem
from vendepunkt.web.labels import legal_name

TRACK_CHOICES = [("", _("All"))] + [(t, legal_name(t)) for t in TRACKS]
SUBSTANCE_CHOICES = [("", _("All")), *((s, Substance(s).label) for s in SUBSTANCES)]


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

    def dashboard_filter(self) -> DashboardFilter:
        """The chosen filter; the defaults when the form is not bound or not valid (the page shows
        the form's errors and the default period)."""
        if not self.is_bound or not self.is_valid():
            return DashboardFilter()
        d = self.cleaned_data
        return DashboardFilter(
            start=d.get("fra"),
            end=d.get("til"),
            centre=d.get("center"),
            substance=d.get("rusmiddel") or None,
            track=d.get("spor") or None,
            group_by=d.get("gruppe") or "service",
        )
