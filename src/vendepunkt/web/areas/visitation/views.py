"""Visitation: the forums' agendas, applying for a service, the decision with its eligibility
explained, the letter (preview, PDF, sent), waivers of the guarantee and the free choice of
provider. Views parse, call the services and render; they write nothing themselves."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vendepunkt.accounts.access import AccessDenied, can
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.models import Role
from vendepunkt.courses import services as courses
from vendepunkt.courses.deadlines import effective_status
from vendepunkt.courses.guard import course_guard
from vendepunkt.courses.letters import decision_letter_html, decision_letter_pdf, sending
from vendepunkt.courses.queries import visitation as queries
from vendepunkt.providers.models import FreeChoiceRecord, Provider
from vendepunkt.providers.services import (
    check_free_choice,
    check_free_choice_records,
    free_choice_products,
    limit_free_choice,
    record_provider_refusal,
)
from vendepunkt.rules.eligibility import check_in_standard
from vendepunkt.rules.payment import limitation_refusal
from vendepunkt.web.access import staff_page
from vendepunkt.web.refusals import english, show_refusal

from .forms import (
    ApplicationForm,
    DecisionForm,
    ExtensionForm,
    FreeChoiceForm,
    FreeChoiceLimitForm,
    ProviderRefusalForm,
    SentForm,
    WaiverForm,
    social_problems,
)

PURPOSE = "visitation"
# The letter is its own document with its own <style>: only that inline style is allowed, and
# only this application may frame it (the preview page).
LETTER_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"


def _course_link(course_id: int) -> str:
    try:
        return reverse("course-detail", args=[course_id])
    except NoReverseMatch:
        return ""


def _forum_names(standard, service) -> list[str]:
    names = {f.id: f.name for f in standard.visitation.forums}
    return [names.get(f, f) for f in (service.granted_by if service else ())]


# --- 1. the agenda --------------------------------------------------------------------------


@staff_page
@require_safe
def agenda_view(request):
    today = timezone.localdate()
    agenda = queries.visitation_agenda(request.user, today=today)
    context = {
        "agenda": agenda,
        "today": today,
        "can_decide": request.user.role in (Role.VISITATION_CASEWORKER, Role.CENTRE_LEADER),
        "nav": "visitation",
    }
    return render(request, "areas/visitation/agenda.html", context)


# --- 2. applying for a service --------------------------------------------------------------


@staff_page
@require_http_methods(["GET", "POST"])
def application_new(request, course_id: int):
    today = timezone.localdate()
    course = queries.course_for(request.user, course_id, "courses.apply", purpose=PURPOSE)
    standard = course.municipality.standard()
    form = ApplicationForm(request.POST or None, standard=standard, today=today)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                application = courses.apply_for_service(
                    request.user,
                    course,
                    service_id=form.cleaned_data["service_id"],
                    applied_on=form.cleaned_data["applied_on"],
                    note=form.cleaned_data["note"],
                    today=today,
                )
            except ServiceError as error:
                show_refusal(request, form, error)
            else:
                service = standard.service(application.service_id)
                messages.success(
                    request,
                    _("The application for %(service)s is recorded.") % {"service": service.name},
                )
                return redirect("visitation")
        status = 400
    applications = [
        {
            "application": a,
            "service": standard.service(a.service_id),
            "decision": getattr(a, "decision", None),
        }
        for a in queries.course_applications(course)
    ]
    context = {
        "course": course,
        "client": course.client,
        "form": form,
        "applications": applications,
        "course_link": _course_link(course.pk),
        "nav": "visitation",
    }
    return render(request, "areas/visitation/application_form.html", context, status=status)


# --- 3. the decision ------------------------------------------------------------------------


def _eligibility(request, application, service, other_social_problems):
    course = application.contact_course
    if service is None:
        return None
    facts = courses.client_facts(
        course.client,
        course,
        timezone.localdate(),
        other_social_problems=other_social_problems,
    )
    result = check_in_standard(course.municipality.standard(), service, facts)
    en = english(request)

    def words(items):
        return [
            {"code": r.code, "text": r.message_en if en else r.message_da, "source": r.source}
            for r in items
        ]

    return {
        "eligible": result.eligible,
        "reasons": words(result.reasons),
        "notes": words(result.notes),
    }


def _final_say_blocks(user, standard) -> bool:
    final_say = standard.visitation.final_say
    return (
        final_say is not None
        and str(final_say.role) == Role.CENTRE_LEADER
        and user.role != Role.CENTRE_LEADER
    )


@staff_page
@require_http_methods(["GET", "POST"])
def decision_new(request, application_id: int):
    today = timezone.localdate()
    application = queries.application_for(
        request.user, application_id, "courses.decide", purpose=PURPOSE
    )
    existing = getattr(application, "decision", None)
    if existing is not None:
        messages.info(request, _("The application has already been decided."))
        return redirect("decision-letter", existing.pk)
    course = application.contact_course
    standard = course.municipality.standard()
    service = standard.service(application.service_id)
    blocked = _final_say_blocks(request.user, standard)
    if blocked and request.method == "POST":
        raise AccessDenied("courses.decide (final say: centre_leader)")
    form = DecisionForm(
        request.POST or None,
        standard=standard,
        service=service,
        course=course,
        disabled=blocked,
        today=today,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = courses.decide(
                    request.user,
                    application,
                    outcome=data["outcome"],
                    legal_basis=data["legal_basis"],
                    reasons=data["reasons"],
                    decided_on=data["decided_on"],
                    intensity=data["intensity"],
                    valid_from=data["valid_from"],
                    valid_until=data["valid_until"],
                    extendable=data["extendable"],
                    other_social_problems=social_problems(data["other_social_problems"]),
                    forum_id=data["forum_id"],
                    intensity_reason=data.get("intensity_reason") or "",
                    today=today,
                )
            except ServiceError as error:
                # a refused grant names the service; the reason belongs next to the outcome
                show_refusal(request, form, error, {"service_id": "outcome"})
            else:
                messages.success(request, _("The decision is recorded. Check and send the letter."))
                return redirect("decision-letter", decision.pk)
        status = 400
    answer = form.data.get("other_social_problems") if form.is_bound else None
    context = {
        "application": application,
        "course": course,
        "client": course.client,
        "service": service,
        "forums": _forum_names(standard, service),
        "form": form,
        "blocked": blocked,
        "final_say": standard.visitation.final_say,
        "eligibility": _eligibility(request, application, service, social_problems(answer)),
        "course_link": _course_link(course.pk),
        "nav": "visitation",
    }
    return render(request, "areas/visitation/decision_form.html", context, status=status)


@staff_page
@require_safe
def decision_eligibility(request, application_id: int):
    """The eligibility explanation again for another answer on other social problems (HTMX)."""
    application = queries.application_for(
        request.user, application_id, "courses.decide", purpose=PURPOSE
    )
    standard = application.contact_course.municipality.standard()
    service = standard.service(application.service_id)
    answer = social_problems(request.GET.get("other_social_problems"))
    context = {"eligibility": _eligibility(request, application, service, answer)}
    return render(request, "areas/visitation/_eligibility.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def decision_extend(request, decision_id: int):
    """Extend a time-limited grant: a new decision with its own letter (issue 12 § 3)."""
    today = timezone.localdate()
    decision = queries.decision_for(request.user, decision_id, "courses.decide", purpose=PURPOSE)
    course = decision.application.contact_course
    standard = course.municipality.standard()
    # As for the decision itself: where the centre leader has the final say, the caseworker sees
    # the case but is not offered a form that would be refused.
    blocked = _final_say_blocks(request.user, standard)
    if blocked and request.method == "POST":
        raise AccessDenied("courses.decide (final say: centre_leader)")
    form = ExtensionForm(request.POST or None, today=today)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                extension = courses.extend_grant(
                    request.user,
                    decision,
                    valid_until=form.cleaned_data["valid_until"],
                    reasons=form.cleaned_data["reasons"],
                    decided_on=form.cleaned_data["decided_on"],
                    today=today,
                )
            except ServiceError as error:
                show_refusal(request, form, error)
            else:
                messages.success(
                    request, _("The extension is recorded. Check and send the letter.")
                )
                return redirect("decision-letter", extension.pk)
        status = 400
    context = {
        "decision": decision,
        "application": decision.application,
        "course": course,
        "client": course.client,
        "service": standard.service(decision.application.service_id),
        "form": form,
        "course_link": _course_link(course.pk),
        "nav": "visitation",
        "blocked": blocked,
        "final_say": standard.visitation.final_say if blocked else None,
    }
    return render(request, "areas/visitation/extension_form.html", context, status=status)


# --- 4. the letter --------------------------------------------------------------------------


def _letter_page(request, decision, sent_form=None, status=200):
    user = request.user
    course = decision.application.contact_course
    standard = course.municipality.standard()
    guard = course_guard(course)
    may_decide = can(user, "courses.decide", guard)
    context = {
        "decision": decision,
        "application": decision.application,
        "client": course.client,
        "service": standard.service(decision.application.service_id),
        "sending": sending(decision),
        "sent_form": sent_form
        or (
            SentForm(today=timezone.localdate(), initial={"expected_version": decision.version})
            if may_decide
            else None
        ),
        "may_decide": may_decide,
        "may_choose": decision.outcome != "refusal" and can(user, "courses.apply", guard),
        "may_waive": can(user, "courses.waive_guarantee", guard),
        "may_extend": may_decide
        and decision.outcome != "refusal"
        and decision.valid_until is not None
        and not decision.extensions.exists(),
        "forum_name": next(
            (str(f.name) for f in standard.visitation.forums if f.id == decision.forum_id), ""
        ),
        "eligibility_notes": [
            {
                "code": n.get("code"),
                "text": n.get("en") if english(request) else n.get("da"),
                "source": n.get("source"),
            }
            for n in decision.eligibility_notes or []
        ],
        "course": course,
        "course_link": _course_link(course.pk),
        "nav": "visitation",
    }
    return render(request, "areas/visitation/letter.html", context, status=status)


@staff_page
@require_safe
def decision_letter(request, decision_id: int):
    decision = queries.decision_for(
        request.user, decision_id, "courses.view_course", purpose=PURPOSE
    )
    return _letter_page(request, decision)


@staff_page
@require_safe
@xframe_options_sameorigin
def decision_letter_document(request, decision_id: int):
    """The letter as its own HTML document, for the preview's frame."""
    decision = queries.decision_for(
        request.user, decision_id, "courses.view_course", purpose="decision letter"
    )
    response = HttpResponse(decision_letter_html(decision), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = LETTER_CSP
    return response


@staff_page
@require_safe
def decision_letter_download(request, decision_id: int):
    decision = queries.load_decision(request.user, decision_id)
    pdf = decision_letter_pdf(request.user, decision, purpose="decision letter")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="afgoerelse-{decision.pk}.pdf"'
    return response


@staff_page
@require_POST
def decision_sent(request, decision_id: int):
    today = timezone.localdate()
    decision = queries.decision_for(request.user, decision_id, "courses.decide", purpose=PURPOSE)
    form = SentForm(request.POST, today=today)
    if form.is_valid():
        try:
            courses.mark_decision_sent(
                request.user,
                decision,
                sent_on=form.cleaned_data["sent_on"],
                sent_by=form.cleaned_data["sent_by"] or "digital_post",
                expected_version=form.cleaned_data["expected_version"],
                today=today,
            )
        except ServiceError as error:
            show_refusal(request, form, error)
            if error.code == courses.STALE:
                # The page now shows the decision as stored; sending again changes that one.
                decision.refresh_from_db(fields=["version"])
                form.data = form.data.copy()
                form.data["expected_version"] = str(decision.version)
        else:
            text = _("The letter is marked as sent.")
            if decision.complaint_guidance:
                text += " " + _(
                    "The complaint period runs from the day the citizen is deemed to receive it."
                )
            messages.success(request, text)
            return redirect("decision-letter", decision.pk)
    decision.refresh_from_db(fields=["sent_on", "sent_by", "version"])
    return _letter_page(request, decision, sent_form=form, status=400)


# --- 5. waiver of the guarantee -------------------------------------------------------------


@staff_page
@require_http_methods(["GET", "POST"])
def waiver_new(request, course_id: int):
    today = timezone.localdate()
    course = queries.course_for(request.user, course_id, "courses.waive_guarantee", purpose=PURPOSE)
    standard = course.municipality.standard()
    form = WaiverForm(request.POST or None, standard=standard, today=today)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                courses.record_waiver(
                    request.user,
                    course,
                    kind=form.cleaned_data["kind"],
                    reason=form.cleaned_data["reason"],
                    on=form.cleaned_data["on"],
                    today=today,
                )
            except ServiceError as error:
                show_refusal(request, form, error)
            else:
                messages.success(request, _("The waiver of the guarantee is recorded."))
                return redirect("waiver-new", course.pk)
        status = 400
    guarantee = queries.course_guarantee(course)
    context = {
        "course": course,
        "client": course.client,
        "form": form,
        "guarantee": guarantee,
        "guarantee_status": effective_status(guarantee, today) if guarantee else "",
        "waivers": list(course.waivers.order_by("on", "id")),
        "course_link": _course_link(course.pk),
        "nav": "visitation",
    }
    return render(request, "areas/visitation/waiver_form.html", context, status=status)


# --- 6. free choice of provider -------------------------------------------------------------


def _free_choice_refusal(request, decision, service, provider, products, records) -> str:
    """Why the citizen cannot choose this provider, in words ("" when the choice is possible)."""
    if decision.outcome == "refusal" or service is None:
        return _("Free choice requires a grant.")
    try:
        check_free_choice(
            provider,
            legal_basis=decision.legal_basis,
            setting=str(service.setting or "ambulant"),
            intensity=decision.intensity or (str(service.intensity) if service.intensity else None),
            products=products,
        )
        check_free_choice_records(decision, provider, records)
    except ServiceError as error:
        return error.message_en if english(request) else error.message_da
    return ""


@staff_page
@require_http_methods(["GET", "POST"])
def free_choice(request, decision_id: int):
    today = timezone.localdate()
    decision = queries.decision_for(request.user, decision_id, "courses.apply", purpose=PURPOSE)
    course = decision.application.contact_course
    standard = course.municipality.standard()
    providers = list(
        Provider.objects.filter(municipality_id=request.user.municipality_id, active=True).order_by(
            "name"
        )
    )
    service = standard.service(decision.application.service_id)
    action = request.POST.get("action", "choose") if request.method == "POST" else ""
    form = FreeChoiceForm(
        request.POST if action == "choose" else None, providers=providers, today=today
    )
    refusal_form = ProviderRefusalForm(
        request.POST if action == "refuse" else None,
        prefix="refusal",
        providers=providers,
        today=today,
    )
    limit_form = FreeChoiceLimitForm(
        request.POST if action == "limit" else None, prefix="limit", today=today
    )
    status = 200
    if action in ("refuse", "limit"):
        bound = refusal_form if action == "refuse" else limit_form
        if bound.is_valid():
            try:
                if action == "refuse":
                    refused_by = next(
                        p for p in providers if str(p.pk) == bound.cleaned_data["provider"]
                    )
                    record_provider_refusal(
                        request.user,
                        decision,
                        refused_by,
                        reason=bound.cleaned_data["reason"],
                        capacity=bound.cleaned_data["capacity"],
                        on=bound.cleaned_data["on"],
                        today=today,
                    )
                else:
                    limit_free_choice(
                        request.user,
                        decision,
                        reason=bound.cleaned_data["reason"],
                        on=bound.cleaned_data["on"],
                        today=today,
                    )
            except ServiceError as error:
                show_refusal(request, bound, error)
            else:
                messages.success(request, _("The free choice record was saved."))
                return redirect("free-choice", decision.pk)
        status = 400
    elif request.method == "POST":
        if form.is_valid():
            provider = next(p for p in providers if str(p.pk) == form.cleaned_data["provider"])
            try:
                courses.choose_provider(
                    request.user,
                    course,
                    decision,
                    provider,
                    on=form.cleaned_data["on"],
                    today=today,
                )
            except ServiceError as error:
                show_refusal(request, form, error)
            else:
                messages.success(
                    request,
                    _("The citizen's choice of %(provider)s is recorded.")
                    % {"provider": provider.name},
                )
                return redirect("decision-letter", decision.pk)
        status = 400
    records = list(
        FreeChoiceRecord.objects.filter(decision=decision)
        .select_related("provider")
        .order_by("on", "id")
    )
    products = free_choice_products(course, service) if service is not None else set()
    limit_refusal = limitation_refusal(standard, decision.legal_basis, decision.outcome)
    context = {
        "decision": decision,
        "client": course.client,
        "service": service,
        "providers": [
            {
                "provider": p,
                "refusal": _free_choice_refusal(request, decision, service, p, products, records),
            }
            for p in providers
        ],
        "form": form,
        "refusal_form": refusal_form
        if can(request.user, "courses.apply", course_guard(course))
        else None,
        # Offered only where the law (and the standard) let the free choice be limited for the
        # citizen's sake: a grant under SEL § 101 (stk. 7), never SUL § 141/§ 142 or SEL § 101 a
        # (rules.payment.limitation_refusal; D79). Elsewhere the page says why instead.
        "limit_form": limit_form
        if can(request.user, "courses.decide", course_guard(course)) and limit_refusal is None
        else None,
        "limit_refusal": (
            (limit_refusal.message_en if english(request) else limit_refusal.message_da)
            if limit_refusal is not None
            and can(request.user, "courses.decide", course_guard(course))
            else ""
        ),
        "records": [
            {
                "record": r,
                "label": _("Refused by %(provider)s") % {"provider": r.provider.name}
                if r.provider
                else _("Limited for the citizen's sake"),
            }
            for r in records
        ],
        "course_link": _course_link(course.pk),
        "nav": "visitation",
    }
    return render(request, "areas/visitation/free_choice.html", context, status=status)
