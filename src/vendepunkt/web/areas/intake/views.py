"""The intake screens: a new contact, a counselling talk, an assessment with live ASI composites,
and earlier assessments side by side. Views parse with forms, call the services and render; the
services check permission, write the audit trail and the read log."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vendepunkt.accounts.access import require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.citizens import services as citizens
from vendepunkt.citizens.models import Client
from vendepunkt.courses import services as courses
from vendepunkt.courses.queries import intake as queries
from vendepunkt.courses.services import TRACKS
from vendepunkt.rules import asi, counselling
from vendepunkt.rules.law import law_floor
from vendepunkt.web.access import staff_page
from vendepunkt.web.refusals import english, show_refusal

from .forms import (
    ASSESSMENT_OCCASIONS,
    COUNSELLING_KINDS,
    DOMAINS,
    LOAD_DEGREES,
    AssessmentForm,
    ContactForm,
    CounsellingForm,
)


def _safe_reverse(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _course_links(course_id: int) -> dict:
    return {"course_url": _safe_reverse("course-detail", course_id)}


# --- 1. new contact ---------------------------------------------------------------------------


def _tracks(municipality) -> list[str]:
    """The legal tracks the municipality's standard covers, plus counselling."""
    covered = set(municipality.standard().legal_bases)
    return [t for t in TRACKS if t in covered or t == "counselling"]


@staff_page
@require_http_methods(["GET", "POST"])
def contact_new(request):
    user = request.user
    # Recording a contact (and registering the person first) is for treaters, caseworkers,
    # leaders and secretaries (R1); everyone else is refused before anything is read.
    probe = Client(municipality_id=user.municipality_id)
    require(user, "courses.record_contact", probe)
    require(user, "citizens.add_client", probe)
    client = None
    client_id = request.GET.get("client")
    if client_id:
        if not client_id.isdigit():
            return redirect("contact-new")
        client = citizens.get_client(user, int(client_id), purpose="contact")
    form = ContactForm(
        request.POST or None,
        client=client,
        tracks=_tracks(user.municipality),
        english=english(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = _record(request, form, client)
        except ServiceError as error:
            show_refusal(request, form, error, {"at": "at_date"})
        else:
            return result
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "client": client, "nav": "contact-new"}
    return render(request, "areas/intake/contact_new.html", context, status=status)


def _record(request, form: ContactForm, client: Client | None):
    user = request.user
    data = form.cleaned_data
    today = timezone.localdate()
    registered = found = None
    if client is None and data["identity"] == "identified":
        # The search is a read of its own and is logged even when the contact is refused below.
        client = found = citizens.find_by_cpr(
            user, user.municipality, data["cpr"], today=today, purpose="contact"
        )
    before = queries.open_course(user, client, purpose="contact") if client else None
    with transaction.atomic():  # a refused contact leaves no newly registered person behind
        if client is None and data["identity"] == "identified":
            client = registered = citizens.register_citizen(
                user, user.municipality, cpr=data["cpr"], name=data["name"], today=today
            )
        elif client is None:
            client = registered = citizens.register_anonymous(
                user,
                user.municipality,
                birth_year=data["birth_year"],
                sex=data["sex"],
                today=today,
            )
        contact = courses.record_contact(
            user,
            client,
            at=form.contact_at(),
            channel=data["channel"],
            made_by=data["made_by"],
            legal_track=data["legal_track"],
            substances=data["substances"],
            main_substance=data["main_substance"],
            wish_for_treatment=data["wish_for_treatment"],
            personal_attendance=data["personal_attendance"],
            citizen_agreed=data["citizen_agreed"],
            note=data["note"],
            today=today,
        )
    if registered is not None and registered.anonymous:
        messages.success(
            request,
            _("Registered an anonymous client with the code %(code)s. Give the code to the person.")
            % {"code": registered.code},
        )
    elif registered is not None:
        messages.success(request, _("Registered the citizen."))
    elif found is not None:
        messages.success(request, _("Found the registered citizen by the CPR number."))
    messages.success(request, _rule_applied(contact.contact_course, before))
    target = (
        _safe_reverse("course-detail", contact.contact_course_id)
        or _safe_reverse("citizen-detail", client.pk)
        or f"{reverse('contact-new')}?client={client.pk}"
    )
    return redirect(target)


def _rule_applied(course, before) -> str:
    """How the contact-course rule (R6) was applied, from the open course before and after."""
    gap = law_floor().contact_course.merge_gap_days  # the statistics' definition
    if before is not None and before.pk == course.pk:
        return _(
            "Contact recorded: added to the open contact course opened %(opened)s "
            "(contacts at most %(days)s days apart belong to one course)."
        ) % {"opened": _day(before.opened_on), "days": gap}
    if before is not None:
        return _(
            "Contact recorded: opened a new contact course. The earlier contact course (opened "
            "%(opened)s) was closed on %(closed)s by the %(days)s-day rule: more than %(days)s "
            "days passed since its last contact."
        ) % {
            "opened": _day(before.opened_on),
            "closed": _day(before.last_contact_on),
            "days": gap,
        }
    return _("Contact recorded: opened a new contact course.")


# --- 2. counselling -----------------------------------------------------------------------


@staff_page
@require_http_methods(["GET", "POST"])
def counselling_new(request, course_id: int):
    user = request.user
    course = queries.course(user, course_id, "courses.record_counselling")
    standard = course.municipality.standard()
    caps = {k: counselling.talk_cap(standard, k) for k in counselling.offered_kinds(standard)}
    form = CounsellingForm(
        request.POST or None,
        anonymous_client=course.client.anonymous,
        offered=caps,
        extendable=any(c is not None and c.extendable for c in caps.values()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            courses.record_counselling(
                user,
                course,
                kind=form.cleaned_data["kind"],
                held_on=form.cleaned_data["held_on"],
                extension_reason=form.cleaned_data.get("extension_reason", ""),
                today=timezone.localdate(),
            )
        except ServiceError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("Counselling talk recorded."))
            return redirect("counselling-new", course_id=course.pk)
    talks = queries.counselling_talks(user, course, purpose="counselling")
    held = {kind: sum(t.kind == kind for t in talks) for kind in COUNSELLING_KINDS}
    limits = [  # the kinds the standard caps, with its number of talks
        {
            "kind": kind,
            "label": COUNSELLING_KINDS[kind],
            "held": held[kind],
            "limit": cap.max,
            "remaining": max(cap.max - held[kind], 0),
        }
        for kind, cap in caps.items()
        if kind in COUNSELLING_KINDS
        and cap is not None
        and cap.max is not None
        and (kind != "anonymous" or course.client.anonymous)
    ]
    context = {
        "form": form,
        "course": course,
        "client": course.client,
        "talks": [(t, COUNSELLING_KINDS.get(t.kind, t.kind)) for t in talks],
        "limits": limits,
        **_course_links(course.pk),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "areas/intake/counselling_new.html", context, status=status)


# --- 3. assessment with live composites -----------------------------------------------------


def _composites(form: AssessmentForm) -> list[dict]:
    """The seven composites from the form's valid answers (a missing item is named)."""
    answers = form.answers()
    bad = {p.item for p in asi.validate_answers(answers)}  # the form's ranges already hold
    answers = {k: v for k, v in answers.items() if k not in bad}
    return [
        {
            "domain": domain,
            "label": DOMAINS[domain],
            "score": c.score,
            "missing": ", ".join(c.missing),
            "outside": c.outside_unit_interval,
        }
        for domain, c in asi.composites(answers).items()
    ]


@staff_page
@require_http_methods(["GET", "POST"])
def assessment_new(request, course_id: int):
    user = request.user
    course = queries.course(user, course_id, "courses.record_assessment", purpose="assessment")
    form = AssessmentForm(
        request.POST or None,
        english=english(request),
        initial={"expected_version": courses.assessment_version(course)},
    )
    status = 200
    if request.method == "POST":
        valid = form.is_valid()
        if request.POST.get("action") != "compute":
            if valid:
                try:
                    assessment = courses.record_assessment(
                        user,
                        course,
                        phase=form.cleaned_data["phase"],
                        assessed_on=form.cleaned_data["assessed_on"],
                        text=form.cleaned_data["text"],
                        load_degree=form.cleaned_data["load_degree"],
                        answers=form.answers(),
                        expected_version=form.cleaned_data["expected_version"],
                        today=timezone.localdate(),
                    )
                except ServiceError as error:
                    field = (error.field or "").removeprefix("answers.")
                    show_refusal(request, form, error, {error.field: field})
                    if error.code == courses.STALE:
                        # Saving again records it beside the one added meanwhile.
                        data = request.POST.copy()
                        data["expected_version"] = str(courses.assessment_version(course))
                        form.data = data
                else:
                    messages.success(
                        request,
                        _("Assessment recorded (version %(version)s).")
                        % {"version": assessment.version},
                    )
                    return redirect("assessments", course_id=course.pk)
            status = 400
        else:
            # "Compute scores" without JavaScript: the same computation as the live panel. Only
            # the answers are checked here; the rest of the form is checked on saving.
            for name in ("phase", "assessed_on", "text"):
                form.errors.pop(name, None)
    context = {
        "form": form,
        "course": course,
        "client": course.client,
        "composites": _composites(form),
        "invalid_items": form.invalid_items() if form.is_bound else [],
        **_course_links(course.pk),
    }
    return render(request, "areas/intake/assessment_new.html", context, status=status)


@staff_page
@require_POST
def asi_preview(request, course_id: int):
    """The results panel, recomputed as answers are entered (HTMX); no personal data."""
    queries.course(request.user, course_id, "courses.record_assessment")
    form = AssessmentForm(request.POST, english=english(request))
    form.is_valid()
    context = {"composites": _composites(form), "invalid_items": form.invalid_items()}
    return render(request, "areas/intake/_asi_results.html", context)


# --- 4. earlier assessments side by side ------------------------------------------------


@staff_page
@require_safe
def assessments(request, course_id: int):
    user = request.user
    course = queries.course(user, course_id, "courses.view_assessment")
    items = courses.view_assessments(user, course, purpose="assessment")
    columns = [
        {
            "assessment": a,
            "phase": ASSESSMENT_OCCASIONS.get(a.phase, a.phase),
            "load_degree": LOAD_DEGREES.get(a.load_degree, a.load_degree),
        }
        for a in items
    ]
    rows = [
        {
            "label": label,
            "cells": [(a.composites or {}).get(domain) for a in items],
        }
        for domain, label in DOMAINS.items()
    ]
    context = {
        "course": course,
        "client": course.client,
        "columns": columns,
        "rows": rows,
        "can_record": queries.allowed(user, "courses.record_assessment", course),
        "outreach": _outreach(course, items),
        **_course_links(course.pk),
    }
    return render(request, "areas/intake/assessments.html", context)


def _outreach(course, items) -> dict | None:
    """The outreach programme's target-group assessment (R8) where the standard enables it: the
    criteria to answer and the assessments stored on the course."""
    from vendepunkt.rules.programmes import programmes

    if not items or "outreach" not in course.municipality.standard().programmes:
        return None
    programme = programmes()["outreach"]
    areas = {a.id: a.name for a in programme.score_rule.areas}
    stored = [
        {
            "record": o,
            "areas_met": [areas.get(a, a) for a in o.areas_met],
            "areas_unknown": [areas.get(a, a) for a in o.areas_unknown],
        }
        for o in course.outreach_assessments.order_by("-assessed_on", "-pk")
    ]
    return {
        "name": programme.name,
        "criteria": [(c.id, c.text) for c in programme.criteria],
        "rule": programme.score_rule,
        "stored": stored,
        "latest": items[-1],
    }


@staff_page
@require_POST
def outreach_assessment(request, course_id: int):
    """Store the outreach target-group assessment on the course (R8), on the latest assessment."""
    user = request.user
    course = queries.course(user, course_id, "courses.record_assessment")
    items = courses.view_assessments(user, course, purpose="assessment")
    if not items:
        messages.error(request, _("Record an assessment first."))
        return redirect("assessments", course_id=course.pk)
    from vendepunkt.rules.programmes import programmes

    criteria = {
        c.id: request.POST.get(f"criterion-{c.id}") == "on"
        for c in programmes()["outreach"].criteria
    }
    try:
        stored = courses.record_outreach_assessment(
            user,
            items[-1],
            criteria=criteria,
            assessed_on=timezone.localdate(),
            today=timezone.localdate(),
        )
    except ServiceError as error:
        messages.error(request, error.message_en if english(request) else error.message_da)
    else:
        messages.success(
            request,
            _("The citizen is in the outreach target group.")
            if stored.eligible
            else _("The citizen is not in the outreach target group."),
        )
    return redirect("assessments", course_id=course.pk)
