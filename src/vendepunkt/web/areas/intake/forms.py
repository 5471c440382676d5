"""The intake forms. Choice values are the services' values; labels are English msgids, translated
into Danish in the central catalogue."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vendepunkt.citizens.models import Sex
from vendepunkt.courses import vocabulary
from vendepunkt.rules import asi
from vendepunkt.rules.eligibility import anonymity_allowed

TRACK_LABELS = dict(vocabulary.LegalTrack.choices)
CHANNELS = vocabulary.Channel.choices
MADE_BY = vocabulary.MadeBy.choices
SUBSTANCES = vocabulary.Substance.choices
SEXES = [("", _("Not stated")), *Sex.choices]
IDENTITIES = [
    ("identified", _("Identified, with CPR number")),
    ("anonymous", _("Anonymous")),
]
COUNSELLING_KINDS = {k.value: k.label for k in vocabulary.RECORDED_COUNSELLING_KINDS}
ASSESSMENT_OCCASIONS = dict(vocabulary.AssessmentOccasion.choices)
LOAD_DEGREES = dict(vocabulary.LoadDegree.choices)
DOMAINS = {
    "medical": _("Medical status"),
    "employment": _("Employment and support"),
    "alcohol": _("Alcohol use"),
    "drug": _("Drug use"),
    "legal": _("Legal status"),
    "family_social": _("Family and social relationships"),
    "psychiatric": _("Psychiatric status"),
}
CHOICE_ANSWERS = {"yes": _("Yes"), "no": _("No"), "indifferent": _("Indifferent")}
RATING_HINT = _("0 not at all, 1 slightly, 2 moderately, 3 considerably, 4 extremely")
DAYS_HINT = _("Days, 0 to 30")


def law_allows_anonymously(track: str) -> bool:
    """May a contact on this track be recorded on an anonymous client? (R2, R47, SEL § 101 a)"""
    if track == "counselling":
        return True
    return anonymity_allowed([track], counselling=False, needs_medication=False).eligible


def anonymity_reasons(tracks: list[str], english: bool) -> list[str]:
    """Why the law refuses anonymity on each of these tracks, in words (the rules' messages)."""
    out = []
    for track in tracks:
        result = anonymity_allowed([track], counselling=False, needs_medication=False)
        for reason in result.reasons:
            text = reason.message_en if english else reason.message_da
            if text not in out:
                out.append(text)
    return out


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_future(day: dt.date, message) -> dt.date:
    if day and day > timezone.localdate():
        raise forms.ValidationError(message)
    return day


class ContactForm(forms.Form):
    """A contact; without a known client it first finds or registers the person."""

    identity = forms.ChoiceField(
        label=_("Who is the person?"),
        choices=IDENTITIES,
        initial="identified",
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
    )
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        help_text=_(
            "For an identified citizen: ten digits, with or without a hyphen (DDMMYY-XXXX)."
        ),
        error_messages={"required": _("Write the CPR number, or choose anonymous.")},
    )
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("Needed only when the citizen is not registered yet."),
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("For an anonymous client; leave empty if not given."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=SEXES, required=False)

    at_date = forms.DateField(label=_("Date of the contact"), widget=_date_input())
    at_time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=CHANNELS)
    made_by = forms.ChoiceField(label=_("Contact made by"), choices=MADE_BY, initial="self")
    citizen_agreed = forms.BooleanField(
        label=_("The citizen agreed to the contact"),
        required=False,
        help_text=_("Required when someone other than the citizen makes the contact."),
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    substances = forms.MultipleChoiceField(
        label=_("Substances"),
        choices=SUBSTANCES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    main_substance = forms.ChoiceField(
        label=_("Main substance"),
        choices=[("", _("Not stated")), *SUBSTANCES],
        required=False,
        help_text=_("One of the substances ticked above."),
    )
    wish_for_treatment = forms.BooleanField(
        label=_("The citizen wishes treatment"),
        required=False,
        help_text=_("A wish for treatment starts the treatment guarantee."),
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    personal_attendance = forms.BooleanField(
        label=_("The citizen attended in person"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    legal_track = forms.ChoiceField(
        label=_("Legal track"), widget=forms.RadioSelect(attrs={"class": "form-radio"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    PERSON_FIELDS = ("identity", "cpr", "name", "birth_year", "sex")

    def __init__(self, *args, client=None, tracks=(), english=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client
        self.english = english
        self.covered = list(tracks)  # the standard's tracks and counselling
        if client is not None:
            for name in self.PERSON_FIELDS:
                del self.fields[name]
            if client.anonymous:
                tracks = [t for t in tracks if law_allows_anonymously(t)]
        elif self.data.get("identity") == "anonymous":
            self.fields["cpr"].required = False  # never asked of an anonymous client
        self.tracks = list(tracks)
        self.fields["legal_track"].choices = [(t, TRACK_LABELS[t]) for t in self.tracks]
        now = timezone.localtime()
        self.fields["at_date"].initial = now.date()
        self.fields["at_time"].initial = now.time().replace(second=0, microsecond=0)

    @property
    def anonymous_tracks(self) -> list[str]:
        return [t for t in self.covered if law_allows_anonymously(t)]

    @property
    def refused_anonymously(self) -> list[str]:
        """Why the tracks the standard covers but the law closes to anonymity are closed."""
        return anonymity_reasons(
            [t for t in self.covered if not law_allows_anonymously(t)], self.english
        )

    def anonymous_track_labels(self) -> str:
        return ", ".join(str(TRACK_LABELS[t]) for t in self.anonymous_tracks)

    def person_fields(self):
        return [self[name] for name in self.PERSON_FIELDS if name in self.fields]

    def clean_at_date(self):
        return _not_future(self.cleaned_data["at_date"], _("The contact cannot be in the future."))

    def clean(self):
        data = super().clean()
        anonymous = (
            self.client.anonymous
            if self.client is not None
            else data.get("identity") == "anonymous"
        )
        if self.client is None:
            cpr = (data.get("cpr") or "").strip()
            if anonymous and cpr:
                self.add_error(
                    "cpr",
                    _(
                        "An anonymous client has no CPR number: clear the field or choose identified."
                    ),
                )
        track = data.get("legal_track")
        if anonymous and track and not law_allows_anonymously(track):
            reasons = anonymity_reasons([track], self.english)
            self.add_error("legal_track", " ".join(reasons))
        if data.get("made_by") == "self":
            data["citizen_agreed"] = True  # the citizen's own contact needs no separate agreement
        return data

    def contact_at(self) -> dt.datetime:
        data = self.cleaned_data
        naive = dt.datetime.combine(data["at_date"], data["at_time"])
        return timezone.make_aware(naive, timezone.get_current_timezone())


class CounsellingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of counselling"), widget=forms.RadioSelect(attrs={"class": "form-radio"})
    )
    held_on = forms.DateField(label=_("Date of the talk"), widget=_date_input())
    extension_reason = forms.CharField(
        label=_("Reason for more talks"),
        help_text=_("Only where the standard allows more talks than its number, with a reason."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, anonymous_client=False, offered=None, extendable=False, **kwargs):
        super().__init__(*args, **kwargs)
        # the kinds the municipality's standard offers (rules.counselling.offered_kinds)
        offered = COUNSELLING_KINDS if offered is None else offered
        kinds = [
            k for k in COUNSELLING_KINDS if k in offered and (k != "anonymous" or anonymous_client)
        ]
        if not extendable:
            del self.fields["extension_reason"]
        self.fields["kind"].choices = [(k, COUNSELLING_KINDS[k]) for k in kinds]
        self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self):
        return _not_future(self.cleaned_data["held_on"], _("The talk cannot be in the future."))


class AssessmentForm(forms.Form):
    """The holistic assessment with the ASI items (field name = item id), grouped by domain."""

    phase = forms.ChoiceField(label=_("Phase"), choices=list(ASSESSMENT_OCCASIONS.items()))
    assessed_on = forms.DateField(label=_("Date of the assessment"), widget=_date_input())
    text = forms.CharField(
        label=_("Holistic assessment"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The citizen's situation as a whole: use, health, psychological and social."),
    )
    load_degree = forms.ChoiceField(
        label=_("Load degree"),
        choices=[("", _("Not assessed")), *LOAD_DEGREES.items()],
        required=False,
    )
    # The number of assessments the form was rendered with: another recorded since is a conflict.
    expected_version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, english=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        self.item_ids: list[str] = []
        for item in asi.definition().items:
            self.fields[item.id] = _item_field(item, english)
            self.item_ids.append(item.id)

    def clean_assessed_on(self):
        return _not_future(
            self.cleaned_data["assessed_on"], _("The assessment cannot be in the future.")
        )

    def asi_groups(self):
        """(domain label, bound fields) in the order the ASI asks them."""
        groups: dict[str, list] = {}
        for item in asi.definition().items:
            groups.setdefault(item.domain, []).append(self[item.id])
        return [(domain, DOMAINS[domain], fields) for domain, fields in groups.items()]

    def answers(self) -> dict:
        """The ASI answers that are given and valid (call after `is_valid`)."""
        data = getattr(self, "cleaned_data", {})
        return {i: data[i] for i in self.item_ids if data.get(i) not in (None, "")}

    def invalid_items(self) -> list[tuple[str, str]]:
        return [(i, " ".join(self.errors[i])) for i in self.item_ids if i in self.errors]


def _item_field(item: asi.Item, english: bool) -> forms.Field:
    label = f"{item.id} {item.label_en if english else item.label_da}"
    if item.kind == asi.Kind.yes_no:
        return forms.TypedChoiceField(
            label=label,
            choices=[("", _("Not answered")), ("1", _("Yes")), ("0", _("No"))],
            coerce=int,
            empty_value=None,
            required=False,
        )
    if item.kind == asi.Kind.choice:
        return forms.ChoiceField(
            label=label,
            choices=[("", _("Not answered"))]
            + [(key, CHOICE_ANSWERS.get(key, key)) for key in item.recode or {}],
            required=False,
        )
    hint = None
    if item.kind == asi.Kind.rating:
        hint = RATING_HINT
    elif item.kind == asi.Kind.days:
        hint = DAYS_HINT
    elif item.kind == asi.Kind.money:
        label = f"{label} ({item.unit})"
    return forms.IntegerField(
        label=label,
        min_value=item.min,
        max_value=item.max,
        required=False,
        help_text=hint,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
