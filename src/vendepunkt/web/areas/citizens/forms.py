"""Forms of the citizen screens. They parse what the user typed; the rules (a valid CPR number, a
possible birth year, consent) are the services'."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from vendepunkt.citizens.models import ClientKind, Sex

CLIENT_KINDS = ClientKind.choices
SEXES = [("", _("Not stated")), *Sex.choices]
YES_NO_UNKNOWN = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]
CPR_HINT = _("Ten digits, written DDMMYY-XXXX.")


class SearchForm(forms.Form):
    query = forms.CharField(
        label=_("CPR number, name or anonymous code"),
        max_length=200,
        help_text=_(
            "A CPR number or an anonymous code (A-…) finds exactly one client; a part of a name "
            "finds up to 50 identified citizens."
        ),
        error_messages={"required": _("Write a CPR number, a name or an anonymous code.")},
    )

    def clean_query(self) -> str:
        text = " ".join(self.cleaned_data["query"].split())
        if not any(ch.isdigit() for ch in text) and len(text) < 2:
            raise forms.ValidationError(_("Write at least two letters of the name."))
        return text


def search_kind(text: str) -> str:
    """How a search text is read: an anonymous code, a CPR number (any digit) or a name."""
    if re.fullmatch(r"A-[A-Z2-9]{7}", text, flags=re.IGNORECASE):
        return "code"
    if any(ch.isdigit() for ch in text):
        return "cpr"
    return "name"


class RelativeOfMixin(forms.Form):
    relative_of = forms.IntegerField(
        label=_("Relative of (client number)"),
        required=False,
        min_value=1,
        help_text=_("The client number shown on the page of the person whose use affects them."),
    )

    def clean(self):
        data = super().clean()
        if data.get("relative_of") and data.get("client_kind") == ClientKind.CITIZEN:
            self.add_error(
                "relative_of",
                _("Only a relative or a child of a user is registered as someone's relative."),
            )
        return data


def _optional_bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class CitizenForm(RelativeOfMixin):
    cpr = forms.CharField(label=_("CPR number"), max_length=20, help_text=CPR_HINT)
    name = forms.CharField(label=_("Name"), max_length=200)
    home_municipality = forms.CharField(
        label=_("Home municipality"), max_length=100, required=False
    )
    children_under_18 = forms.IntegerField(
        label=_("Children under 18"), required=False, min_value=0, max_value=30
    )
    pregnant = forms.TypedChoiceField(
        label=_("Pregnant"),
        choices=YES_NO_UNKNOWN,
        required=False,
        coerce=_optional_bool,
        empty_value=None,
    )
    client_kind = forms.ChoiceField(
        label=_("Kind of client"), choices=CLIENT_KINDS, initial=ClientKind.CITIZEN
    )
    field_order = [
        "cpr",
        "name",
        "home_municipality",
        "children_under_18",
        "pregnant",
        "client_kind",
        "relative_of",
    ]


class AnonymousForm(RelativeOfMixin):
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        required=False,
        help_text=_("Four digits, if the client will tell."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=SEXES, required=False)
    client_kind = forms.ChoiceField(
        label=_("Kind of client"), choices=CLIENT_KINDS, initial=ClientKind.CITIZEN
    )
    field_order = ["birth_year", "sex", "client_kind", "relative_of"]


class LinkForm(forms.Form):
    cpr = forms.CharField(
        label=_("The identified citizen's CPR number"), max_length=20, help_text=CPR_HINT
    )
    consent = forms.BooleanField(
        label=_("The citizen has consented to linking the anonymous history to their record."),
        required=True,
        error_messages={"required": _("Linking requires the citizen's consent.")},
    )


class PeriodForm(forms.Form):
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end of the period is before its start."))
        return data


class CorrectForm(forms.Form):
    """The citizen's master data as corrected by staff (issue 12 § 5)."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    home_municipality = forms.CharField(
        label=_("Home municipality"), max_length=100, required=False
    )
    children_under_18 = forms.IntegerField(
        label=_("Children under 18"), required=False, min_value=0, max_value=30
    )
    pregnant = forms.ChoiceField(label=_("Pregnant"), choices=YES_NO_UNKNOWN, required=False)

    def __init__(self, *args, anonymous: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if anonymous:
            del self.fields["name"]
            del self.fields["address"]
        else:
            self.fields["name"].required = True

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["pregnant"] = {"yes": True, "no": False}.get(data.get("pregnant") or "")
        return data


class NotificationCheckForm(forms.Form):
    on = forms.DateField(
        label=_("Date of the check"), widget=forms.DateInput(attrs={"type": "date"})
    )
