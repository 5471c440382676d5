"""The journal's forms: the rules are the services' (their ServiceErrors are shown at the field
they name)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the journal"), required=False, max_length=200)


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of note"))
    contact_course = forms.ChoiceField(label=_("Course"), required=False)
    day = forms.DateField(
        label=_("Date of the event"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 8}))
    medical = forms.BooleanField(label=_("Medical note (doctors and nurses only)"), required=False)
    confidential = forms.BooleanField(
        label=_("Confidential to the team"),
        required=False,
        help_text=_("Only the team's members and you can read it."),
    )
    sign = forms.BooleanField(
        label=_("Sign the note now"),
        required=False,
        help_text=_("A signed note is locked; later corrections are amendments."),
    )

    def __init__(self, *args, kinds, courses, may_write_medical: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        self.fields["contact_course"].choices = [("", _("The citizen (no course)")), *courses]
        if not may_write_medical:
            del self.fields["medical"]
        now = timezone.localtime()
        self.fields["day"].initial = now.date()
        self.fields["time"].initial = now.time().replace(second=0, microsecond=0)

    def event_at(self) -> dt.datetime:
        day, time = self.cleaned_data["day"], self.cleaned_data["time"]
        return timezone.make_aware(dt.datetime.combine(day, time))


class EditForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 8}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class AmendForm(forms.Form):
    text = forms.CharField(label=_("Corrected text"), widget=forms.Textarea(attrs={"rows": 8}))
    reason = forms.CharField(label=_("Why the note is corrected"), max_length=500)
