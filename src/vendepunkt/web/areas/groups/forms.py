"""The group screens' forms: the rules are the services' (their ServiceErrors are shown at the
field they name)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vendepunkt.groups.vocabulary import Intake, LeftReason, Presence

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class GroupForm(forms.Form):
    service_id = forms.ChoiceField(label=_("Group service"))
    name = forms.CharField(label=_("Name of the group"), max_length=200)
    team = forms.ChoiceField(label=_("Team"))
    leaders = forms.MultipleChoiceField(
        label=_("Group leaders"), widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100)
    intake = forms.ChoiceField(label=_("Intake"), choices=Intake.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE, required=False)

    def __init__(self, *args, services, teams, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_id"].choices = [(s.id, s.name) for s in services]
        self.fields["team"].choices = [(str(t.pk), t.name) for t in teams]
        self.fields["leaders"].choices = [
            (str(u.pk), u.get_full_name() or u.username) for u in staff
        ]
        self.fields["starts_on"].initial = timezone.localdate()


class JoinForm(forms.Form):
    group = forms.ChoiceField(label=_("Group"))
    contact_course = forms.ChoiceField(label=_("Through the course"), required=False)
    joined_on = forms.DateField(label=_("Joins on"), widget=DATE)

    def __init__(self, *args, groups, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = groups
        self.fields["contact_course"].choices = [("", _("No course (a relative)")), *courses]
        self.fields["joined_on"].initial = timezone.localdate()


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Leaves on"), widget=DATE)
    reason = forms.ChoiceField(label=_("Why"), choices=LeftReason.choices)
    note = forms.CharField(
        label=_("Remark"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["left_on"].initial = timezone.localdate()


class SeriesForm(forms.Form):
    first_day = forms.DateField(label=_("From"), widget=DATE)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int)
    time = forms.TimeField(label=_("Time"), widget=TIME)
    length_minutes = forms.IntegerField(label=_("Length in minutes"), min_value=1, max_value=600)
    count = forms.IntegerField(label=_("Number of sessions"), min_value=1, max_value=52)
    place = forms.CharField(label=_("Place"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_day"].initial = timezone.localdate()


class SessionForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    time = forms.TimeField(label=_("Time"), widget=TIME)
    length_minutes = forms.IntegerField(label=_("Length in minutes"), min_value=1, max_value=600)
    place = forms.CharField(label=_("Place"), max_length=200)

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why the session is cancelled"), max_length=500)


class AttendanceForm(forms.Form):
    """One choice per member of the roster (field "m<membership id>")."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            m = row.membership
            self.fields[f"m{m.pk}"] = forms.ChoiceField(
                label=m.client.display_name,
                choices=Presence.choices,
                widget=forms.RadioSelect,
                initial=row.presence or None,
            )

    def marks(self) -> dict[int, str]:
        return {int(k[1:]): v for k, v in self.cleaned_data.items() if k.startswith("m")}


class NoteForm(forms.Form):
    """The session's note and one note per participant (field "p<membership id>")."""

    text = forms.CharField(
        label=_("The session's note (for the group's staff)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    sign = forms.BooleanField(
        label=_("Sign the participants' notes now"),
        required=False,
        help_text=_("A signed note is locked; later corrections are amendments."),
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant_fields = []
        for row in rows:
            m = row.membership
            name = f"p{m.pk}"
            self.fields[name] = forms.CharField(
                label=m.client.display_name,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Lands in this participant's journal only."),
            )
            self.participant_fields.append(name)

    def participant_notes(self) -> dict[int, str]:
        return {int(k[1:]): self.cleaned_data[k] for k in self.participant_fields}
