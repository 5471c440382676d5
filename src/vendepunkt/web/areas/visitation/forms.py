"""Forms of the visitation screens. They parse input only; the rules of the law and the standard
are the services' (their refusals are shown next to the field they name)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from vendepunkt.courses.models import Outcome
from vendepunkt.courses.vocabulary import SentBy
from vendepunkt.rules.law import law_floor
from vendepunkt.rules.standards.schema import Intensity, Phase
from vendepunkt.web.labels import LABELS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput,
        help_text=help_text,
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"],
    )


class NotInFutureMixin:
    """Dates that record what happened cannot lie after today."""

    past_fields: tuple[str, ...] = ()

    def __init__(self, *args, today: dt.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        for name in self.past_fields:
            value = data.get(name)
            if value and value > self.today:
                self.add_error(name, _("The date cannot be after today."))
        return data


def citation(basis: str) -> str:
    return law_floor().citation(basis)


def phase_label(phase) -> str:
    if phase is None:
        return str(_("Other services"))
    text = str(LABELS.get(str(phase), str(phase)))
    return text[:1].upper() + text[1:]


def service_choices(standard) -> list:
    """The standard's services that require visitation, grouped by phase in the standard's order
    of phases, each labelled with the forum(s) that grant it."""
    forums = {f.id: f.name for f in standard.visitation.forums}
    order = [*list(Phase), None]
    groups: dict = {p: [] for p in order}
    for service in standard.services:
        if not service.requires_visitation:
            continue
        names = [forums.get(f, f) for f in service.granted_by]
        where = ", ".join(names) if names else str(_("no forum stated in the standard"))
        groups[service.phase].append((service.id, f"{service.name} — {where}"))
    return [("", _("Choose a service"))] + [
        (phase_label(p), items) for p, items in groups.items() if items
    ]


class ApplicationForm(NotInFutureMixin, forms.Form):
    past_fields = ("applied_on",)

    service_id = forms.ChoiceField(
        label=_("Service"),
        help_text=_("Only services that require visitation. The forum that grants each is named."),
    )
    applied_on = date_field(_("Applied on"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, standard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_id"].choices = service_choices(standard)
        self.initial.setdefault("applied_on", self.today)


OUTCOME_CHOICES = [(o.value, o.label) for o in (Outcome.GRANT, Outcome.PARTIAL, Outcome.REFUSAL)]
SOCIAL_PROBLEMS = {"": None, "no": False, "yes": True}


def social_problems(value: str | None) -> bool | None:
    return SOCIAL_PROBLEMS.get(value or "")


class DecisionForm(NotInFutureMixin, forms.Form):
    past_fields = ("decided_on",)

    outcome = forms.ChoiceField(
        label=_("Decision"), choices=OUTCOME_CHOICES, widget=forms.RadioSelect
    )
    legal_basis = forms.ChoiceField(label=_("Legal basis"))
    intensity = forms.ChoiceField(label=_("Intensity"), required=False)
    valid_from = date_field(_("Valid from"), required=False)
    valid_until = date_field(_("Valid until"), required=False)
    extendable = forms.BooleanField(label=_("The grant can be extended"), required=False)
    other_social_problems = forms.ChoiceField(
        label=_("Does the citizen have other social problems than the substance use?"),
        choices=[("", _("Not known")), ("no", _("No")), ("yes", _("Yes"))],
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Needed for anonymous treatment under SEL § 101 a."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The letter gives the reasons to the citizen (forvaltningsloven § 22)."),
        max_length=10000,
    )
    decided_on = date_field(_("Decided on"))
    forum_id = forms.ChoiceField(label=_("Decided in"), required=False)
    intensity_reason = forms.CharField(
        label=_("Why a more intensive service than the assessment suggests"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=_(
            "The standard follows the least-intrusive principle: give the reason when the service "
            "is more intensive than the assessed load degree suggests."
        ),
    )

    def __init__(self, *args, standard, service, course, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        forums = [(f.id, str(f.name)) for f in standard.visitation.forums]
        self.fields["forum_id"].choices = [("", _("As the service states")), *forums]
        if not standard.visitation.least_intrusive:
            del self.fields["intensity_reason"]
        bases = tuple(service.legal_bases) if service and service.legal_bases else ()
        bases = bases or tuple(standard.legal_bases)
        self.fields["legal_basis"].choices = [(b, citation(b)) for b in bases]
        self.fields["intensity"].choices = [("", _("As the service states"))] + [
            (i.value, LABELS.get(i.value, i.value)) for i in Intensity
        ]
        self.initial.setdefault("decided_on", self.today)
        self.initial.setdefault("other_social_problems", "")
        if course.legal_track in bases:
            self.initial.setdefault("legal_basis", course.legal_track)
        if service and service.intensity:
            self.initial.setdefault("intensity", str(service.intensity))
        if disabled:
            for f in self.fields.values():
                f.disabled = True


class ExtensionForm(NotInFutureMixin, forms.Form):
    """An extension of a time-limited grant: its own decision with reasons and letter."""

    past_fields = ("decided_on",)

    valid_until = date_field(_("Extended until"))
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The letter gives the reasons to the citizen (forvaltningsloven § 22)."),
        max_length=10000,
    )
    decided_on = date_field(_("Decided on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("decided_on", self.today)


class SentForm(NotInFutureMixin, forms.Form):
    past_fields = ("sent_on",)

    sent_on = date_field(
        _("Sent on"),
        help_text=_(
            "The complaint period counts from the day the citizen receives the letter: the same "
            "day by Digital Post, 6 working days later by ordinary post."
        ),
    )
    # Digital Post when left out: the law makes it the rule for letters to citizens.
    sent_by = forms.ChoiceField(
        label=_("Sent by"), choices=SentBy.choices, initial=SentBy.DIGITAL_POST, required=False
    )
    # The decision's version the form was rendered with: a change since is a conflict.
    expected_version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("sent_on", self.today)


def waiver_kinds(standard) -> list[str]:
    """The exceptions the standard's guarantees accept, plus free choice, which the law accepts
    (SEL § 101 stk. 6, SUL § 142 stk. 8) — the same set `record_waiver` accepts."""
    kinds = [
        str(e) for d in standard.deadlines if d.kind == "treatment_guarantee" for e in d.exceptions
    ]
    return list(dict.fromkeys([*kinds, "free_choice"]))


class WaiverForm(NotInFutureMixin, forms.Form):
    past_fields = ("on",)

    kind = forms.ChoiceField(label=_("Exception"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Write why the guarantee does not bind in this case."),
        max_length=4000,
    )
    on = date_field(_("Date"))

    def __init__(self, *args, standard, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = waiver_kinds(standard)
        self.fields["kind"].choices = [(k, LABELS.get(k, k).capitalize()) for k in kinds]
        self.initial.setdefault("on", self.today)


class ProviderRefusalForm(NotInFutureMixin, forms.Form):
    """The chosen provider refuses the citizen (R21), with its reason."""

    past_fields = ("on",)

    provider = forms.ChoiceField(label=_("Provider"))
    reason = forms.CharField(
        label=_("The provider's reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    capacity = forms.BooleanField(
        label=_("Refused for capacity"),
        required=False,
        help_text=_("A public institution can refuse only for capacity (SUL § 142)."),
    )
    on = date_field(_("Date of the refusal"))

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", _("Choose a provider"))] + [
            (str(p.pk), p.name) for p in providers
        ]
        self.initial.setdefault("on", self.today)


class FreeChoiceLimitForm(NotInFutureMixin, forms.Form):
    """The free choice is limited for the citizen's own sake (SEL § 101), with the reason."""

    past_fields = ("on",)

    reason = forms.CharField(
        label=_("Why the limitation is for the citizen's sake"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    on = date_field(_("Date of the limitation"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", self.today)


class FreeChoiceForm(NotInFutureMixin, forms.Form):
    past_fields = ("on",)

    provider = forms.ChoiceField(label=_("Provider"))
    on = date_field(_("Date of the choice"))

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", _("Choose a provider"))] + [
            (str(p.pk), p.name) for p in providers
        ]
        self.initial.setdefault("on", self.today)
