"""Oversight screens: complaints (R39, R40) with their routes and deadlines, the provider register
(R21, R22) and the municipality's quality standard with its lint findings."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vendepunkt.accounts import services as account_services
from vendepunkt.accounts.access import AccessDenied, can
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.complaints import queries as complaint_queries
from vendepunkt.complaints import services as complaint_services
from vendepunkt.providers import queries as provider_queries
from vendepunkt.providers import services as provider_services
from vendepunkt.standards import queries as standard_queries
from vendepunkt.web.access import staff_page
from vendepunkt.web.refusals import service_message, show_refusal

from .forms import ComplaintForm, ForwardForm, ProviderForm, ReassessForm, StaffForm


def _link(name: str, *args) -> str:
    """A link to another area's screen, or nothing while that screen does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- complaints ------------------------------------------------------------------------------


@staff_page
@require_safe
def complaints(request):
    today = timezone.localdate()
    page, rows = complaint_queries.list_complaints(
        request.user, today=today, page=request.GET.get("side")
    )
    context = {
        "page": page,
        "rows": rows,
        "today": today,
        "may_register": complaint_queries.may_register_complaints(request.user),
        "search_url": _link("citizen-search"),
        "nav": "complaints",
    }
    return render(request, "areas/oversight/complaints.html", context)


@staff_page
@require_safe
def complaint_route(request):
    """HTMX fragment: the route of the chosen kind of complaint, from the standard."""
    if not complaint_queries.may_register_complaints(request.user):
        raise AccessDenied("complaints.register")
    standard = request.user.municipality.standard()
    kind = request.GET.get("kind", "")
    context = {"route": complaint_queries.route_for(standard, kind), "kind": kind}
    return render(request, "areas/oversight/_route.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    today = timezone.localdate()
    client_id = request.GET.get("client")
    if not client_id:
        if not complaint_queries.may_register_complaints(request.user):
            raise AccessDenied("complaints.register")
        context = {"client": None, "search_url": _link("citizen-search"), "nav": "complaints"}
        return render(request, "areas/oversight/complaint_new.html", context)
    client, decisions = complaint_queries.client_for_complaint(request.user, client_id)
    standard = client.municipality.standard()
    options = {
        "decisions": decisions,
        "standard": standard,
        "today": today,
        "route_url": reverse("complaint-route"),
    }
    status = 200
    if request.method == "POST" and request.POST.get("action") == "route":
        # Without JavaScript: show the route of the chosen kind, keeping what was typed.
        form = ComplaintForm(initial=request.POST.dict(), **options)
    elif request.method == "POST":
        form = ComplaintForm(request.POST, **options)
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = complaint_services.register_complaint(
                    request.user,
                    client,
                    kind=data["kind"],
                    received_on=data["received_on"],
                    form=data["form"],
                    text=data["text"],
                    decision=form.chosen_decision(),
                    representative=data["representative"].strip(),
                    power_of_attorney=data["power_of_attorney"],
                    today=today,
                )
            except ServiceError as error:
                show_refusal(request, form, error)
            else:
                messages.success(request, _("The complaint is registered."))
                if can(request.user, "complaints.view_complaint", complaint):
                    return redirect("complaint-detail", complaint.pk)
                return redirect("complaints")
        status = 400
    else:
        form = ComplaintForm(
            initial={
                "received_on": today,
                "kind": "social_decision",
                "decision": request.GET.get("decision", ""),
            },
            **options,
        )
    kind = form["kind"].value()
    context = {
        "client": client,
        "form": form,
        "route": complaint_queries.route_for(standard, kind),
        "kind": kind,
        "client_url": _link("citizen-detail", client.pk),
        "nav": "complaints",
    }
    return render(request, "areas/oversight/complaint_new.html", context, status=status)


def _complaint_page(request, pk: int, *, reassess_form=None, forward_form=None, status=200):
    today = timezone.localdate()
    complaint = complaint_services.view_complaint(request.user, pk, purpose="complaint")
    standard = complaint.municipality.standard()
    may_handle = can(request.user, "complaints.handle", complaint)
    open_for_reassessment = complaint.reassessed_on is None
    awaiting_forward = bool(complaint.decision_kept) and complaint.forwarded_on is None
    decision = complaint.decision
    service = standard.service(decision.application.service_id) if decision else None
    context = {
        "complaint": complaint,
        "client": complaint.client,
        "decision": decision,
        "service_name": service.name if service else "",
        "route": complaint_queries.route_for(standard, complaint.kind, complaint.route_id),
        "deadlines": complaint_queries.complaint_deadlines(complaint, today),
        "is_open": complaint_queries.is_open(complaint),
        "forward_to": complaint.forwarded_to
        or complaint_queries.forwarding_body(complaint, standard),
        "may_handle": may_handle,
        # A submitted form is shown with its errors even when the complaint has moved on.
        "reassess_form": reassess_form
        or (
            ReassessForm(today=today, initial={"on": today})
            if may_handle and open_for_reassessment
            else None
        ),
        "forward_form": forward_form
        or (
            ForwardForm(today=today, initial={"on": today, "citizen_informed_on": today})
            if may_handle and awaiting_forward
            else None
        ),
        "client_url": _link("citizen-detail", complaint.client_id),
        "course_url": _link("course-detail", complaint.contact_course_id)
        if complaint.contact_course_id
        else "",
        "today": today,
        "nav": "complaints",
    }
    return render(request, "areas/oversight/complaint_detail.html", context, status=status)


@staff_page
@require_safe
def complaint_detail(request, pk: int):
    return _complaint_page(request, pk)


@staff_page
@require_POST
def complaint_reassess(request, pk: int):
    today = timezone.localdate()
    complaint = complaint_services.view_complaint(request.user, pk, purpose="complaint")
    if not can(request.user, "complaints.handle", complaint):
        raise AccessDenied("complaints.handle")
    form = ReassessForm(request.POST, today=today)
    if form.is_valid():
        try:
            complaint_services.reassess(
                request.user,
                complaint,
                on=form.cleaned_data["on"],
                keep_decision=form.cleaned_data["keep_decision"] == "yes",
                outcome=form.cleaned_data["outcome"],
                today=today,
            )
        except ServiceError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The re-assessment is recorded."))
            return redirect("complaint-detail", pk)
    return _complaint_page(request, pk, reassess_form=form, status=400)


@staff_page
@require_POST
def complaint_forward(request, pk: int):
    today = timezone.localdate()
    complaint = complaint_services.view_complaint(request.user, pk, purpose="complaint")
    if not can(request.user, "complaints.handle", complaint):
        raise AccessDenied("complaints.handle")
    form = ForwardForm(request.POST, today=today)
    if form.is_valid():
        try:
            complaint_services.forward(
                request.user,
                complaint,
                on=form.cleaned_data["on"],
                citizen_informed_on=form.cleaned_data["citizen_informed_on"],
                today=today,
            )
        except ServiceError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The complaint is forwarded."))
            return redirect("complaint-detail", pk)
    return _complaint_page(request, pk, forward_form=form, status=400)


# --- providers -------------------------------------------------------------------------------


@staff_page
@require_safe
def providers(request):
    context = {
        "providers": provider_queries.list_providers(request.user),
        "may_manage": provider_queries.may_manage_providers(request.user),
        "nav": "providers",
    }
    return render(request, "areas/oversight/providers.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def provider_new(request):
    if not provider_queries.may_manage_providers(request.user):
        raise AccessDenied("providers.manage")
    municipality = request.user.municipality
    standard = municipality.standard()
    form = ProviderForm(request.POST or None, standard=standard)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                provider = provider_services.register_provider(
                    request.user,
                    municipality,
                    name=data["name"],
                    cvr=data["cvr"],
                    approved_for=list(data["approved_for"]),
                    settings_offered=list(data["settings_offered"]),
                    public=data["ownership"] == "public",
                    on_tilbudsportalen=data["on_tilbudsportalen"],
                    capacity=data["capacity"],
                )
            except ServiceError as error:
                show_refusal(request, form, error)
            else:
                messages.success(
                    request, _("The provider %(name)s is registered.") % {"name": provider.name}
                )
                return redirect("providers")
    return render(
        request,
        "areas/oversight/provider_new.html",
        {"form": form, "nav": "providers"},
        status=status,
    )


# --- the municipality's standard -------------------------------------------------------------


@staff_page
@require_safe
def my_standard(request):
    today = timezone.localdate()
    result = standard_queries.standard_findings(request.user, today)
    english = request.LANGUAGE_CODE == "en"
    findings = [
        {
            "finding": f,
            "severity": str(f.severity),
            "message": f.message_en if english else f.message_da,
        }
        for f in result.findings
    ]
    context = {
        "loaded": result.loaded,
        "std": result.loaded.standard,
        "file_name": result.loaded.path.name,
        "version": result.version,
        "version_matches": result.version is not None
        and result.version.sha256 == result.loaded.sha256,
        "findings": findings,
        "counts": result.counts,
        "today": today,
        "nav": "my-standard",
    }
    return render(request, "areas/oversight/my_standard.html", context)


# --- staff administration ----------------------------------------------------------------------


@staff_page
@require_safe
def staff(request):
    """The municipality's staff, their roles and teams; a new user from the identity provider has
    no role, and so no rights, until an administrator gives one."""
    users = account_services.list_staff(request.user)
    rows = [
        {
            "user": u,
            "name": u.get_full_name() or u.username,
            "role": u.get_role_display() if u.role else "",
            "teams": ", ".join(t.name for t in u.teams.all()),
        }
        for u in users
    ]
    return render(request, "areas/oversight/staff.html", {"rows": rows, "nav": "staff"})


@staff_page
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk: int):
    member = account_services.get_staff(request.user, pk)
    account_services.require_may_change(request.user, member)
    teams = account_services.municipality_teams(request.user)
    initial = {"role": member.role, "teams": [str(t) for t in sorted(member.team_ids())]}
    form = StaffForm(request.POST or None, teams=teams, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                account_services.set_role_and_teams(
                    request.user,
                    member,
                    role=form.cleaned_data["role"],
                    teams=form.chosen_teams(),
                )
            except ServiceError as error:
                show_refusal(request, form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s now has the role %(role)s.")
                    % {
                        "name": member.get_full_name() or member.username,
                        "role": member.get_role_display(),
                    },
                )
                return redirect("staff")
    context = {
        "member": member,
        "name": member.get_full_name() or member.username,
        "form": form,
        "nav": "staff",
    }
    return render(request, "areas/oversight/staff_edit.html", context, status=status)


# --- the security log and the leaders' notices (issue 10 §§ 1-2) -------------------------------

EVENT_KINDS = {
    "refused": gettext_lazy("Access refused"),
    "not_found": gettext_lazy("Not found (or another municipality's)"),
    "unauthenticated": gettext_lazy("Not signed in (API)"),
    "sign_in_failed": gettext_lazy("Failed sign-in"),
    "second_factor_failed": gettext_lazy("Wrong two-factor code"),
    "locked_out": gettext_lazy("Account locked"),
}


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else "–"


def notice_text(notice) -> str:
    """A notice in the reader's language: who got which role from whom, or who was refused how
    often."""
    from vendepunkt.accounts.models import Role, Team

    if notice.kind == "role_granted":
        after = notice.data.get("after", {})
        role = after.get("role", "")
        values = {
            "actor": _person(notice.actor),
            "subject": _person(notice.subject),
            "role": Role(role).label if role in Role.values else role,
        }
        teams = list(
            Team.objects.filter(pk__in=after.get("teams", [])).values_list("name", flat=True)
        )
        if teams:
            values["teams"] = ", ".join(sorted(teams))
            return (
                _(
                    "%(actor)s gave %(subject)s the role %(role)s in %(teams)s. Check that the "
                    "access is needed."
                )
                % values
            )
        return (
            _("%(actor)s gave %(subject)s the role %(role)s. Check that the access is needed.")
            % values
        )
    return _(
        "%(subject)s was refused access %(count)s times within %(minutes)s minutes. "
        "See the security log."
    ) % {
        "subject": _person(notice.subject),
        "count": notice.data.get("count", "?"),
        "minutes": notice.data.get("window_minutes", "?"),
    }


def notices_context(user) -> list[dict]:
    """The open notices for the worklist and the security log (leaders and auditors)."""
    from vendepunkt.audit.security import open_notices

    may_mark = user.role == "centre_leader"
    return [{"notice": n, "text": notice_text(n), "may_mark": may_mark} for n in open_notices(user)]


@staff_page
@require_safe
def security_log(request):
    from vendepunkt.audit.security import security_log as read_log

    kind = request.GET.get("type") or None
    try:
        page = int(request.GET.get("side") or 1)
    except ValueError:
        page = 1
    result = read_log(request.user, page=page, kind=kind)
    rows = [
        {
            "event": e,
            "who": _person(e.actor) if e.actor_id else (e.username or "–"),
            "kind": EVENT_KINDS.get(e.kind, e.kind),
            "what": f"{e.method} {e.path}".strip() or "–",
        }
        for e in result.events
    ]
    context = {
        "rows": rows,
        "result": result,
        "kinds": list(EVENT_KINDS.items()),
        "kind": kind if kind in EVENT_KINDS else "",
        "notices": notices_context(request.user),
        "nav": "security-log",
    }
    return render(request, "areas/oversight/security_log.html", context)


@staff_page
@require_POST
def notice_seen(request, pk: int):
    from vendepunkt.audit.security import mark_notice_seen

    try:
        mark_notice_seen(request.user, pk)
    except ServiceError as error:
        messages.info(request, service_message(request, error))
    else:
        messages.success(request, _("The notice is marked as seen."))
    back = request.POST.get("back", "")
    return redirect("worklist" if back == "worklist" else "security-log")
