"""The course screens: the course page (client, contact course, deadlines with links to where
each is resolved, applications and decisions, the treatment course), starting treatment, and the
treatment course's sections, each with its own small form and URL: services, primary treater,
phase, appointments and attendance (with an HTMX row update), residential stays with status
meetings, medical records (doctors and nurses only) and events.

Views parse input with forms and call the services; a refused action is shown next to its field
with status 400 and nothing written; a successful POST redirects to the course page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vendepunkt.accounts.access import NotFound, can, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.courses import services
from vendepunkt.courses.deadlines import effective_status
from vendepunkt.courses.guard import course_guard
from vendepunkt.courses.models import (
    AttendanceStatus,
    CourseDeadline,
    CourseService,
    Outcome,
    ResidentialStay,
)
from vendepunkt.courses.queries import course as queries
from vendepunkt.courses.vocabulary import DeadlineStatus
from vendepunkt.rules import grants as grant_rules
from vendepunkt.rules import payment
from vendepunkt.rules.law import law_floor
from vendepunkt.rules.phases import course_phases
from vendepunkt.rules.programmes import programmes
from vendepunkt.web.access import staff_page
from vendepunkt.web.kinds import deadline_kind
from vendepunkt.web.labels import LABELS
from vendepunkt.web.refusals import NOT_DONE, act_on_form, english, show_refusal

from . import forms

TRANSPORT = {
    "municipality": gettext_lazy("The municipality pays the transport"),
    "citizen": gettext_lazy("The citizen pays the transport"),
}


def _stay_payment_hints(standard, track: str) -> list[str]:
    """What the standard asks of the self-payment of a stay in this track, in words."""
    if track == "SUL-141":
        return [_("There is no self-payment in alcohol treatment (SUL § 141).")]
    entry = payment.self_payment_rule(standard, track)
    if entry is None or not entry.charged:
        return [_("The quality standard sets no self-payment for this stay.")]
    hints = []
    if entry.assessed_before_stay:
        hints.append(
            _("The quality standard requires a self-payment assessment before the stay begins.")
        )
    if entry.economic_counselling_first:
        hints.append(_("The citizen is offered an economic counselling talk first."))
    if entry.own_home_exempts_lodging or "SEL-107" in entry.legal_bases:
        hints.append(_("A citizen who keeps their own home pays no lodging."))
    return hints


STATUS = dict(DeadlineStatus.choices)
OUTCOME = dict(Outcome.choices)
SECTIONS = {
    "services": (gettext_lazy("Services"), "areas/course/_services.html"),
    "treater": (gettext_lazy("Primary treater"), "areas/course/_treater.html"),
    "phase": (gettext_lazy("Phase and status history"), "areas/course/_phase.html"),
    "appointments": (
        gettext_lazy("Appointments and attendance"),
        "areas/course/_appointments.html",
    ),
    "stays": (gettext_lazy("Residential stays"), "areas/course/_stays.html"),
    "medical": (gettext_lazy("Medical records"), "areas/course/_medical.html"),
    "events": (gettext_lazy("Events"), "areas/course/_events.html"),
}
# What the link from the course page to a section's own page says to a person who may act there
# (D85): the course page shows each section's records, the forms are on the section pages.
SECTION_ACTIONS = {
    "services": (gettext_lazy("Change services"), "can_edit"),
    "treater": (gettext_lazy("Change treater"), "can_assign"),
    "phase": (gettext_lazy("Change phase or register variables"), "can_edit"),
    "appointments": (gettext_lazy("Book appointments and record attendance"), "can_appoint"),
    "stays": (gettext_lazy("Record a stay or a status meeting"), "can_edit"),
    "medical": (gettext_lazy("New medical record"), "can_medical"),
    "events": (gettext_lazy("Record an event"), "can_edit"),
}


def _course_sections(context: dict) -> list[dict]:
    """The treatment course's sections on the course page, each with the link to its own page
    (where its form is), labelled by what the user may do there."""
    found = []
    for key, (title, template) in SECTIONS.items():
        if key == "medical" and not context.get("show_medical"):
            continue
        action, flag = SECTION_ACTIONS[key]
        found.append(
            {
                "key": key,
                "title": title,
                "template": template,
                "url": reverse(f"course-{key}", args=[context["course"].pk]),
                "action": action if context.get(flag) else "",
            }
        )
    return found


# --- helpers ----------------------------------------------------------------------------------


def safe_url(name: str, *args, anchor: str = "") -> str:
    """The URL of a screen another area may or may not provide; empty when it does not exist."""
    try:
        return reverse(name, args=args) + anchor
    except NoReverseMatch:
        return ""


def _today() -> dt.date:
    return timezone.localdate()


def _course_url(course_id: int, anchor: str = "") -> str:
    return reverse("course-detail", args=[course_id]) + (f"#{anchor}" if anchor else "")


def _person(user) -> str:
    return forms.person_name(user) if user else ""


def _service_name(standard, service_id: str) -> str:
    service = standard.service(service_id)
    return service.name if service else service_id


def _track_label(track: str) -> str:
    return _("Counselling only") if track == "counselling" else law_floor().citation(track)


def _history_label(change) -> str:
    status = change.status
    if status == "started":
        return _("Treatment started")
    if status == "treater_changed":
        return _("Primary treater changed")
    if status == "services_changed":
        return _("Services changed")
    if status.startswith("phase:"):
        phase = status.split(":", 1)[1]
        return _("Phase: %(phase)s") % {"phase": forms.PHASE.get(phase, phase)}
    if status.startswith("discharged:"):
        reason = status.split(":", 1)[1]
        return _("Discharged: %(status)s") % {"status": LABELS.get(reason, reason)}
    return status


def _medical_details(record) -> str:
    details = record.details or {}
    parts = []
    if details.get("pickup"):
        parts.append(str(forms.PICKUP.get(details["pickup"], details["pickup"])))
    if details.get("product"):
        parts.append(str(forms.PRODUCTS.get(details["product"], details["product"])))
    if details.get("prescriber_authorisation"):
        parts.append(str(_("prescribed by %(id)s")) % {"id": details["prescriber_authorisation"]})
    if details.get("tests"):
        parts.append(", ".join(str(forms.TESTS.get(t, t)) for t in details["tests"]))
    if details.get("note"):
        parts.append(details["note"])
    return " · ".join(parts)


def first_url(*candidates: tuple) -> str:
    """The first of (name, *args) that exists."""
    for name, *args in candidates:
        found = safe_url(name, *args)
        if found:
            return found
    return ""


def resolve_link(deadline: CourseDeadline, course, treatment, user) -> str:
    """Where the deadline is resolved: the form that records its closing event, where it exists
    (most are built in other areas; a missing screen gives no link). Course-level screens take
    the contact course's pk, the plan area's the treatment course's pk."""
    kind = deadline.kind
    ref = deadline.subject.split(":")
    number = int(ref[1]) if len(ref) > 1 and ref[1].isdigit() else None
    if kind == "treatment_guarantee":
        return "" if treatment else safe_url("treatment-start", course.pk)
    if kind == "open_counselling":
        return safe_url("counselling-new", course.pk)
    if kind == "doctor_consultation":
        if treatment is not None and can(user, "courses.record_medical", treatment):
            return safe_url("course-medical", course.pk, anchor="#medical-form")
        return ""
    if kind == "plan_at_start" and treatment is not None:
        return first_url(("plan-edit", treatment.pk), ("plan", treatment.pk))
    if kind == "plan_review" and treatment is not None:
        return first_url(("plan-review", treatment.pk), ("plan", treatment.pk))
    if kind == "follow_up" and treatment is not None:
        return first_url(("follow-up-record", treatment.pk), ("follow-ups",))
    if kind == "complaint_period" and number:
        return safe_url("decision-letter", number)
    if kind == "complaint_reassessment" and number:
        return first_url(("complaint-reassess", number), ("complaint-detail", number))
    if kind == "complaint_forwarding" and number:
        return first_url(("complaint-forward", number), ("complaint-detail", number))
    if kind == "residential_status_meeting" and number:
        return safe_url("course-stays", course.pk, anchor=f"#stay-{number}")
    if kind == "grant_expiry":
        return safe_url("application-new", course.pk)
    if kind == "forum_meeting" and number:
        return safe_url("decision-new", number)
    return ""


# --- the course page and its context -----------------------------------------------------------


def _attendance_form(appointment, data=None):
    initial = {
        "status": appointment.status
        if appointment.status != AttendanceStatus.PLANNED
        else AttendanceStatus.ATTENDED,
        "gift_voucher": appointment.gift_voucher,
    }
    return forms.AttendanceForm(data, prefix=f"att{appointment.pk}", initial=initial)


def appointment_row(appointment, form=None, *, can_record: bool, saved: bool = False) -> dict:
    return {
        "appointment": appointment,
        "kind_label": dict(forms.APPOINTMENT_KINDS).get(appointment.kind, appointment.kind),
        "status_label": forms.ATTENDANCE.get(appointment.status, appointment.status),
        "form": (form or _attendance_form(appointment)) if can_record else None,
        "saved": saved,
    }


def _dose(standard, course_service, appointments, today) -> dict:
    """The planned dose of a service and, for an active one, whether the course has fallen behind
    its minimum (issue 12 § 3): attended talks and sessions since the service started."""
    service = standard.service(course_service.service_id)
    planned = grant_rules.planned_dose(service) if service else None
    if service is None or planned is None:
        return {}
    english = translation.get_language() == "en"
    held = [
        timezone.localtime(a.at).date()
        for a in appointments
        if a.kind in grant_rules.SESSION_KINDS
        and a.status == "attended"
        and timezone.localtime(a.at).date() >= course_service.start_on
    ]
    behind = None
    if course_service.end_on is None:
        reason = grant_rules.dose_behind(service, course_service.start_on, held, today)
        if reason is not None:
            behind = reason.message_en if english else reason.message_da
    return {"dose": planned[1] if english else planned[0], "held": len(held), "behind": behind}


def _services_form(data, standard, current_services, today):
    catalogue = [(s.id, s.name) for s in standard.services]
    current = [
        (cs.service_id, _service_name(standard, cs.service_id))
        for cs in current_services
        if cs.end_on is None
    ]
    return forms.ServicesForm(
        data, prefix="services", catalogue=catalogue, current=current, initial={"on": today}
    )


def _stay_form(data, user, today, standard):
    return forms.StayForm(
        data,
        prefix="stay",
        providers=queries.providers_of(user),
        kinds=[str(k) for k in payment.stay_kinds(standard)],
        services=payment.residential_services(standard),
        initial={"start_on": today},
    )


def _deadline_row(deadline, course, treatment, user, today) -> dict:
    status = effective_status(deadline, today)
    return {
        "deadline": deadline,
        "kind_label": deadline_kind(deadline.kind),
        "status": status,
        "status_label": STATUS.get(status, status),
        "link": resolve_link(deadline, course, treatment, user)
        if status in ("open", "breached")
        else "",
    }


def _application_row(application, standard) -> dict:
    decision = getattr(application, "decision", None)
    row = {
        "application": application,
        "service_name": _service_name(standard, application.service_id),
        "decision": decision,
    }
    if decision is None:
        row["decide_url"] = safe_url("decision-new", application.pk)
    else:
        row["outcome_label"] = OUTCOME.get(decision.outcome, decision.outcome)
        row["basis_label"] = law_floor().citation(decision.legal_basis)
        row["letter_url"] = safe_url("decision-letter", decision.pk)
    return row


def _stay_row(stay, stay_deadlines: dict, bound: dict, today, *, can_edit: bool, standard) -> dict:
    required = []
    for kind in ("before", "midway", "final"):
        deadline = stay_deadlines.get(f"stay:{stay.pk}:{kind}")
        if deadline is not None:
            status = effective_status(deadline, today)
            required.append(
                {
                    "label": forms.MEETINGS[kind],
                    "deadline": deadline,
                    "status": status,
                    "status_label": STATUS.get(status, status),
                }
            )
    form = None
    if can_edit:
        form = bound.get(("meeting", stay.pk)) or forms.MeetingForm(
            prefix=f"meeting{stay.pk}", initial={"held_on": today}
        )
    paid = stay.self_payment or {}
    english = translation.get_language() == "en"
    return {
        "stay": stay,
        "kind_label": forms.STAY_KINDS.get(stay.kind, stay.kind),
        "service_name": _service_name(standard, stay.service_id) if stay.service_id else "",
        "transport_label": TRANSPORT.get(stay.transport_paid_by, ""),
        "payment_notes": [n.get("en" if english else "da", "") for n in paid.get("notes", [])],
        "meetings": [
            {"meeting": m, "label": forms.MEETINGS.get(m.kind, m.kind)} for m in stay.meetings.all()
        ],
        "required": required,
        "monthly_amount": paid.get("monthly_amount"),
        "self_payment_note": paid.get("note", ""),
        "form": form,
    }


def page_context(request, page: queries.CoursePage, *, bound: dict | None = None) -> dict:
    """Everything the course page and the section pages show; `bound` replaces the unbound form
    of one section (key: section name, or ("att"|"meeting", pk)) after a refused submit."""
    user = request.user
    bound = bound or {}
    course, treatment = page.course, page.treatment
    standard = course.municipality.standard()
    today = _today()
    subject = treatment or course  # what the permission rules see: municipality and team
    context = {
        "course": course,
        "client": course.client,
        "client_url": safe_url("citizen-detail", course.client_id),
        "documents_url": (
            safe_url("documents", course.client_id) + f"?forloeb={course.pk}"
            if can(user, "filing.view_documents", course_guard(course))
            else ""
        ),
        "track_label": _track_label(course.legal_track),
        "treatment": treatment,
        "today": today,
        "nav": "worklist",
        "english": english(request),
        "deadlines": [_deadline_row(d, course, treatment, user, today) for d in page.deadlines],
        "applications": [_application_row(a, standard) for a in page.applications],
        "can_start": treatment is None
        and course.closed_on is None
        and can(user, "courses.start_treatment", subject),
        "start_url": safe_url("treatment-start", course.pk),
        # the intake screens of the course: counselling talks and assessments (ASI)
        "counselling_url": safe_url("counselling-new", course.pk)
        if can(user, "courses.record_counselling", subject)
        else "",
        "assessment_url": safe_url("assessment-new", course.pk)
        if can(user, "courses.record_assessment", subject)
        else "",
        "assessments_url": safe_url("assessments", course.pk)
        if can(user, "courses.view_assessment", subject)
        else "",
        "apply_url": safe_url("application-new", course.pk),
        "sections": SECTIONS,
    }
    if treatment is None:
        return context
    can_edit = can(user, "courses.edit_plan", treatment)
    can_assign = can(user, "courses.assign_treater", treatment)
    can_appoint = can(user, "courses.record_appointment", treatment)
    can_medical = can(user, "courses.record_medical", treatment)
    stay_deadlines = {
        d.subject: d for d in page.deadlines if d.kind == "residential_status_meeting"
    }
    context.update(
        {
            "phase_label": forms.PHASE.get(treatment.phase, treatment.phase),
            "plan_url": safe_url("plan", treatment.pk),
            "discharge_url": "" if treatment.discharged_on else safe_url("discharge", treatment.pk),
            "treater_name": _person(treatment.primary_treater),
            "can_edit": can_edit,
            "can_assign": can_assign,
            "can_appoint": can_appoint,
            "can_medical": can_medical,
            "show_medical": page.medical is not None,
            "self_payment_possible": course.legal_track != "SUL-141",
            "services": [
                {
                    "service": cs,
                    "name": _service_name(standard, cs.service_id),
                    "delivery_label": LABELS.get(cs.delivery, cs.delivery),
                    **_dose(standard, cs, page.appointments, today),
                }
                for cs in page.services
            ],
            "history": [
                {"change": h, "label": _history_label(h), "by": _person(h.by)} for h in page.history
            ],
            "appointments": [
                appointment_row(
                    a, bound.get(("att", a.pk)) or _attendance_form(a), can_record=can_appoint
                )
                for a in page.appointments
            ],
            "stays": [
                _stay_row(s, stay_deadlines, bound, today, can_edit=can_edit, standard=standard)
                for s in page.stays
            ],
            "events": [
                {
                    "event": e,
                    "label": forms.EVENTS.get(e.kind, e.kind),
                    "note": (e.details or {}).get("note", ""),
                    "by": _person(e.by),
                }
                for e in page.events
            ],
            "medical": [
                {
                    "record": r,
                    "label": forms.MEDICAL.get(r.kind, r.kind),
                    "details": _medical_details(r),
                    "by": _person(r.by),
                }
                for r in (page.medical or [])
            ],
        }
    )
    if can_edit:
        context["services_form"] = bound.get("services") or _services_form(
            None, standard, page.services, today
        )
        context["sib_form"] = bound.get("sib") or forms.SibForm(
            prefix="sib", initial={**treatment.sib, "on": today}
        )
        context["phase_form"] = bound.get("phase") or forms.PhaseForm(
            prefix="phase",
            initial={"phase": treatment.phase, "on": today},
            phases=course_phases(standard, programmes()),
        )
        context["stay_form"] = bound.get("stay") or _stay_form(None, user, today, standard)
        context["stay_payment"] = _stay_payment_hints(standard, course.legal_track)
        context["event_form"] = bound.get("event") or forms.EventForm(
            prefix="event", initial={"on": today}
        )
    if can_assign:
        context["treater_form"] = bound.get("treater") or forms.TreaterForm(
            prefix="treater", treaters=queries.treaters_of(user), initial={"on": today}
        )
    if can_appoint:
        context["appointment_form"] = bound.get("appointment") or forms.AppointmentForm(
            prefix="appointment", initial={"day": today}, services=_active_services(treatment)
        )
    if can_medical and page.medical is not None:
        context["medical_form"] = bound.get("medical") or forms.MedicalForm(
            prefix="medical", initial={"on": today}
        )
    return context


@staff_page
@require_safe
def course_detail(request, course_id: int):
    page = queries.course_page(request.user, course_id, purpose="course")
    context = page_context(request, page)
    if page.treatment is not None:
        context["course_sections"] = _course_sections(context)
    return render(request, "areas/course/detail.html", context)


def render_section(request, course_id: int, section: str, *, bound=None, status: int = 200):
    """A section of the treatment course on its own page: its records and its form (bound and
    showing the refusal after a failed submit)."""
    page = queries.course_page(
        request.user, course_id, purpose=f"course:{section}", with_medical=section == "medical"
    )
    if page.treatment is None:
        raise NotFound("TreatmentCourse")
    context = page_context(request, page, bound=bound)
    title, template = SECTIONS[section]
    context.update(
        {
            "section": section,
            "section_title": title,
            "section_template": template,
            "course_sections": _course_sections(context),
        }
    )
    return render(request, "areas/course/section.html", context, status=status)


def _for_change(request, course_id: int):
    course = queries.course_for_change(request.user, course_id)
    return course, queries.treatment_of(course)


def _treatment_for_change(request, course_id: int):
    return _for_change(request, course_id)[1]


# --- start treatment ---------------------------------------------------------------------------


@staff_page
@require_http_methods(["GET", "POST"])
def treatment_start(request, course_id: int):
    user = request.user
    probe = queries.course_for_change(user, course_id)
    require(user, "courses.start_treatment", probe)
    if queries.has_treatment(probe):
        messages.info(request, _("Treatment has already started."))
        return redirect(_course_url(course_id, "treatment"))
    standard = probe.municipality.standard()

    def decision_label(decision) -> str:
        return _("%(service)s, %(outcome)s %(date)s") % {
            "service": _service_name(standard, decision.application.service_id),
            "outcome": OUTCOME.get(decision.outcome, decision.outcome),
            "date": decision.decided_on.strftime("%d.%m.%Y"),
        }

    form = forms.StartTreatmentForm(
        request.POST or None,
        teams=queries.teams_of(user),
        treaters=queries.treaters_of(user),
        decisions=queries.granted_decisions(probe),
        decision_label=decision_label,
        initial={"start_on": _today(), "team": probe.team_id},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.start_treatment(
                    user,
                    probe,
                    team=data["team"],
                    start_on=data["start_on"],
                    treater=data["treater"],
                    decision=data["decision"],
                    today=_today(),
                )
            except ServiceError as error:
                show_refusal(request, form, error)
            else:
                messages.success(request, _("Treatment started."))
                return redirect(_course_url(course_id, "treatment"))
    course = services.get_course(user, course_id, purpose="treatment-start")
    context = {
        "course": course,
        "client": course.client,
        "track_label": _track_label(course.legal_track),
        "form": form,
        "nav": "worklist",
    }
    return render(request, "areas/course/start.html", context, status=status)


# --- the sections of the treatment course -------------------------------------------------------


@staff_page
@require_http_methods(["GET", "POST"])
def course_services(request, course_id: int):
    if request.method == "GET":
        return render_section(request, course_id, "services")
    course, treatment = _for_change(request, course_id)
    require(request.user, "courses.edit_plan", treatment)
    standard = course.municipality.standard()
    current = list(CourseService.objects.filter(treatment=treatment))
    form = _services_form(request.POST, standard, current, _today())
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.change_services(
                request.user,
                treatment,
                add=[data["add"]] if data["add"] else [],
                end=[data["end"]] if data["end"] else [],
                on=data["on"],
                today=_today(),
            )
        except ServiceError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The services were changed."))
            review = queries.change_review(course, data["on"])
            if review is not None:
                messages.warning(
                    request,
                    _(
                        "The quality standard requires a review of the treatment plan when the "
                        "services change (due %(date)s)."
                    )
                    % {"date": review.due.strftime("%d.%m.%Y") if review.due else "—"},
                )
            return redirect(_course_url(course_id, "services"))
    return render_section(request, course_id, "services", bound={"services": form}, status=400)


def _submit(request, course_id, section, key, form, act, done, *, anchor=None, fields=None):
    """The POST half of a section: when the form is valid, `act(cleaned_data)` calls the service;
    on success a message and back to the section (or `anchor`), otherwise the section again with
    the errors next to their fields (400), nothing written."""
    if act_on_form(request, form, act, done=done, fields=fields) is not NOT_DONE:
        return redirect(_course_url(course_id, anchor or section))
    return render_section(request, course_id, section, bound={key: form}, status=400)


@staff_page
@require_http_methods(["GET", "POST"])
def course_treater(request, course_id: int):
    if request.method == "GET":
        return render_section(request, course_id, "treater")
    treatment = _treatment_for_change(request, course_id)
    require(request.user, "courses.assign_treater", treatment)
    form = forms.TreaterForm(
        request.POST, prefix="treater", treaters=queries.treaters_of(request.user)
    )
    return _submit(
        request,
        course_id,
        "treater",
        "treater",
        form,
        lambda d: services.assign_treater(
            request.user, treatment, treater=d["treater"], on=d["on"], today=_today()
        ),
        _("The primary treater was changed."),
    )


@staff_page
@require_http_methods(["GET", "POST"])
def course_phase(request, course_id: int):
    if request.method == "GET":
        return render_section(request, course_id, "phase")
    treatment = _treatment_for_change(request, course_id)
    require(request.user, "courses.edit_plan", treatment)
    form = forms.PhaseForm(
        request.POST,
        prefix="phase",
        phases=course_phases(treatment.municipality.standard(), programmes()),
    )
    return _submit(
        request,
        course_id,
        "phase",
        "phase",
        form,
        lambda d: services.change_phase(
            request.user, treatment, phase=d["phase"], on=d["on"], today=_today()
        ),
        _("The phase was changed."),
    )


@staff_page
@require_POST
def course_sib(request, course_id: int):
    """The social indicator variables (SIB) of the treatment course; shown in the phase section."""
    treatment = _treatment_for_change(request, course_id)
    require(request.user, "courses.edit_plan", treatment)
    form = forms.SibForm(request.POST, prefix="sib")
    return _submit(
        request,
        course_id,
        "phase",
        "sib",
        form,
        lambda d: services.record_sib(
            request.user, treatment, values=form.values(), on=d["on"], today=_today()
        ),
        _("The register variables were saved."),
    )


def _active_services(treatment) -> list[tuple[str, str]]:
    """The course's active services in words, for a session to name (issue 12 § 3)."""
    standard = treatment.municipality.standard()
    found = []
    for cs in treatment.services.filter(end_on__isnull=True).order_by("start_on", "id"):
        service = standard.service(cs.service_id)
        found.append((cs.service_id, service.name if service else cs.service_id))
    return found


@staff_page
@require_http_methods(["GET", "POST"])
def course_appointments(request, course_id: int):
    if request.method == "GET":
        return render_section(request, course_id, "appointments")
    treatment = _treatment_for_change(request, course_id)
    require(request.user, "courses.record_appointment", treatment)
    form = forms.AppointmentForm(
        request.POST, prefix="appointment", services=_active_services(treatment)
    )

    def record(d):
        at = timezone.make_aware(dt.datetime.combine(d["day"], d["time"]))
        services.record_appointment(
            request.user,
            treatment,
            at=at,
            kind=d["kind"],
            service_id=d.get("service") or "",
            today=_today(),
        )

    return _submit(
        request,
        course_id,
        "appointments",
        "appointment",
        form,
        record,
        _("The appointment was recorded."),
        fields={"at": "day", "service_id": "service"},
    )


@staff_page
@require_POST
def appointment_attendance(request, course_id: int, appointment_id: int):
    """Attendance of one appointment. With HTMX the answer is the table row, swapped in place;
    without JavaScript it is a normal POST/redirect/GET."""
    course, treatment = _for_change(request, course_id)
    require(request.user, "courses.record_appointment", treatment)
    appointment = queries.appointment_of(treatment, appointment_id)
    form = _attendance_form(appointment, request.POST)
    status = 400
    saved = False
    if form.is_valid():
        try:
            services.set_attendance(
                request.user,
                appointment,
                status=form.cleaned_data["status"],
                gift_voucher=form.cleaned_data["gift_voucher"],
                today=_today(),
            )
        except ServiceError as error:
            show_refusal(request, form, error)
        else:
            if not request.htmx:
                messages.success(request, _("The attendance was recorded."))
                return redirect(_course_url(course_id, f"appointment-{appointment.pk}"))
            status, saved, form = 200, True, _attendance_form(appointment)
    if request.htmx:
        queries.log_row_read(request.user, course, "appointment", appointment.pk)
        row = appointment_row(appointment, form, can_record=True, saved=saved)
        return render(
            request,
            "areas/course/_appointment_row.html",
            {"row": row, "course": course},
            status=status,
        )
    return render_section(
        request, course_id, "appointments", bound={("att", appointment.pk): form}, status=400
    )


@staff_page
@require_http_methods(["GET", "POST"])
def course_stays(request, course_id: int):
    if request.method == "GET":
        return render_section(request, course_id, "stays")
    treatment = _treatment_for_change(request, course_id)
    require(request.user, "courses.edit_plan", treatment)
    form = _stay_form(request.POST, request.user, _today(), treatment.municipality.standard())
    return _submit(
        request,
        course_id,
        "stays",
        "stay",
        form,
        lambda d: services.record_stay(
            request.user,
            treatment,
            provider=d["provider"],
            start_on=d["start_on"],
            end_on=d["end_on"],
            self_payment=form.self_payment(),
            kind=d["kind"],
            service_id=d["service_id"],
            today=_today(),
        ),
        _("The residential stay was recorded."),
        fields={"self_payment": "board", "note": "self_payment_note"},
    )


@staff_page
@require_POST
def stay_meeting(request, course_id: int, stay_id: int):
    treatment = _treatment_for_change(request, course_id)
    require(request.user, "courses.edit_plan", treatment)
    stay = ResidentialStay.objects.filter(pk=stay_id, treatment=treatment).first()
    if stay is None:
        raise NotFound("ResidentialStay")
    stay.treatment = treatment
    form = forms.MeetingForm(request.POST, prefix=f"meeting{stay.pk}")
    return _submit(
        request,
        course_id,
        "stays",
        ("meeting", stay.pk),
        form,
        lambda d: services.record_status_meeting(
            request.user,
            stay,
            kind=d["kind"],
            held_on=d["held_on"],
            written_report=d["written_report"],
            today=_today(),
        ),
        _("The status meeting was recorded."),
        anchor=f"stay-{stay.pk}",
    )


@staff_page
@require_http_methods(["GET", "POST"])
def course_medical(request, course_id: int):
    """Medical records: doctors and nurses only; everyone else gets 403 before anything is read."""
    treatment = _treatment_for_change(request, course_id)
    require(request.user, "courses.view_medical", treatment)
    if request.method == "GET":
        return render_section(request, course_id, "medical")
    require(request.user, "courses.record_medical", treatment)
    form = forms.MedicalForm(request.POST, prefix="medical")
    return _submit(
        request,
        course_id,
        "medical",
        "medical",
        form,
        lambda d: services.record_medical(
            request.user,
            treatment,
            kind=d["kind"],
            on=d["on"],
            details=form.details(),
            today=_today(),
        ),
        _("The medical record was saved."),
    )


@staff_page
@require_http_methods(["GET", "POST"])
def course_events(request, course_id: int):
    if request.method == "GET":
        return render_section(request, course_id, "events")
    treatment = _treatment_for_change(request, course_id)
    require(request.user, "courses.edit_plan", treatment)
    form = forms.EventForm(request.POST, prefix="event")

    def record(d):
        note = d["note"].strip()
        services.record_course_event(
            request.user,
            treatment,
            kind=d["kind"],
            on=d["on"],
            details={"note": note} if note else {},
            today=_today(),
        )

    return _submit(
        request, course_id, "events", "event", form, record, _("The event was recorded.")
    )


# --- the doctor's consultation before treatment (SUL § 142) -------------------------------------


@staff_page
@require_http_methods(["GET", "POST"])
def doctor_consultation(request, course_id: int):
    """Book the doctor's consultation on the contact course before treatment starts, and let a
    doctor record it as held, a no-show or cancelled (SUL § 142 stk. 1-2)."""
    user = request.user
    course = queries.course_for_change(user, course_id)
    book_form = forms.DoctorBookingForm(prefix="book")
    record_form = None
    status = 200
    if request.method == "POST":
        today = _today()
        if request.POST.get("action") == "record":
            record_form = forms.DoctorRecordForm(request.POST, prefix="record")
            form = record_form
            if record_form.is_valid():
                booked = course.doctor_consultations.filter(
                    pk=record_form.cleaned_data["consultation"]
                ).first()
                if booked is None:
                    raise NotFound("DoctorConsultation")
                try:
                    services.record_doctor_consultation(
                        user, booked, status=record_form.cleaned_data["status"], today=today
                    )
                except ServiceError as error:
                    show_refusal(request, record_form, error)
                else:
                    messages.success(request, _("The doctor's consultation is recorded."))
                    return redirect("course-doctor-consultation", course_id=course.pk)
        else:
            book_form = forms.DoctorBookingForm(request.POST, prefix="book")
            form = book_form
            if book_form.is_valid():
                d = book_form.cleaned_data
                at = timezone.make_aware(dt.datetime.combine(d["day"], d["time"]))
                try:
                    services.book_doctor_consultation(user, course, at=at, today=today)
                except ServiceError as error:
                    show_refusal(request, book_form, error, {"at": "day"})
                else:
                    messages.success(request, _("The doctor's consultation is booked."))
                    return redirect("course-doctor-consultation", course_id=course.pk)
        status = 400 if form.errors else 200
    page = queries.course_page(user, course_id, purpose="course:doctor_consultation")
    labels = {"planned": _("Planned"), **dict(forms.ATTENDANCE_CHOICES)}
    rows = [
        {"pk": c.pk, "at": c.at, "status": c.status, "label": labels.get(c.status, c.status)}
        for c in page.course.doctor_consultations.order_by("at")
    ]
    context = {
        "course": page.course,
        "client": page.course.client,
        "nav": "worklist",
        "consultations": rows,
        "book_form": book_form if can(user, "courses.record_appointment", page.course) else None,
        "record_form": record_form,
        "may_record": getattr(user, "role", None) == "doctor",
        "record_choices": forms.ATTENDANCE_CHOICES,
    }
    return render(request, "areas/course/doctor_consultation.html", context, status=status)
