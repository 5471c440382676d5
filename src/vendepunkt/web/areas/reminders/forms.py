from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vendepunkt.reminders.models import ConsentGiven


class ConsentForm(forms.Form):
    sms = forms.BooleanField(label=_("Reminders by SMS"), required=False)
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False)
    email = forms.BooleanField(label=_("Reminders by e-mail"), required=False)
    email_address = forms.CharField(label=_("E-mail address"), max_length=254, required=False)
    given_on = forms.DateField(
        label=_("Consent given on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    given_how = forms.ChoiceField(label=_("Consent given"), choices=ConsentGiven.choices)


class WithdrawForm(forms.Form):
    on = forms.DateField(label=_("Withdrawn on"), widget=forms.DateInput(attrs={"type": "date"}))
