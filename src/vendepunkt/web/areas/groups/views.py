"""The group screens (issue 13 § 4): the groups, a group with its roster and sessions, a new
group, a weekly series and a single session, the attendance of the whole group at one session,
the session's note with a note per participant, a member leaving, and putting a citizen on a
group from their page. The reads and the changes are the groups app's; these views show them."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from vendepunkt.accounts.access import NotFound, can
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.models import Team, User
from vendepunkt.citizens import services as citizens
from vendepunkt.courses.guard import course_guard
from vendepunkt.courses.models import ContactCourse
from vendepunkt.groups import queries
from vendepunkt.groups import services as group_services
from vendepunkt.groups.models import Group
from vendepunkt.web.access import staff_page

from .forms import (
    AttendanceForm,
    CancelForm,
    GroupForm,
    JoinForm,
    LeaveForm,
    NoteForm,
    SeriesForm,
    SessionForm,
)

NAV = "groups"
PURPOSE = "groups"


def _message(request, error: ServiceError) -> str:
    return error.message_en if getattr(request, "LANGUAGE_CODE", "da") == "en" else error.message_da


def _show(request, form, error: ServiceError, fields: dict[str, str] | None = None) -> None:
    name = (fields or {}).get(error.field or "", error.field)
    form.add_error(name if name in form.fields else None, _message(request, error))


@require_safe
@staff_page
def group_list(request):
    rows = queries.groups(request.user)
    may_create = can(
        request.user,
        "groups.manage_group",
        group_services.Guard(request.user.municipality_id, None),
    )
    return render(
        request,
        "areas/groups/list.html",
        {"nav": NAV, "rows": rows, "may_create": may_create},
    )


@require_http_methods(["GET", "POST"])
@staff_page
def group_new(request):
    user = request.user
    group_services.require_may_create(user)
    options = queries.choices(user)
    form = GroupForm(request.POST or None, **options)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        team = Team.objects.filter(
            pk=data["team"], centre__municipality_id=user.municipality_id
        ).first()
        leaders = list(
            User.objects.filter(pk__in=data["leaders"], municipality_id=user.municipality_id)
        )
        try:
            if team is None:
                raise NotFound("Team")
            group = group_services.create_group(
                user,
                service_id=data["service_id"],
                name=data["name"],
                team=team,
                capacity=data["capacity"],
                intake=data["intake"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                leaders=leaders,
                today=timezone.localdate(),
            )
        except ServiceError as error:
            _show(request, form, error)
        else:
            messages.success(request, _("The group is created."))
            return redirect(reverse("group-detail", args=[group.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, "areas/groups/group_new.html", {"nav": NAV, "form": form}, status=status)


@require_safe
@staff_page
def group_detail(request, group_id: int):
    view = queries.group(request.user, group_id, purpose=PURPOSE)
    now = timezone.now()
    return render(
        request,
        "areas/groups/group.html",
        {"nav": NAV, "v": view, "g": view.group, "now": now},
    )


def _session_form_page(request, group_id: int, form_class, template: str, create):
    group = group_services.require_may(request.user, group_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create(group, form)
        except ServiceError as error:
            _show(request, form, error, {"starts_at": "day"})
        else:
            messages.success(request, _("The sessions are planned."))
            return redirect(reverse("group-detail", args=[group.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"nav": NAV, "g": group, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@staff_page
def series_new(request, group_id: int):
    def create(group, form):
        d = form.cleaned_data
        group_services.plan_series(
            request.user,
            group.pk,
            first_day=d["first_day"],
            weekday=d["weekday"],
            at=d["time"],
            length_minutes=d["length_minutes"],
            count=d["count"],
            place=d["place"],
            today=timezone.localdate(),
        )

    return _session_form_page(request, group_id, SeriesForm, "areas/groups/series_new.html", create)


@require_http_methods(["GET", "POST"])
@staff_page
def session_new(request, group_id: int):
    def create(group, form):
        d = form.cleaned_data
        group_services.add_session(
            request.user,
            group.pk,
            starts_at=form.starts_at(),
            length_minutes=d["length_minutes"],
            place=d["place"],
            today=timezone.localdate(),
        )

    return _session_form_page(
        request, group_id, SessionForm, "areas/groups/session_new.html", create
    )


@require_http_methods(["GET", "POST"])
@staff_page
def membership_end(request, membership_id: int):
    membership = queries.membership(request.user, membership_id, purpose=PURPOSE)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group_services.end_membership(
                request.user,
                membership_id,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                today=timezone.localdate(),
            )
        except ServiceError as error:
            _show(request, form, error)
        else:
            messages.success(request, _("The member has left the group."))
            return redirect(reverse("group-detail", args=[membership.group_id]))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "areas/groups/membership_end.html",
        {"nav": NAV, "m": membership, "g": membership.group, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_page
def session_detail(request, session_id: int):
    """The attendance of the whole group at one session, on one screen."""
    if request.method == "POST":
        group_services.require_may_session(request.user, session_id)
    view = queries.session(request.user, session_id, purpose=PURPOSE)
    form = AttendanceForm(request.POST or None, rows=view.rows)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                group_services.record_attendance(request.user, session_id, marks=form.marks())
            except ServiceError as error:
                _show(request, form, error)
            else:
                messages.success(request, _("The attendance is saved."))
                return redirect(reverse("group-session", args=[session_id]))
    return render(
        request,
        "areas/groups/session.html",
        {"nav": NAV, "v": view, "s": view.session, "g": view.group, "form": form},
        status=status,
    )


@require_http_methods(["POST"])
@staff_page
def session_cancel(request, session_id: int):
    session = group_services.require_may_session(request.user, session_id, "groups.manage_group")
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            group_services.cancel_session(
                request.user, session_id, reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            messages.error(request, _message(request, error))
        else:
            messages.success(request, _("The session is cancelled."))
        return redirect(reverse("group-detail", args=[session.group_id]))
    messages.error(request, _("Say why the session is cancelled."))
    return redirect(reverse("group-session", args=[session_id]))


@require_http_methods(["GET", "POST"])
@staff_page
def session_note(request, session_id: int):
    """The session's note for the staff and a note per participant into their journals."""
    if request.method == "POST":
        group_services.require_may_session(request.user, session_id)
    view = queries.session(request.user, session_id, purpose=PURPOSE)
    form = NoteForm(request.POST or None, rows=view.rows, initial={"text": view.session.note})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                group_services.write_session_note(
                    request.user,
                    session_id,
                    text=form.cleaned_data["text"],
                    participant_notes=form.participant_notes(),
                    sign=form.cleaned_data["sign"],
                    today=timezone.localdate(),
                )
            except ServiceError as error:
                _show(request, form, error)
            else:
                messages.success(request, _("The notes are saved."))
                return redirect(reverse("group-session", args=[session_id]))
    return render(
        request,
        "areas/groups/session_note.html",
        {
            "nav": NAV,
            "v": view,
            "s": view.session,
            "g": view.group,
            "form": form,
            "participants": [form[name] for name in form.participant_fields],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_page
def member_add(request, pk: int):
    """Put the citizen (or relative) on a group, from the citizen's page."""
    user = request.user
    client = citizens.get_client(user, pk, purpose=PURPOSE)
    group_services.require_may_create(user)
    managed = [
        g
        for g in Group.objects.filter(municipality_id=user.municipality_id).order_by("name")
        if can(user, "groups.manage_group", g)
    ]
    courses = [
        c
        for c in ContactCourse.objects.filter(client=client, closed_on__isnull=True)
        .select_related("treatment")
        .order_by("-opened_on")
        if can(user, "courses.view_course", course_guard(c))
    ]
    form = JoinForm(
        request.POST or None,
        groups=[(str(g.pk), g.name) for g in managed],
        courses=[
            (str(c.pk), _("Course from %(date)s") % {"date": c.opened_on.strftime("%d.%m.%Y")})
            for c in courses
        ],
    )
    if request.method == "POST" and form.is_valid():
        course_id = form.cleaned_data["contact_course"]
        course = next((c for c in courses if str(c.pk) == course_id), None)
        try:
            membership = group_services.add_member(
                user,
                int(form.cleaned_data["group"]),
                client=client,
                contact_course=course,
                joined_on=form.cleaned_data["joined_on"],
                today=timezone.localdate(),
            )
        except ServiceError as error:
            _show(request, form, error, {"client": "group"})
        else:
            messages.success(request, _("The citizen is on the group's roster."))
            return redirect(reverse("group-detail", args=[membership.group_id]))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "areas/groups/member_add.html",
        {"nav": NAV, "client": client, "form": form, "groups": managed},
        status=status,
    )
