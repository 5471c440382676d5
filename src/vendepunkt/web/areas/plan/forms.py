"""Forms of the plan area. They parse what the user typed; the rules of the law and the standard
are the services' (their `ServiceError`s are shown next to the field they name)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms import formset_factory
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from vendepunkt.courses import vocabulary

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]
GOAL_ROWS = 5  # rows offered on a new plan; an existing plan gets its goals plus two empty rows
RESPONSIBLE_ROWS = 3
MAX_ROWS = 30

SUBSTANCE_GOALS = vocabulary.SubstanceGoal.choices
HORIZONS = [("short", _("Short term")), ("long", _("Long term"))]
DISCHARGE_STATUSES = vocabulary.DischargeStatus.choices
OUTCOMES = vocabulary.DischargeOutcome.choices
REACHED = [("yes", _("Reached")), ("no", _("Not reached"))]
CHOOSE = [("", _("Choose…"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        input_formats=DATE_FORMATS,
    )


def not_after_today(form: forms.Form, name: str, today: dt.date) -> None:
    value = form.cleaned_data.get(name)
    if value and value > today:
        form.add_error(name, _("The date cannot be in the future."))


class PlanForm(forms.Form):
    substance_goal = forms.ChoiceField(label=_("Substance goal"), choices=CHOOSE + SUBSTANCE_GOALS)
    methods = forms.CharField(
        label=_("Methods"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The methods and services the plan uses."),
    )
    agreed_until = date_field(
        _("Agreed period ends"),
        required=False,
        help_text=_("The end of the period the plan is agreed for, if it has one."),
    )
    made_on = date_field(_("Made on"))
    signed_on = date_field(
        _("Signed by the citizen on"),
        required=False,
        help_text=_("Leave empty if the citizen has not signed yet; you can add it later."),
    )
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, today: dt.date, based_on=None, **kwargs):
        self.today = today
        self.based_on = based_on
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        not_after_today(self, "made_on", self.today)
        not_after_today(self, "signed_on", self.today)
        made, signed, until = data.get("made_on"), data.get("signed_on"), data.get("agreed_until")
        if made and signed and signed < made:
            self.add_error("signed_on", _("The plan cannot be signed before it is made."))
        if made and until and until < made:
            self.add_error(
                "agreed_until", _("The agreed period cannot end before the plan is made.")
            )
        if made and self.based_on is not None and made < self.based_on.made_on:
            self.add_error(
                "made_on",
                _("A new version cannot be made before the version it replaces (%(date)s).")
                % {"date": date_format(self.based_on.made_on, "SHORT_DATE_FORMAT")},
            )
        return data


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), required=False, max_length=1000)
    horizon = forms.ChoiceField(label=_("Horizon"), choices=HORIZONS, initial="short")


class ResponsibleForm(forms.Form):
    actor = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=200,
    )
    task = forms.CharField(label=_("Task"), required=False, max_length=1000)

    def clean(self):
        data = super().clean()
        if data.get("task", "").strip() and not data.get("actor", "").strip():
            self.add_error("actor", _("Say who is responsible for the task."))
        return data


def goal_formset(data=None, *, initial=()):
    initial = list(initial)
    cls = formset_factory(
        GoalForm,
        extra=max(2, GOAL_ROWS - len(initial)),
        max_num=MAX_ROWS,
        validate_max=True,
    )
    return cls(data, prefix="goals", initial=initial)


def responsible_formset(data=None, *, initial=()):
    initial = list(initial)
    cls = formset_factory(
        ResponsibleForm,
        extra=max(1, RESPONSIBLE_ROWS - len(initial)),
        max_num=MAX_ROWS,
        validate_max=True,
    )
    return cls(data, prefix="responsible", initial=initial)


def goals_from(formset) -> list[dict]:
    """The goals typed, in order; rows without text are ignored."""
    return [
        {
            "text": f.cleaned_data["text"].strip(),
            "horizon": f.cleaned_data.get("horizon") or "short",
        }
        for f in formset.forms
        if f.cleaned_data.get("text", "").strip()
    ]


def responsible_from(formset) -> list[dict]:
    """The responsible actors and their tasks; empty rows are ignored."""
    return [
        {"actor": f.cleaned_data["actor"].strip(), "task": f.cleaned_data.get("task", "").strip()}
        for f in formset.forms
        if f.cleaned_data.get("actor", "").strip()
    ]


SIGNED_HOW = [("", _("Not stated")), ("in_person", _("In person")), ("digital", _("Digitally"))]
COPY_HOW = [
    ("", _("No copy given yet")),
    ("handed", _("Handed to the citizen")),
    ("digital_post", _("Sent by Digital Post")),
    ("post", _("Sent by ordinary post")),
]


class SignForm(forms.Form):
    signed_on = date_field(_("Signed by the citizen on"))
    signed_how = forms.ChoiceField(label=_("How it was signed"), choices=SIGNED_HOW, required=False)
    copy_given_on = date_field(_("Copy given to the citizen on"), required=False)
    copy_how = forms.ChoiceField(
        label=_("How the copy was given"), choices=COPY_HOW, required=False
    )
    expected_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, today: dt.date, current=None, **kwargs):
        self.today = today
        self.current = current
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        not_after_today(self, "signed_on", self.today)
        signed = data.get("signed_on")
        if self.current is None:
            raise forms.ValidationError(_("There is no plan to sign."))
        not_after_today(self, "copy_given_on", self.today)
        copy_pending = self.current.copy_given_on is None and data.get("copy_given_on")
        if self.current.signed_on is not None and not copy_pending:
            raise forms.ValidationError(_("The current version is already signed."))
        if signed and signed < self.current.made_on:
            self.add_error("signed_on", _("The plan cannot be signed before it is made."))
        return data


class ReviewForm(forms.Form):
    on = date_field(_("Date of the review"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was reviewed and agreed."),
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        not_after_today(self, "on", self.today)
        return data


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("Version A"), coerce=int)
    b = forms.TypedChoiceField(label=_("Version B"), coerce=int)

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.version, _("Version %(n)s") % {"n": v.version}) for v in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices


class DischargeForm(forms.Form):
    on = date_field(_("Date of discharge"))
    status = forms.ChoiceField(label=_("Status"), choices=CHOOSE + DISCHARGE_STATUSES)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=CHOOSE + OUTCOMES,
        help_text=_("The citizen's use of substances at discharge."),
    )
    cancel_future_appointments = forms.BooleanField(
        label=_("Cancel the planned appointments after the discharge day"), required=False
    )
    end_stays = forms.BooleanField(
        label=_("End the residential stay on the discharge day"), required=False
    )

    def __init__(self, *args, today: dt.date, ahead=(0, 0), **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        # the questions are asked only where something lies ahead (issue 12 § 5)
        appointments, stays = ahead
        if not appointments:
            del self.fields["cancel_future_appointments"]
        if not stays:
            del self.fields["end_stays"]

    def clean(self):
        data = super().clean()
        not_after_today(self, "on", self.today)
        return data


class FollowUpForm(forms.Form):
    subject = forms.ChoiceField(label=_("Follow-up"))
    on = date_field(_("Date of the follow-up"))
    reached = forms.ChoiceField(label=_("Was the citizen reached?"), choices=CHOOSE + REACHED)
    result = forms.CharField(
        label=_("Result"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the citizen was reached."),
    )

    def __init__(self, *args, today: dt.date, subjects=(), discharged_on=None, **kwargs):
        self.today = today
        self.discharged_on = discharged_on
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = list(subjects)

    def clean(self):
        data = super().clean()
        not_after_today(self, "on", self.today)
        on = data.get("on")
        if on and self.discharged_on and on < self.discharged_on:
            self.add_error("on", _("The follow-up cannot be before the discharge."))
        return data
