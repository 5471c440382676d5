"""The calendar screens (issue 13 § 3): the day and week of a staff member, a team or a room as
a list under a heading per day (times as text, keyboard and screen reader friendly, no
drag-and-drop), booking on a course, and an appointment's page with moving, cancelling,
attendance and the active contact after a no-show. Reads are `courses.queries.calendar`'s (read
log, a fixed number of queries); changes are `courses.services.calendar`'s."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vendepunkt.accounts.access import require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.models import User
from vendepunkt.courses import services
from vendepunkt.courses.guard import course_guard
from vendepunkt.courses.models import Room
from vendepunkt.courses.queries import calendar as q
from vendepunkt.courses.vocabulary import AppointmentKind, AttendanceStatus, Place
from vendepunkt.web.access import staff_page

from .forms import AttendanceForm, BookForm, ContactForm

NAV = "calendar"
PURPOSE = "calendar"
KINDS = dict(AppointmentKind.choices)
PLACES = dict(Place.choices)
STATUSES = dict(AttendanceStatus.choices)


def _today() -> dt.date:
    return timezone.localdate()


def _message(request, error: ServiceError) -> str:
    return error.message_en if getattr(request, "LANGUAGE_CODE", "da") == "en" else error.message_da


def _show(form, request, error: ServiceError) -> None:
    name = {"service_id": "service"}.get(error.field or "", error.field)
    field = name if name in form.fields else None
    form.add_error(field, _message(request, error))


@require_safe
@staff_page
def home(request):
    """The user's own calendar; `?vis=staff:ID|team:ID|room:ID` goes to another (the chooser)."""
    require(request.user, "courses.view_calendar", q._guard(request.user))
    chosen = request.GET.get("vis", "")
    who, _sep, pk = chosen.partition(":")
    names = {"staff": "calendar-staff", "team": "calendar-team", "room": "calendar-room"}
    if who in names and pk.isdigit():
        return redirect(names[who], int(pk))
    return redirect("calendar-staff", request.user.pk)


def _range(request) -> tuple[str, dt.date, dt.date, dt.date]:
    """The view ("dag" or "uge"), the day asked for, and the range shown."""
    try:
        day = dt.date.fromisoformat(request.GET.get("dag", ""))
    except ValueError:
        day = _today()
    if abs((day - _today()).days) > 3650:
        day = _today()  # beyond the named bounds: today instead
    view = "dag" if request.GET.get("visning") == "dag" else "uge"
    if view == "dag":
        return view, day, day, day + dt.timedelta(days=1)
    monday = day - dt.timedelta(days=day.weekday())
    return view, day, monday, monday + dt.timedelta(days=7)


def _time(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%H:%M")


def _row(entry, course_pattern: str, citizen_pattern: str) -> dict:
    a = entry.appointment
    if a.place == Place.ROOM and a.room is not None:
        place = a.room.name
    elif a.place == Place.OUTREACH:
        place = f"{PLACES[a.place]}: {a.location}"
    else:
        place = str(PLACES.get(a.place, "")) if a.place else ""
    return {
        "a": a,
        "visible": entry.visible,
        "time": f"{_time(a.at)}–{_time(a.ends_at)}",
        "kind": KINDS.get(a.kind, a.kind),
        "status": STATUSES.get(a.status, a.status),
        "place": place,
        "staff": ", ".join(u.get_full_name() or u.username for u in a.staff.all()),
        "client": entry.client,
        "citizen_link": citizen_pattern.format(a.contact_course.client_id) if entry.visible else "",
        "course_link": course_pattern.format(a.contact_course_id) if entry.visible else "",
        "link": reverse("calendar-appointment", args=[a.pk]) if entry.visible else "",
    }


def _calendar(request, who: str, pk: int, url_name: str):
    of = q.subject(request.user, who, pk)
    view, day, start, end = _range(request)
    entries = q.appointments(request.user, who=who, of=of, start=start, end=end, purpose=PURPOSE)
    marker = "987654321"
    course_pattern = reverse("course-detail", args=[int(marker)]).replace(marker, "{}")
    citizen_pattern = reverse("citizen-detail", args=[int(marker)]).replace(marker, "{}")
    days = []
    current = start
    while current < end:
        rows = [
            _row(e, course_pattern, citizen_pattern)
            for e in entries
            if timezone.localtime(e.appointment.at).date() == current
        ]
        days.append({"day": current, "label": date_format(current, "l j. F Y"), "rows": rows})
        current += dt.timedelta(days=1)
    step = dt.timedelta(days=1 if view == "dag" else 7)
    if who == "staff":
        title = of.get_full_name() or of.username
    elif who == "team":
        title = f"{of.name} ({of.centre.name})"
    else:
        title = f"{of.name} ({of.centre.name})"
    return render(
        request,
        "areas/calendar/calendar.html",
        {
            "nav": NAV,
            "who": who,
            "of": of,
            "title": title,
            "view": view,
            "day": day,
            "days": days,
            "here": reverse(url_name, args=[pk]),
            "previous": (day - step).isoformat(),
            "next": (day + step).isoformat(),
            "today": _today().isoformat(),
            "choices": _choices(request.user),
            "chosen": f"{who}:{pk}",
        },
    )


def _choices(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """The chooser's groups: staff, teams and rooms (three queries)."""
    return [
        (
            str(_("Staff")),
            [(f"staff:{u.pk}", u.get_full_name() or u.username) for u in q.staff_members(user)],
        ),
        (
            str(_("Teams")),
            [(f"team:{t.pk}", f"{t.name} ({t.centre.name})") for t in q.teams(user)],
        ),
        (
            str(_("Rooms")),
            [(f"room:{r.pk}", f"{r.name} ({r.centre.name})") for r in q.rooms(user)],
        ),
    ]


@require_safe
@staff_page
def staff_calendar(request, user_id: int):
    return _calendar(request, "staff", user_id, "calendar-staff")


@require_safe
@staff_page
def team_calendar(request, team_id: int):
    return _calendar(request, "team", team_id, "calendar-team")


@require_safe
@staff_page
def room_calendar(request, room_id: int):
    return _calendar(request, "room", room_id, "calendar-room")


def _book_form(user, data=None, **kwargs) -> BookForm:
    return BookForm(data, staff=q.staff_members(user), rooms=q.rooms(user), **kwargs)


def _slot(form: BookForm, user) -> dict:
    d = form.cleaned_data
    at = timezone.make_aware(dt.datetime.combine(d["day"], d["time"]))
    staff = list(User.objects.filter(pk__in=d["staff"], municipality_id=user.municipality_id))
    room = (
        Room.objects.filter(pk=d["room"], municipality_id=user.municipality_id).first()
        if d.get("room")
        else None
    )
    return {
        "at": at,
        "minutes": d["minutes"],
        "staff": staff,
        "place": d["place"],
        "room": room,
        "location": d.get("location") or "",
        "confirm_overlap": d.get("confirm_overlap") or False,
    }


def _services(course) -> list[tuple[str, str]]:
    """The active services of the course's treatment, for a session to name (issue 12 § 3)."""
    treatment = getattr(course, "treatment", None)  # none before treatment starts
    if treatment is None:
        return []
    standard = course.municipality.standard()
    found = []
    for cs in treatment.services.filter(end_on__isnull=True).order_by("start_on", "id"):
        service = standard.service(cs.service_id)
        found.append((cs.service_id, service.name if service else cs.service_id))
    return found if len(found) > 1 else []


@require_http_methods(["GET", "POST"])
@staff_page
def book(request, course_id: int):
    course = q.course_for_booking(request.user, course_id, purpose=PURPOSE)
    offered = _services(course)
    if request.method == "POST":
        form = _book_form(request.user, request.POST, services=offered)
        if form.is_valid():
            try:
                a = services.book_appointment(
                    request.user,
                    course,
                    kind=form.cleaned_data["kind"],
                    service_id=form.cleaned_data.get("service") or "",
                    today=_today(),
                    **_slot(form, request.user),
                )
            except ServiceError as error:
                _show(form, request, error)
            else:
                messages.success(request, _("The appointment was booked."))
                return redirect("calendar-appointment", a.pk)
        status = 400
    else:
        form = _book_form(
            request.user,
            initial={"day": _today(), "staff": [str(request.user.pk)], "place": Place.ROOM},
            services=offered,
        )
        status = 200
    return render(
        request,
        "areas/calendar/book.html",
        {"nav": NAV, "form": form, "course": course, "client": course.client},
        status=status,
    )


def _detail(request, appointment_id: int, *, status: int = 200, **forms):
    a = q.appointment(request.user, appointment_id, purpose=PURPOSE)
    local = timezone.localtime(a.at)
    begun = local.date() < _today() or a.at <= timezone.now()
    move_form = forms.get("move_form") or _book_form(
        request.user,
        kinds=False,
        initial={
            "day": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "minutes": a.minutes,
            "staff": [str(u.pk) for u in a.staff.all()],
            "place": a.place or Place.ROOM,
            "room": str(a.room_id or ""),
            "location": a.location,
        },
    )
    return render(
        request,
        "areas/calendar/appointment.html",
        {
            "nav": NAV,
            "a": a,
            "client": a.contact_course.client,
            "time": f"{_time(a.at)}–{_time(a.ends_at)}",
            "day_label": date_format(local.date(), "l j. F Y"),
            "kind": KINDS.get(a.kind, a.kind),
            "status_label": STATUSES.get(a.status, a.status),
            "place": PLACES.get(a.place, "") if a.place else "",
            "planned": a.status == AttendanceStatus.PLANNED,
            "begun": begun,
            "move_form": move_form,
            "attendance_form": forms.get("attendance_form") or AttendanceForm(),
            "contact_form": forms.get("contact_form") or ContactForm(initial={"on": _today()}),
            "needs_contact": a.status == AttendanceStatus.NO_SHOW and a.contacted_on is None,
        },
        status=status,
    )


@require_safe
@staff_page
def detail(request, appointment_id: int):
    return _detail(request, appointment_id)


def _changeable(request, appointment_id: int):
    a = services.calendar.appointment_of(request.user, appointment_id)
    require(request.user, "courses.record_appointment", course_guard(a.contact_course))
    return a


@require_POST
@staff_page
def move(request, appointment_id: int):
    a = _changeable(request, appointment_id)
    form = _book_form(request.user, request.POST, kinds=False)
    if form.is_valid():
        try:
            services.move_appointment(request.user, a, today=_today(), **_slot(form, request.user))
        except ServiceError as error:
            _show(form, request, error)
        else:
            messages.success(request, _("The appointment was moved."))
            return redirect("calendar-appointment", a.pk)
    return _detail(request, appointment_id, status=400, move_form=form)


@require_POST
@staff_page
def cancel(request, appointment_id: int):
    a = _changeable(request, appointment_id)
    try:
        services.cancel_appointment(request.user, a, today=_today())
    except ServiceError as error:
        messages.error(request, _message(request, error))
    else:
        messages.success(request, _("The appointment was cancelled."))
    return redirect("calendar-appointment", a.pk)


@require_POST
@staff_page
def attendance(request, appointment_id: int):
    a = _changeable(request, appointment_id)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.record_attendance(
                request.user, a, status=form.cleaned_data["status"], today=_today()
            )
        except ServiceError as error:
            _show(form, request, error)
        else:
            messages.success(request, _("The attendance was recorded."))
            return redirect("calendar-appointment", a.pk)
    return _detail(request, appointment_id, status=400, attendance_form=form)


@require_POST
@staff_page
def active_contact(request, appointment_id: int):
    a = _changeable(request, appointment_id)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.record_active_contact(
                request.user, a, on=form.cleaned_data["on"], today=_today()
            )
        except ServiceError as error:
            _show(form, request, error)
        else:
            messages.success(request, _("The active contact was recorded."))
            return redirect("calendar-appointment", a.pk)
    return _detail(request, appointment_id, status=400, contact_form=form)
