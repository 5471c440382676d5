"""The treatment plan (R24, R25), its versions compared, reviews, discharge (R36) and the
follow-ups after it (R37).

Views parse input with forms, call `vendepunkt.courses.services` for every change and read
through `courses.queries.plan` (permission checked, reads logged). A service's refusal is shown
next to the field it names, with status 400 and what the user typed kept.

Signing: a plan version is never changed (the versions are the plan's history), so the date the
citizen signed is recorded by saving a copy of the current version with that date (`plan-sign`):
the same content and the same `made_on` (a signature is not a revision, so no review deadline is
closed by it). The edit form can also carry the signed date when a new version is signed at once.
"""

from __future__ import annotations

import datetime as dt
import difflib

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vendepunkt.accounts.access import can
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.courses import services
from vendepunkt.courses.deadlines import effective_status
from vendepunkt.courses.queries import plan as queries
from vendepunkt.courses.vocabulary import DeadlineStatus
from vendepunkt.rules.plan_paperwork import plan_paperwork
from vendepunkt.web.access import staff_page
from vendepunkt.web.kinds import deadline_kind
from vendepunkt.web.labels import follow_up_label
from vendepunkt.web.refusals import english, service_message, show_refusal

from . import forms as f

STATUS = dict(DeadlineStatus.choices)
SUBSTANCE_GOAL = dict(f.SUBSTANCE_GOALS)
HORIZON = dict(f.HORIZONS)
DISCHARGE_STATUS = dict(f.DISCHARGE_STATUSES)
OUTCOME = dict(f.OUTCOMES)


def _today():
    return timezone.localdate()


def _lang(request) -> str:
    return "en" if getattr(request, "LANGUAGE_CODE", "da") == "en" else "da"


def _decorate(request, deadlines, today):
    """Give each stored deadline what the page shows: status decided today, labels, reason."""
    lang = _lang(request)
    for d in deadlines:
        d.effective = effective_status(d, today)
        d.status_label = STATUS.get(d.effective, d.effective)
        d.kind_label = deadline_kind(d.kind)
        d.subject_label = follow_up_label(d.subject) if d.kind == "follow_up" else ""
        d.reason = d.reason_en if lang == "en" else d.reason_da
    return deadlines


def _decorate_follow_ups(follow_ups):
    for item in follow_ups:
        item.subject_label = follow_up_label(item.subject)
    return follow_ups


def _course_link(treatment) -> str:
    try:
        return reverse("course-detail", args=[treatment.contact_course_id])
    except NoReverseMatch:
        return ""


def _course_context(request, treatment, section: str) -> dict:
    user = request.user
    return {
        "treatment": treatment,
        "client": treatment.contact_course.client,
        "discharge": queries.discharge_of(treatment),
        "course_link": _course_link(treatment),
        "section": section,
        "can_edit": can(user, "courses.edit_plan", treatment),
        "can_discharge": can(user, "courses.discharge", treatment),
        "can_follow_up": can(user, "courses.record_follow_up", treatment),
    }


def plan_summary(version) -> dict | None:
    """A plan version as the page shows it: labels, goals split by horizon."""
    if version is None:
        return None
    goals = [g for g in version.goals if isinstance(g, dict)]
    return {
        "version": version,
        "substance_goal": SUBSTANCE_GOAL.get(version.substance_goal, version.substance_goal),
        "short_goals": [g.get("text", "") for g in goals if g.get("horizon", "short") != "long"],
        "long_goals": [g.get("text", "") for g in goals if g.get("horizon") == "long"],
        "responsible": [r for r in version.responsible if isinstance(r, dict)],
    }


# --- the plan ---------------------------------------------------------------------------------


def _plan_context(request, page, today, *, sign_form=None) -> dict:
    current = page.current
    paperwork = (
        plan_paperwork(
            page.treatment.municipality.standard().plan,
            signed_on=current.signed_on,
            copy_given_on=current.copy_given_on,
        )
        if current is not None
        else ()
    )
    if sign_form is None and current is not None and (current.signed_on is None or paperwork):
        sign_form = f.SignForm(
            today=today,
            current=current,
            initial={
                "signed_on": current.signed_on or today,
                "signed_how": current.signed_how,
                "expected_version": current.version,
            },
        )
    context = _course_context(request, page.treatment, "plan")
    context.update(
        {
            "page": page,
            "plan": plan_summary(current),
            "versions": [
                {"v": v, "substance_goal": SUBSTANCE_GOAL.get(v.substance_goal, v.substance_goal)}
                for v in reversed(page.versions)
            ],
            "deadlines": _decorate(request, page.deadlines, today),
            "sign_form": sign_form if context["can_edit"] else None,
            "paperwork": [m.message_en if english(request) else m.message_da for m in paperwork],
            "missing": {m.what for m in paperwork},
        }
    )
    return context


@staff_page
@require_safe
def plan_view(request, pk: int):
    today = _today()
    page = queries.plan_page(request.user, pk, purpose="treatment_plan")
    return render(request, "areas/plan/plan.html", _plan_context(request, page, today))


@staff_page
@require_POST
def plan_sign_view(request, pk: int):
    """Record the date the citizen signed: a copy of the current version with that date."""
    today = _today()
    page = queries.plan_page(request.user, pk, perm="courses.edit_plan", purpose="plan_sign")
    current = page.current
    form = f.SignForm(request.POST, today=today, current=current)
    if form.is_valid():
        try:
            plan = services.save_plan(
                request.user,
                page.treatment,
                substance_goal=current.substance_goal,
                goals=current.goals,
                methods=current.methods,
                responsible=current.responsible,
                made_on=current.made_on,
                agreed_until=current.agreed_until,
                signed_on=form.cleaned_data["signed_on"],
                signed_how=form.cleaned_data.get("signed_how") or current.signed_how,
                copy_given_on=form.cleaned_data.get("copy_given_on"),
                copy_how=form.cleaned_data.get("copy_how") or "",
                expected_version=form.cleaned_data["expected_version"],
                today=today,
            )
        except ServiceError as error:
            if error.code == services.STALE:
                # The page now shows the newest version; signing again signs that one.
                data = request.POST.copy()
                data["expected_version"] = str(current.version)
                form = f.SignForm(data, today=today, current=current)
                form.is_valid()
            show_refusal(request, form, error)
        else:
            messages.success(
                request,
                _("The signature is recorded in version %(n)s of the plan.") % {"n": plan.version},
            )
            return redirect("plan", pk=page.treatment.pk)
    context = _plan_context(request, page, today, sign_form=form)
    return render(request, "areas/plan/plan.html", context, status=400)


@staff_page
@require_http_methods(["GET", "POST"])
def plan_edit_view(request, pk: int):
    """Save a new version of the plan through `save_plan`; the form carries the version it was
    based on, so a save after someone else's is refused with the service's conflict message and
    the user's text is kept (saving again makes a new version from it)."""
    today = _today()
    page = queries.plan_page(request.user, pk, perm="courses.edit_plan", purpose="plan_edit")
    treatment, current = page.treatment, page.current
    conflict = None
    if request.method == "POST":
        form = f.PlanForm(request.POST, today=today, based_on=current)
        goals = f.goal_formset(request.POST)
        responsible = f.responsible_formset(request.POST)
        valid = [form.is_valid(), goals.is_valid(), responsible.is_valid()]
        if all(valid):
            data = form.cleaned_data
            try:
                plan = services.save_plan(
                    request.user,
                    treatment,
                    substance_goal=data["substance_goal"],
                    goals=f.goals_from(goals),
                    methods=data["methods"].strip(),
                    responsible=f.responsible_from(responsible),
                    made_on=data["made_on"],
                    agreed_until=data["agreed_until"],
                    signed_on=data["signed_on"],
                    expected_version=data["expected_version"],
                    today=today,
                )
            except ServiceError as error:
                if error.code == services.STALE:
                    latest = current.version if current else 0
                    conflict = {"based_on": data["expected_version"], "latest": latest}
                    posted = request.POST.copy()
                    posted["expected_version"] = str(latest)
                    form = f.PlanForm(posted, today=today, based_on=current)
                    form.is_valid()
                    form.add_error(None, service_message(request, error))
                elif error.field == "goals":
                    goals.non_form_errors().append(service_message(request, error))
                else:
                    show_refusal(request, form, error)
            else:
                messages.success(
                    request, _("Version %(n)s of the plan is saved.") % {"n": plan.version}
                )
                return redirect("plan", pk=treatment.pk)
        status = 400
    else:
        initial = {"made_on": today, "expected_version": current.version if current else 0}
        if current is not None:
            initial.update(
                substance_goal=current.substance_goal,
                methods=current.methods,
                agreed_until=current.agreed_until,
            )
        form = f.PlanForm(initial=initial, today=today, based_on=current)
        goals = f.goal_formset(initial=current.goals if current else [])
        responsible = f.responsible_formset(initial=current.responsible if current else [])
        status = 200
    context = _course_context(request, treatment, "plan-edit")
    context.update(
        {
            "page": page,
            "form": form,
            "goals": goals,
            "responsible": responsible,
            "conflict": conflict,
        }
    )
    return render(request, "areas/plan/plan_edit.html", context, status=status)


@staff_page
@require_http_methods(["GET", "POST"])
def plan_review_view(request, pk: int):
    today = _today()
    page = queries.plan_page(request.user, pk, perm="courses.edit_plan", purpose="plan_review")
    status = 200
    if request.method == "POST":
        form = f.ReviewForm(request.POST, today=today)
        if form.is_valid():
            try:
                services.review_plan(
                    request.user,
                    page.treatment,
                    on=form.cleaned_data["on"],
                    note=form.cleaned_data["note"].strip(),
                    today=today,
                )
            except ServiceError as error:
                show_refusal(request, form, error)
            else:
                messages.success(request, _("The review of the plan is recorded."))
                return redirect("plan", pk=page.treatment.pk)
        status = 400
    else:
        form = f.ReviewForm(initial={"on": today}, today=today)
    context = _course_context(request, page.treatment, "plan-review")
    context.update(
        {
            "page": page,
            "plan": plan_summary(page.current),
            "form": form,
            "deadlines": _decorate(request, page.deadlines, today),
        }
    )
    return render(request, "areas/plan/plan_review.html", context, status=status)


# --- versions compared ------------------------------------------------------------------------


def diff_items(a: list, b: list, show) -> tuple[list[dict], list[dict]]:
    """Two lists aligned by difflib: each item of A is kept or removed, each of B kept or added."""
    left: list[dict] = []
    right: list[dict] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left += [{"text": show(x), "state": "same"} for x in a[i1:i2]]
            right += [{"text": show(x), "state": "same"} for x in b[j1:j2]]
            continue
        left += [{"text": show(x), "state": "removed"} for x in a[i1:i2]]
        right += [{"text": show(x), "state": "added"} for x in b[j1:j2]]
    return left, right


def _goal_key(goal) -> tuple[str, str]:
    return (
        (goal.get("horizon") or "short", goal.get("text", ""))
        if isinstance(goal, dict)
        else ("", str(goal))
    )


def _show_goal(key) -> str:
    horizon, text = key
    return f"{HORIZON.get(horizon, horizon)}: {text}" if horizon else text


def _responsible_key(item) -> tuple[str, str]:
    return (
        (item.get("actor", ""), item.get("task", "")) if isinstance(item, dict) else (str(item), "")
    )


def _show_responsible(key) -> str:
    actor, task = key
    return f"{actor}: {task}" if task else actor


def compare_versions(a, b) -> list[dict]:
    """The fields of two plan versions side by side, each marked when it changed."""
    rows = []

    def value(label, va, vb, shown_a, shown_b, kind="text"):
        rows.append({"label": label, "kind": kind, "a": shown_a, "b": shown_b, "changed": va != vb})

    def listing(label, seq_a, seq_b, show):
        left, right = diff_items(seq_a, seq_b, show)
        rows.append(
            {"label": label, "kind": "list", "a": left, "b": right, "changed": seq_a != seq_b}
        )

    value(
        _("Substance goal"),
        a.substance_goal,
        b.substance_goal,
        SUBSTANCE_GOAL.get(a.substance_goal, a.substance_goal),
        SUBSTANCE_GOAL.get(b.substance_goal, b.substance_goal),
    )
    listing(
        _("Goals"), [_goal_key(g) for g in a.goals], [_goal_key(g) for g in b.goals], _show_goal
    )
    listing(_("Methods"), a.methods.splitlines(), b.methods.splitlines(), str)
    listing(
        _("Responsible and tasks"),
        [_responsible_key(r) for r in a.responsible],
        [_responsible_key(r) for r in b.responsible],
        _show_responsible,
    )
    for label, name in (
        (_("Agreed period ends"), "agreed_until"),
        (_("Made on"), "made_on"),
        (_("Signed by the citizen on"), "signed_on"),
    ):
        va, vb = getattr(a, name), getattr(b, name)
        value(label, va, vb, va, vb, kind="date")
    return rows


@staff_page
@require_safe
def plan_compare_view(request, pk: int):
    page = queries.plan_page(request.user, pk, purpose="plan_compare")
    versions = page.versions
    if "a" in request.GET or "b" in request.GET:
        form = f.CompareForm(request.GET, versions=versions)
    else:
        latest = versions[-1].version if versions else 0
        form = f.CompareForm(
            {"a": max(latest - 1, 1), "b": latest} if versions else None, versions=versions
        )
    rows, a, b, status = None, None, None, 200
    if versions:
        if form.is_valid():
            a = page.version(form.cleaned_data["a"])
            b = page.version(form.cleaned_data["b"])
            rows = compare_versions(a, b)
        else:
            status = 400
    context = _course_context(request, page.treatment, "plan-compare")
    context.update({"page": page, "form": form, "rows": rows, "a": a, "b": b})
    return render(request, "areas/plan/plan_compare.html", context, status=status)


# --- discharge and follow-up ------------------------------------------------------------------


def _discharge_summary(discharge) -> dict | None:
    if discharge is None:
        return None
    return {
        "record": discharge,
        "status": DISCHARGE_STATUS.get(discharge.status, discharge.status),
        "outcome": OUTCOME.get(discharge.outcome, discharge.outcome),
    }


def _ahead(treatment, today: dt.date) -> tuple[int, int]:
    """What a discharge today or later would settle: planned appointments from today on and
    residential stays running past today (counts only)."""
    if treatment.discharged_on:
        return (0, 0)
    appointments = treatment.appointments.filter(status="planned", at__date__gte=today).count()
    stays = treatment.stays.filter(end_on__gt=today).count()
    return (appointments, stays)


@staff_page
@require_http_methods(["GET", "POST"])
def discharge_view(request, pk: int):
    """Discharge with date, status and outcome (R36); afterwards the follow-ups it created, each
    saying whether the standard or the law asks for it."""
    today = _today()
    posting = request.method == "POST"
    page = queries.follow_up_page(
        request.user,
        pk,
        perm="courses.discharge" if posting else queries.VIEW,
        purpose="discharge",
    )
    context = _course_context(request, page.treatment, "discharge")
    ahead = _ahead(page.treatment, today)
    form, status = None, 200
    if posting:
        form = f.DischargeForm(request.POST, today=today, ahead=ahead)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.discharge(
                    request.user,
                    page.treatment,
                    on=data["on"],
                    status=data["status"],
                    outcome=data["outcome"],
                    today=today,
                    cancel_future_appointments=bool(data.get("cancel_future_appointments")),
                    end_stays=bool(data.get("end_stays")),
                )
            except ServiceError as error:
                if error.field in ("cancel_future_appointments", "end_stays"):
                    # a backdated discharge can settle what lies before today: ask about it too
                    ahead = (
                        max(ahead[0], int(error.field == "cancel_future_appointments")),
                        max(ahead[1], int(error.field == "end_stays")),
                    )
                    form = f.DischargeForm(request.POST, today=today, ahead=ahead)
                    form.is_valid()
                show_refusal(request, form, error)
            else:
                messages.success(
                    request, _("The course is discharged. The follow-ups are scheduled below.")
                )
                return redirect("discharge", pk=page.treatment.pk)
        status = 400
    elif context["discharge"] is None and context["can_discharge"]:
        form = f.DischargeForm(initial={"on": today}, today=today, ahead=ahead)
    context.update(
        {
            "ahead_appointments": ahead[0],
            "ahead_stays": ahead[1],
            "page": page,
            "form": form,
            "summary": _discharge_summary(context["discharge"]),
            "deadlines": _decorate(request, page.deadlines, today),
            "recorded": _decorate_follow_ups(page.recorded),
        }
    )
    return render(request, "areas/plan/discharge.html", context, status=status)


@staff_page
@require_http_methods(["GET", "POST"])
def follow_up_record_view(request, pk: int):
    """Record a follow-up (R37): which follow-up it answers, the date, reached or not, and the
    result (required when reached)."""
    today = _today()
    page = queries.follow_up_page(
        request.user, pk, perm="courses.record_follow_up", purpose="follow_up"
    )
    discharge = page.discharge
    deadlines = _decorate(request, page.deadlines, today)
    subjects = [
        (
            d.subject,
            _("%(what)s (due %(due)s)")
            % {
                "what": d.subject_label,
                "due": date_format(d.due, "SHORT_DATE_FORMAT") if d.due else "—",
            },
        )
        for d in deadlines
        if d.status == "open"
    ]
    form_kwargs = {
        "today": today,
        "subjects": subjects,
        "discharged_on": discharge.on if discharge else None,
    }
    form, status = None, 200
    if request.method == "POST":
        form = f.FollowUpForm(request.POST, **form_kwargs)
        if discharge is None:
            form.is_valid()
            form.add_error(None, _("Follow-up comes after discharge."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.record_follow_up(
                    request.user,
                    page.treatment,
                    subject=data["subject"],
                    on=data["on"],
                    reached=data["reached"] == "yes",
                    result=data["result"].strip(),
                    today=today,
                )
            except ServiceError as error:
                show_refusal(request, form, error)
            else:
                messages.success(request, _("The follow-up is recorded."))
                return redirect("follow-up-record", pk=page.treatment.pk)
        status = 400
    elif discharge is not None and subjects:
        form = f.FollowUpForm(initial={"on": today, "subject": subjects[0][0]}, **form_kwargs)
    context = _course_context(request, page.treatment, "follow-up-record")
    context.update(
        {
            "page": page,
            "form": form,
            "summary": _discharge_summary(discharge),
            "deadlines": deadlines,
            "recorded": _decorate_follow_ups(page.recorded),
        }
    )
    return render(request, "areas/plan/follow_up_record.html", context, status=status)


@staff_page
@require_safe
def follow_ups_view(request):
    """Follow-ups due (breached first) and the latest recorded, for the municipality or, for a
    treater, their teams."""
    today = _today()
    listing = queries.follow_ups_due(request.user, today=today)
    context = {
        "scope": listing.scope,
        "due": _decorate(request, listing.due, today),
        "recent": _decorate_follow_ups(listing.recent),
        "today": today,
    }
    return render(request, "areas/plan/follow_ups.html", context)
