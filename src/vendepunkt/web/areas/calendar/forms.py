"""The calendar's forms: booking (and moving) an appointment, attendance, the active contact."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vendepunkt.courses.vocabulary import AppointmentKind, AttendanceStatus, Place


class BookForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of appointment"), choices=AppointmentKind.choices)
    day = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=5, max_value=480, initial=45
    )
    staff = forms.MultipleChoiceField(
        label=_("Staff"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        choices=(),
    )
    place = forms.ChoiceField(label=_("Place"), choices=Place.choices)
    room = forms.ChoiceField(label=_("Room"), required=False, choices=())
    location = forms.CharField(label=_("Outreach location"), required=False, max_length=200)
    service = forms.ChoiceField(
        label=_("Service the session belongs to"),
        required=False,
        choices=(),
        help_text=_("For a treatment session, where the course has several services."),
    )
    confirm_overlap = forms.BooleanField(
        label=_("Book anyway, although someone or the room is already booked"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )

    def __init__(self, *args, staff=(), rooms=(), kinds=True, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        if services:
            self.fields["service"].choices = [("", "—"), *services]
        else:
            del self.fields["service"]
        self.fields["staff"].choices = [(str(u.pk), u.get_full_name() or u.username) for u in staff]
        self.fields["room"].choices = [("", "—")] + [
            (str(r.pk), f"{r.name} ({r.centre.name})") for r in rooms
        ]
        if not kinds:
            del self.fields["kind"]


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=[
            (AttendanceStatus.ATTENDED, AttendanceStatus.ATTENDED.label),
            (AttendanceStatus.NO_SHOW, AttendanceStatus.NO_SHOW.label),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
    )


class ContactForm(forms.Form):
    on = forms.DateField(
        label=_("Day of the contact"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
