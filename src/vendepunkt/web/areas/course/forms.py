"""Forms of the course screens. They parse what the user typed; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vendepunkt.courses import vocabulary
from vendepunkt.courses.services import PHASES, SUBSTITUTION_PRODUCTS
from vendepunkt.rules.sib import SIB_VALUES

# --- labels of the values the course screens record (English msgids, translated centrally) ---

PHASE = dict(vocabulary.TreatmentPhase.choices)
APPOINTMENT_KINDS = vocabulary.AppointmentKind.choices
ATTENDANCE = dict(vocabulary.AttendanceStatus.choices)
ATTENDANCE_CHOICES = [(k, ATTENDANCE[k]) for k in ("attended", "no_show", "cancelled")]
MEETINGS = dict(vocabulary.StatusMeetingKind.choices)
MEETING_CHOICES = vocabulary.StatusMeetingKind.choices
MEDICAL = dict(vocabulary.MedicalKind.choices)
MEDICAL_CHOICES = vocabulary.MedicalKind.choices
PICKUP = {"clinic": _("At the clinic"), "pharmacy": _("At the pharmacy")}
PICKUP_CHOICES = list(PICKUP.items())
TESTS = {"hepatitis": _("hepatitis"), "hiv": _("HIV")}
EVENTS = dict(vocabulary.CourseEventKind.choices)
EVENT_CHOICES = vocabulary.CourseEventKind.choices
PRODUCTS = {
    "methadone": _("Methadone"),
    "buprenorphine": _("Buprenorphine"),
    "buprenorphine_naloxone": _("Buprenorphine with naloxone"),
    "heroin": _("Heroin (medical)"),
}
SIB_LABELS = {
    "route": (
        _("Route of administration"),
        {
            "injection": _("injection"),
            "smoking": _("smoking"),
            "sniffing": _("sniffing"),
            "oral": _("by mouth"),
            "other": _("other"),
        },
    ),
    "injection_risk": (
        _("Injection risk"),
        {
            "shares_equipment": _("shares needles or equipment"),
            "no_sharing": _("injects, shares nothing"),
            "not_injecting": _("does not inject"),
        },
    ),
    "housing": (
        _("Housing"),
        {
            "own_home": _("own home"),
            "with_others": _("lives with family or friends"),
            "homeless": _("homeless"),
            "institution": _("institution or shelter"),
            "other": _("other"),
        },
    ),
    "education": (
        _("Education"),
        {
            "none": _("none completed"),
            "primary": _("primary school"),
            "upper_secondary": _("upper secondary"),
            "vocational": _("vocational"),
            "higher": _("higher education"),
        },
    ),
    "income": (
        _("Income"),
        {
            "wages": _("wages"),
            "education_grant": _("education grant"),
            "public_benefit": _("public benefit"),
            "pension": _("pension"),
            "other": _("other"),
        },
    ),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class LabelledChoiceField(forms.ModelChoiceField):
    """A model choice whose option text comes from a function (e.g. a user's full name)."""

    def __init__(self, *args, label_of=str, **kwargs):
        self.label_of = label_of
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return self.label_of(obj)


def person_name(user) -> str:
    return user.get_full_name() or user.username


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DateInput, **kwargs)


class StartTreatmentForm(forms.Form):
    team = LabelledChoiceField(queryset=None, label=_("Team"))
    start_on = _date(_("Start date"))
    treater = LabelledChoiceField(
        queryset=None, label=_("Primary treater"), required=False, label_of=person_name
    )
    decision = LabelledChoiceField(
        queryset=None,
        label=_("Granted decision"),
        required=False,
        help_text=_("The grant the treatment starts on; its service is added to the course."),
    )

    def __init__(self, *args, teams, treaters, decisions, decision_label=str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["treater"].queryset = treaters
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_of = decision_label


class ServicesForm(forms.Form):
    add = forms.ChoiceField(label=_("Add a service"), required=False)
    end = forms.ChoiceField(label=_("End a service"), required=False)
    on = _date(_("Date of the change"))

    def __init__(self, *args, catalogue, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add"].choices = [("", _("(none)")), *catalogue]
        self.fields["end"].choices = [("", _("(none)")), *current]

    def clean(self):
        data = super().clean()
        if not data.get("add") and not data.get("end"):
            raise forms.ValidationError(_("Choose a service to add or a service to end."))
        if data.get("add") and data.get("add") == data.get("end"):
            self.add_error("end", _("A service cannot be added and ended at once."))
        return data


class TreaterForm(forms.Form):
    treater = LabelledChoiceField(
        queryset=None, label=_("New primary treater"), label_of=person_name
    )
    on = _date(_("Date of the change"))

    def __init__(self, *args, treaters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treater"].queryset = treaters


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"))
    on = _date(_("Date of the change"))

    def __init__(self, *args, phases=None, **kwargs):
        super().__init__(*args, **kwargs)
        # the phases the municipality's standard uses (rules.phases.course_phases)
        self.fields["phase"].choices = [(p, PHASE[p]) for p in (phases or PHASES)]


class AppointmentForm(forms.Form):
    day = _date(_("Date"))
    time = forms.TimeField(label=_("Time"), widget=TimeInput)
    kind = forms.ChoiceField(label=_("Kind of appointment"), choices=APPOINTMENT_KINDS)
    service = forms.ChoiceField(
        label=_("Service the session belongs to"),
        required=False,
        choices=(),
        help_text=_("For a treatment session, where the course has several services."),
    )

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(services) > 1:  # the session names its service (its dose, issue 12 § 3)
            field = self.fields["service"]
            if isinstance(field, forms.ChoiceField):
                field.choices = [("", "—"), *services]
        else:
            del self.fields["service"]


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(label=_("Attendance"), choices=ATTENDANCE_CHOICES)
    gift_voucher = forms.BooleanField(
        label=_("Gift voucher given"), required=False, help_text=_("Only for attendance.")
    )


STAY_KINDS = {
    "treatment": pgettext_lazy("stay", "Treatment stay"),
    "detoxification": pgettext_lazy("stay", "Detoxification"),
    "crisis": pgettext_lazy("stay", "Crisis stay"),
    "trial_placement": pgettext_lazy("stay", "Trial placement"),
}


def _dkk(label, help_text=""):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=1_000_000,
        max_digits=9,
        decimal_places=2,
        help_text=help_text,
    )


class StayForm(forms.Form):
    """A residential stay (R32) with its kind and service from the standard, and the individual
    self-payment assessment (R35, DKK per month; drug treatment only)."""

    provider = LabelledChoiceField(queryset=None, label=_("Provider"))
    kind = forms.ChoiceField(label=_("Kind of stay"), required=False)
    service_id = forms.ChoiceField(label=_("Residential service"), required=False)
    start_on = _date(_("First day"))
    end_on = _date(_("Last day"))
    assessed_on = _date(_("Self-payment assessed on"), required=False)
    economic_counselling_on = _date(_("Economic counselling talk held on"), required=False)
    board = _dkk(_("Board per month (DKK)"))
    lodging = _dkk(_("Lodging per month (DKK)"))
    keeps_own_home = forms.BooleanField(label=_("The citizen keeps their own home"), required=False)
    income = _dkk(
        _("Income per month (DKK)"),
        _("Leave empty to charge board and lodging in full."),
    )
    own_home_costs = _dkk(_("Costs of keeping the own home per month (DKK)"))
    obligations = _dkk(_("Obligations per month (DKK)"))
    personal_needs = _dkk(_("Amount for personal needs per month (DKK)"))
    self_payment_note = forms.CharField(
        label=_("Note on the self-payment assessment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    PAYMENT_FIELDS = (
        "assessed_on",
        "economic_counselling_on",
        "board",
        "lodging",
        "income",
        "own_home_costs",
        "obligations",
        "personal_needs",
    )

    def __init__(self, *args, providers, kinds=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["kind"].choices = [("", _("As the service states"))] + [
            (k, STAY_KINDS.get(k, k)) for k in kinds
        ]
        self.fields["service_id"].choices = [("", _("The course's residential service"))] + [
            (s.id, s.name) for s in services
        ]

    def self_payment(self) -> dict:
        data = self.cleaned_data
        values = {
            k: (data[k].isoformat() if hasattr(data[k], "isoformat") else str(data[k]))
            for k in self.PAYMENT_FIELDS
            if data.get(k) is not None
        }
        note = (data.get("self_payment_note") or "").strip()
        if note:
            values["note"] = note
        if data.get("keeps_own_home"):
            values["keeps_own_home"] = True
        return values


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Status meeting"), choices=MEETING_CHOICES)
    held_on = _date(_("Held on"))
    written_report = forms.BooleanField(label=_("Written report received"), required=False)


class MedicalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MEDICAL_CHOICES)
    on = _date(_("Date"))
    pickup = forms.ChoiceField(
        label=_("Pickup of substitution medicine"),
        required=False,
        choices=[("", _("(not substitution)")), *PICKUP_CHOICES],
    )
    product = forms.ChoiceField(
        label=_("Substitution product"),
        required=False,
        choices=[("", _("(not substitution)")), *((p, PRODUCTS[p]) for p in SUBSTITUTION_PRODUCTS)],
    )
    prescriber_authorisation = forms.RegexField(
        label=_("Prescribing doctor's authorisation ID"),
        required=False,
        regex=r"^[0-9A-Za-z]{5}$",
        max_length=5,
        help_text=_("Five letters or digits, from the Danish Patient Safety Authority."),
        error_messages={"invalid": _("An authorisation ID is five letters or digits.")},
    )
    screen_hepatitis = forms.BooleanField(label=_("Screened for hepatitis"), required=False)
    screen_hiv = forms.BooleanField(label=_("Screened for HIV"), required=False)
    note = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == "substitution" and not data.get("pickup"):
            self.add_error("pickup", _("Choose where the citizen picks up the medicine."))
        if kind == "substitution" and not data.get("product"):
            self.add_error("product", _("Choose the substitution product (monthly report)."))
        if (
            kind == "substitution"
            and "prescriber_authorisation" not in self.errors
            and not data.get("prescriber_authorisation")
        ):
            self.add_error(
                "prescriber_authorisation",
                _("Give the prescribing doctor's authorisation ID (monthly report)."),
            )
        if kind != "substitution" and data.get("product"):
            self.add_error("product", _("The product belongs to substitution treatment."))
        if kind != "substitution" and data.get("pickup"):
            self.add_error("pickup", _("The pickup mode belongs to substitution treatment."))
        if kind == "screening" and not (data.get("screen_hepatitis") or data.get("screen_hiv")):
            self.add_error("screen_hepatitis", _("Choose what the citizen was screened for."))
        return data

    def details(self) -> dict:
        data = self.cleaned_data
        details: dict = {}
        if data["kind"] == "substitution":
            details["pickup"] = data["pickup"]
            details["product"] = data["product"]
            details["prescriber_authorisation"] = data["prescriber_authorisation"].upper()
        if data["kind"] == "screening":
            details["tests"] = [
                t
                for t, on in (("hepatitis", data["screen_hepatitis"]), ("hiv", data["screen_hiv"]))
                if on
            ]
        if data["kind"] == "vaccination":
            details["vaccine"] = "hepatitis_a_b"
        if data.get("note", "").strip():
            details["note"] = data["note"].strip()
        return details


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=EVENT_CHOICES)
    on = _date(_("Date"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SibForm(forms.Form):
    """The social indicator variables of the drug treatment database (SIB), each optional."""

    on = _date(_("Recorded on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, (label, values) in SIB_LABELS.items():
            self.fields[key] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", _("not recorded")), *((v, values[v]) for v in SIB_VALUES[key])],
            )

    def values(self) -> dict:
        return {key: self.cleaned_data.get(key, "") for key in SIB_VALUES}


class DoctorBookingForm(forms.Form):
    """Book the doctor's consultation before treatment (SUL § 142)."""

    day = _date(_("Date"))
    time = forms.TimeField(label=_("Time"), widget=TimeInput)


class DoctorRecordForm(forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Attendance"), choices=ATTENDANCE_CHOICES)
