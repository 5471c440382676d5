"""Forms of the oversight screens. They parse and shape input only; the rules (routes, SEL § 101 a,
power of attorney, CVR, legal paragraphs) are the services'."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from vendepunkt.providers.services import SETTINGS
from vendepunkt.rules.law import law_floor
from vendepunkt.rules.standards.schema import ComplaintKind
from vendepunkt.web.labels import LABELS

# The legal paragraphs a provider is usually approved under (offered first on the form).
TREATMENT_BASES = ("SEL-101", "SEL-101a", "SEL-107", "SUL-141", "SUL-142", "BL-33")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OpenMultipleChoiceField(forms.MultipleChoiceField):
    """Checkboxes whose values the service validates (it refuses unknown ones with its reason)."""

    def valid_value(self, value) -> bool:
        return True


def _not_after(value: dt.date | None, today: dt.date) -> dt.date | None:
    if value is not None and value > today:
        raise forms.ValidationError(_("The date cannot be in the future."), code="future")
    return value


def decision_label(decision, standard) -> str:
    service = standard.service(decision.application.service_id)
    name = service.name if service else decision.application.service_id
    return " · ".join(
        (
            formats.date_format(decision.decided_on, "SHORT_DATE_FORMAT"),
            name,
            decision.get_outcome_display(),
            law_floor().citation(decision.legal_basis),
        )
    )


class ComplaintForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The decision complained about"),
        required=False,
        help_text=_("Leave empty when the complaint is not about a written decision."),
    )
    kind = forms.ChoiceField(label=_("Kind of complaint"))
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    form = forms.ChoiceField(
        label=_("Oral or written"),
        choices=[("written", LABELS["written"]), ("oral", LABELS["oral"])],
    )
    representative = forms.CharField(
        label=_("Representative"),
        max_length=200,
        required=False,
        help_text=_("A person, association or lawyer complaining on the citizen's behalf."),
    )
    power_of_attorney = forms.BooleanField(
        label=_("The representative has a power of attorney"), required=False
    )
    text = forms.CharField(label=_("What the complaint is about"), widget=forms.Textarea)

    def __init__(self, *args, decisions=(), standard=None, today: dt.date, route_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.decisions = {str(d.pk): d for d in decisions}
        self.fields["decision"].choices = [("", _("Not about a decision"))] + [
            (str(d.pk), decision_label(d, standard)) for d in decisions
        ]
        self.fields["kind"].choices = [(str(k), LABELS.get(str(k), str(k))) for k in ComplaintKind]
        if route_url:
            # HTMX: show the route of the chosen kind as soon as it changes (the page also has a
            # button that does the same without JavaScript).
            self.fields["kind"].widget.attrs.update(
                {
                    "hx-get": route_url,
                    "hx-trigger": "change",
                    "hx-target": "#complaint-route",
                    "hx-swap": "innerHTML",
                }
            )

    def clean_received_on(self):
        return _not_after(self.cleaned_data.get("received_on"), self.today)

    def chosen_decision(self):
        return self.decisions.get(self.cleaned_data.get("decision") or "")


class ReassessForm(forms.Form):
    on = forms.DateField(label=_("Re-assessed on"), widget=DateInput)
    keep_decision = forms.ChoiceField(
        label=_("Is the decision kept?"),
        choices=[
            ("yes", _("Yes, the decision is kept (the complaint is forwarded)")),
            ("no", _("No, the decision is changed")),
        ],
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(label=_("Outcome of the re-assessment"), widget=forms.Textarea)

    def __init__(self, *args, today: dt.date, **kwargs):
        kwargs.setdefault("prefix", "reassess")
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_on(self):
        return _not_after(self.cleaned_data.get("on"), self.today)


class ForwardForm(forms.Form):
    on = forms.DateField(label=_("Forwarded on"), widget=DateInput)
    citizen_informed_on = forms.DateField(label=_("Citizen informed on"), widget=DateInput)

    def __init__(self, *args, today: dt.date, **kwargs):
        kwargs.setdefault("prefix", "forward")
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_on(self):
        return _not_after(self.cleaned_data.get("on"), self.today)

    def clean_citizen_informed_on(self):
        return _not_after(self.cleaned_data.get("citizen_informed_on"), self.today)


class ProviderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    cvr = forms.CharField(
        label=_("CVR number"), max_length=20, required=False, help_text=_("8 digits.")
    )
    approved_for = OpenMultipleChoiceField(
        label=_("Approved under (Socialtilsynet)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    settings_offered = OpenMultipleChoiceField(
        label=_("Settings offered"),
        required=False,
        choices=[(s, LABELS.get(s, s)) for s in SETTINGS],
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Capacity (places)"), required=False, min_value=0, max_value=100000
    )
    ownership = forms.ChoiceField(
        label=_("Public or private"),
        choices=[("public", _("Public")), ("private", _("Private"))],
        widget=forms.RadioSelect,
    )
    on_tilbudsportalen = forms.BooleanField(label=_("Listed on Tilbudsportalen"), required=False)

    def __init__(self, *args, standard=None, **kwargs):
        super().__init__(*args, **kwargs)
        floor = law_floor()
        wanted = list(TREATMENT_BASES) + [
            b for b in (standard.legal_bases if standard else ()) if b not in TREATMENT_BASES
        ]
        self.fields["approved_for"].choices = [
            (b, f"{floor.citation(b)} – {floor.provision(b).title}")
            for b in wanted
            if floor.provision(b) is not None
        ]

    def clean_cvr(self):
        return self.cleaned_data.get("cvr", "").replace(" ", "")


class StaffForm(forms.Form):
    """An administrator gives a user a role and teams (issue "The staff web application" § 2)."""

    role = forms.ChoiceField(label=_("Role"))
    teams = forms.MultipleChoiceField(
        label=_("Teams"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        from vendepunkt.accounts.models import Role

        self.fields["role"].choices = [("", _("Choose a role")), *Role.choices]
        self.fields["teams"].choices = [(str(t.pk), f"{t.centre.name}: {t.name}") for t in teams]
        self.teams = {str(t.pk): t for t in teams}

    def chosen_teams(self):
        return [self.teams[pk] for pk in self.cleaned_data["teams"]]
