from django import forms
from django.utils.translation import gettext_lazy as _

REGISTER_CHOICES = [
    ("smdb", _("The drug treatment database (SMDB)")),
    ("nab", _("The national alcohol treatment register (NAB)")),
    ("substitution", _("The monthly substitution report")),
]


class ExtractForm(forms.Form):
    register = forms.ChoiceField(label=_("National register"), choices=REGISTER_CHOICES)
    period = forms.RegexField(
        label=_("Month"),
        regex=r"^\d{4}-\d{2}$",
        help_text=_("Year and month, e.g. 2026-10"),
        error_messages={"invalid": _("Write the month as YYYY-MM, e.g. 2026-10.")},
        max_length=7,
    )


class PeriodForm(forms.Form):
    period = ExtractForm.base_fields["period"]


class ClientForm(forms.Form):
    client = forms.IntegerField(
        label=_("Client number"),
        min_value=1,
        help_text=_("The number in the address of the citizen's page, never the CPR number"),
    )
