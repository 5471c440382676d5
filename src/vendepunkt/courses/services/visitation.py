"""Visitation and decision (R11–R16, R21): application, decision, its letter sent, waivers of the
guarantee and the citizen's free choice of provider."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import AccessDenied, Actor, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import HAPPENED, PLANNED, check_dates
from vendepunkt.accounts.models import Role
from vendepunkt.audit.actions import Action
from vendepunkt.citizens.models import Client
from vendepunkt.filing import services as filing
from vendepunkt.providers.models import Provider
from vendepunkt.rules import grants as grant_rules
from vendepunkt.rules.eligibility import ClientFacts, anonymity_allowed, check_in_standard
from vendepunkt.rules.law import law_floor
from vendepunkt.rules.standards.schema import (
    ComplaintKind,
    GuaranteeException,
    Service,
    Standard,
)

from ..letters import decision_letter_pdf_bytes
from ..models import Application, Assessment, ContactCourse, Decision, Waiver
from ..vocabulary import Outcome, SentBy
from ._change import STALE_RECORD, _lock, change
from ._common import _service_of, _standard


def apply_for_service(
    actor: Actor,
    course: ContactCourse,
    *,
    service_id: str,
    applied_on: dt.date,
    note: str = "",
    today: dt.date,
) -> Application:
    with change(actor, "courses.apply", course=course, today=today) as c:
        check_dates(today, applied_on=(applied_on, HAPPENED))
        service = _standard(course.municipality).service(service_id)
        if service is None:
            raise ServiceError(
                _("The service “%(service_id)s” is not in the municipality's standard."),
                service_id=service_id,
                field="service_id",
            )
        return c.create(
            Application,
            Action.APPLICATION_MADE,
            ("contact_course_id", "service_id", "applied_on", "forum_id"),
            contact_course=course,
            service_id=service_id,
            applied_on=applied_on,
            forum_id=service.granted_by[0] if service.granted_by else "",
            note=note,
        )


def client_facts(
    client: Client,
    course: ContactCourse,
    day: dt.date,
    *,
    other_social_problems: bool | None = None,
) -> ClientFacts:
    substances: set[str] = set()
    main = ""
    for contact in course.contacts.all():
        substances.update(contact.substances)
        main = contact.main_substance or main
    return ClientFacts(
        age=client.age_on(day),
        anonymous=client.anonymous,
        substances=frozenset(substances),
        main_substance=main or None,
        pregnant=client.pregnant,
        client_kind=client.client_kind,
        other_social_problems=other_social_problems,
    )


def decide(
    actor: Actor,
    application: Application,
    *,
    outcome: str,
    legal_basis: str,
    reasons: str,
    decided_on: dt.date,
    intensity: str = "",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    extendable: bool = False,
    other_social_problems: bool | None = None,
    extends: Decision | None = None,
    forum_id: str = "",
    intensity_reason: str = "",
    today: dt.date,
) -> Decision:
    """The written decision (R12): grant, refusal or partial grant with reasons and complaint
    guidance from the standard's routes (none for SEL § 101 a). On a grant (issue 12 § 3):
    eligibility at every level of the standard (target group, centre, service), its notes kept
    with the decision; a time-limited service's grant gets an end date (default: the service's
    duration); a service more intensive than the assessed load degree suggests needs
    `intensity_reason` where the standard follows the least-intrusive principle; where authority
    and provider are separate, only the roles the deciding forum names may decide. The decision
    records the forum that decided."""
    course = application.contact_course
    with change(actor, "courses.decide", course=course, today=today) as c:
        check_dates(
            today,
            decided_on=(decided_on, HAPPENED),
            valid_from=(valid_from, PLANNED),
            valid_until=(valid_until, PLANNED),
        )
        standard = _standard(course.municipality)
        final_say = standard.visitation.final_say
        if (
            final_say is not None
            and final_say.role == "centre_leader"
            and actor.role != Role.CENTRE_LEADER
        ):
            raise AccessDenied("courses.decide (final say: centre_leader)")
        if Decision.objects.filter(application=application).exists():
            raise ServiceError(_("The application has already been decided."))
        if outcome not in Outcome.values:
            raise ServiceError(_("Unknown outcome."), field="outcome")
        if not reasons.strip():
            raise ServiceError(
                _("A decision must give its reasons (forvaltningsloven § 22)."),
                field="reasons",
            )
        service = _service_of(standard, application.service_id)
        forum = grant_rules.deciding_forum(standard, service, forum_id or application.forum_id)
        if forum_id and forum is None:
            raise ServiceError(
                _("The forum “%(forum_id)s” is not in the municipality's standard."),
                forum_id=forum_id,
                field="forum_id",
            )
        refused = grant_rules.may_decide(standard, forum, actor.role)
        if refused is not None:
            raise ServiceError(refused, field="forum_id", code=refused.code)
        notes: list[dict[str, str | None]] = []
        if outcome != Outcome.REFUSAL:
            valid_from, valid_until = _grant_period(
                service, decided_on, valid_from, valid_until, extends
            )
            check_dates(today, valid_until=(valid_until, PLANNED))
        _check_basis(course, service, legal_basis, valid_from, valid_until)
        if outcome != Outcome.REFUSAL:
            result = check_in_standard(
                standard,
                service,
                client_facts(
                    course.client, course, decided_on, other_social_problems=other_social_problems
                ),
            )
            if not result.eligible:
                reason = result.reasons[0]
                raise ServiceError(reason, field="service_id", code="not_eligible")
            notes = [
                {"code": n.code, "da": n.message_da, "en": n.message_en, "source": n.source}
                for n in result.notes
            ]
            latest = (
                Assessment.objects.filter(contact_course=course, assessed_on__lte=decided_on)
                .exclude(load_degree="")
                .order_by("-assessed_on", "-id")
                .first()
            )
            intrusive = grant_rules.more_intensive_than_assessed(
                standard.visitation, service, latest.load_degree if latest else None
            )
            if intrusive is not None and not intensity_reason.strip():
                raise ServiceError(intrusive, field="intensity_reason", code=intrusive.code)
        return c.create(
            Decision,
            Action.DECISION_MADE,
            (
                "application_id",
                "outcome",
                "legal_basis",
                "intensity",
                "valid_from",
                "valid_until",
                "decided_on",
            ),
            application=application,
            outcome=outcome,
            legal_basis=legal_basis,
            intensity=intensity or (service.intensity or ""),
            valid_from=valid_from,
            valid_until=valid_until,
            extendable=extendable,
            reasons=reasons,
            complaint_guidance=complaint_guidance(standard, legal_basis),
            decided_on=decided_on,
            decided_by=actor,
            standard_version=course.standard_version,
            extends=extends,
            forum_id=forum.id if forum is not None else "",
            intensity_reason=intensity_reason.strip(),
            eligibility_notes=notes,
        )


def _grant_period(
    service: Service,
    decided_on: dt.date,
    valid_from: dt.date | None,
    valid_until: dt.date | None,
    extends: Decision | None,
) -> tuple[dt.date | None, dt.date | None]:
    """A grant's period. A time-limited service (`Service.time_limited`) needs an end date: by
    default the start plus the service's duration; without a duration the caseworker gives one."""
    if extends is not None and valid_from is None and extends.valid_until is not None:
        valid_from = extends.valid_until + dt.timedelta(days=1)
    if valid_until is None and grant_rules.end_required(service):
        valid_until = grant_rules.default_end(service, valid_from or decided_on)
        if valid_until is None:
            raise ServiceError(
                _(
                    "The standard says grants of this service are time-limited: give the end "
                    "date of the grant."
                ),
                field="valid_until",
                code="grant-end-required",
            )
    return valid_from, valid_until


def extend_grant(
    actor: Actor,
    decision: Decision,
    *,
    valid_until: dt.date,
    reasons: str,
    decided_on: dt.date,
    today: dt.date,
) -> Decision:
    """An extension of a grant is its own decision (issue 12 § 3): a new application for the same
    service and a decision that extends the first, from the day after it ends to `valid_until`,
    with its own letter and complaint guidance."""
    course = decision.application.contact_course
    require(actor, "courses.decide", course)
    check_dates(today, valid_until=(valid_until, PLANNED), decided_on=(decided_on, HAPPENED))
    with transaction.atomic():
        return _extend(actor, decision, course, valid_until, reasons, decided_on, today)


def _extend(
    actor: Actor,
    decision: Decision,
    course: ContactCourse,
    valid_until: dt.date,
    reasons: str,
    decided_on: dt.date,
    today: dt.date,
) -> Decision:
    _lock(decision)
    if decision.outcome == Outcome.REFUSAL:
        raise ServiceError(_("Only a grant can be extended."), field="decision")
    if decision.valid_until is None:
        raise ServiceError(
            _("The grant has no end date; it needs no extension."), field="valid_until"
        )
    if valid_until <= decision.valid_until:
        raise ServiceError(
            _("The extension must end after the grant it extends (%(date)s)."),
            date=decision.valid_until,
            field="valid_until",
        )
    if not reasons.strip():
        raise ServiceError(
            _("A decision must give its reasons (forvaltningsloven § 22)."),
            field="reasons",
        )
    if Decision.objects.filter(extends=decision).exists():
        raise ServiceError(
            _("The grant has already been extended; extend the latest extension."),
            field="decision",
            code="already-extended",
        )
    application = apply_for_service(
        actor,
        course,
        service_id=decision.application.service_id,
        applied_on=min(decided_on, today),
        today=today,
    )
    return decide(
        actor,
        application,
        outcome=decision.outcome,
        legal_basis=decision.legal_basis,
        reasons=reasons,
        decided_on=decided_on,
        intensity=decision.intensity,
        valid_from=decision.valid_until + dt.timedelta(days=1),
        valid_until=valid_until,
        extendable=decision.extendable,
        extends=decision,
        forum_id=decision.forum_id,
        intensity_reason=decision.intensity_reason,
        today=today,
    )


def _check_basis(
    course: ContactCourse,
    service: Service,
    legal_basis: str,
    valid_from: dt.date | None,
    valid_until: dt.date | None,
) -> None:
    if course.client.anonymous:
        # R47, SEL § 101 a: an anonymous client can only be decided for on a basis that allows
        # anonymity; SEL § 101, § 142 and residential stays need an identified citizen.
        allowed = anonymity_allowed([legal_basis], counselling=False, needs_medication=False)
        if not allowed.eligible:
            reason = allowed.reasons[0]
            raise ServiceError(
                _("%(reason)s Link the client to an identified citizen first."),
                reason=reason,
                field="legal_basis",
                code="anonymity",
            )
    if legal_basis not in (service.legal_bases or (legal_basis,)):
        raise ServiceError(
            _("The service is not given under %(legal_basis)s."),
            legal_basis=legal_basis,
            field="legal_basis",
        )
    if valid_from and valid_until and valid_until < valid_from:
        raise ServiceError(
            _("The end date is before the start date."),
            field="valid_until",
        )


def complaint_guidance(standard: Standard, legal_basis: str) -> list[dict[str, Any]]:
    """The complaint routes a decision's guidance names: the standard's routes for decisions on
    this legal basis; where the standard states none, the law's route. None for SEL § 101 a."""
    floor = law_floor()
    if any(n.legal_basis == legal_basis for n in floor.complaints.not_appealable):
        return []
    kinds = (
        ComplaintKind.social_decision,
        ComplaintKind.visitation_decision,
        ComplaintKind.medical_treatment,
    )
    routes = [
        {
            "route_id": r.id,
            "kind": str(r.kind),
            "first_instance": current_body(r.first_instance),
            "period": {"amount": r.period.amount, "unit": str(r.period.unit)} if r.period else None,
            "next_instance": current_body(r.next_instance),
            "source": str(r.source),
        }
        for r in standard.complaints.routes
        if r.kind in kinds
        and (not r.legal_bases or legal_basis in r.legal_bases)
        and (r.kind != ComplaintKind.medical_treatment or legal_basis in ("SUL-141", "SUL-142"))
    ]
    if not any(r["kind"] != "medical_treatment" for r in routes) and legal_basis.startswith("SEL"):
        law = floor.complaints.social_decision
        routes.insert(
            0,
            {
                "route_id": "law",
                "kind": "social_decision",
                "first_instance": "Kommunen",
                "period": {"amount": law.period.amount, "unit": str(law.period.unit)},
                "next_instance": law.next_instance,
                "source": law.citation,
            },
        )
    return routes


def current_body(name: str | None) -> str | None:
    """A complaint body as it is named today: a letter never sends a citizen to an authority that
    no longer exists (the law floor's renamed authorities; the standard's wording is kept there)."""
    if not name:
        return name
    for body in law_floor().outdated_bodies:
        if body.as_written.casefold() in name.casefold():
            return body.current
    return name


def mark_decision_sent(
    actor: Actor,
    decision: Decision,
    *,
    sent_on: dt.date,
    sent_by: str = SentBy.DIGITAL_POST,
    expected_version: int | None = None,
    today: dt.date,
) -> Decision:
    """The letter was sent on `sent_on` by Digital Post or ordinary post (`sent_by`, Digital Post
    unless said otherwise, as the law makes it the rule): the citizen is deemed to receive it the
    day it is available in Digital Post, or 6 working days after it was posted, and the complaint
    period counts from then (R39). Each change of a decision counts up its version; with
    `expected_version`, a decision changed since it was read is refused as stale."""
    course = decision.application.contact_course
    with change(actor, "courses.decide", course=course, today=today) as c:
        _lock(decision)
        c.expect(expected_version, decision.version, STALE_RECORD)
        check_dates(today, sent_on=(sent_on, HAPPENED))
        if sent_on < decision.decided_on:
            raise ServiceError(
                _("The letter cannot be sent before the decision."),
                field="sent_on",
            )
        if sent_by not in SentBy.values:
            raise ServiceError(
                _("Say how the letter was sent: by Digital Post or by ordinary post."),
                field="sent_by",
                code="sent_by_unknown",
            )
        sent = c.update(
            decision,
            Action.DECISION_SENT,
            ("sent_on", "sent_by"),
            sent_on=sent_on,
            sent_by=str(sent_by),
            version=decision.version + 1,
        )
        # the letter as sent is filed on the course (issue 13 § 2), in the same transaction
        filing.file_decision_letter(actor, sent, decision_letter_pdf_bytes(sent))
        return sent


def record_waiver(
    actor: Actor, course: ContactCourse, *, kind: str, reason: str, on: dt.date, today: dt.date
) -> Waiver:
    """A recorded reason the guarantee does not bind (R18): only the kinds the standard or the law
    accepts, and never without a written reason."""
    with change(actor, "courses.waive_guarantee", course=course, today=today) as c:
        check_dates(today, on=(on, HAPPENED))
        allowed = {
            str(e)
            for d in _standard(course.municipality).deadlines
            if d.kind == "treatment_guarantee"
            for e in d.exceptions
        } | {GuaranteeException.free_choice.value}
        if kind not in allowed:
            raise ServiceError(
                _("“%(kind)s” is not an exception the standard or the law accepts."),
                kind=kind,
                field="kind",
            )
        if not reason.strip():
            raise ServiceError(
                _("A waiver of the guarantee needs a reason."),
                field="reason",
            )
        return c.create(
            Waiver,
            Action.GUARANTEE_WAIVED,
            ("contact_course_id", "kind", "on"),
            contact_course=course,
            kind=kind,
            reason=reason,
            on=on,
            by=actor,
        )


def choose_provider(
    actor: Actor,
    course: ContactCourse,
    decision: Decision,
    provider: Provider,
    *,
    on: dt.date,
    today: dt.date,
) -> Waiver:
    """The citizen chooses another approved provider of the same form as granted; the guarantee
    may then be set aside (SEL § 101 stk. 6, SUL § 142 stk. 8), recorded as a waiver with reason."""
    from vendepunkt.providers.services import (
        check_free_choice,
        check_free_choice_records,
        free_choice_products,
    )

    with change(actor, "courses.apply", course=course, today=today) as c:
        check_dates(today, on=(on, HAPPENED))
        if (
            provider.municipality_id != course.municipality_id
            or decision.application.contact_course_id != course.pk
        ):
            raise NotFound("Provider")
        if decision.outcome == Outcome.REFUSAL:
            raise ServiceError(_("Free choice requires a grant."))
        service = _service_of(_standard(course.municipality), decision.application.service_id)
        check_free_choice(
            provider,
            legal_basis=decision.legal_basis,
            setting=str(service.setting or "ambulant"),
            intensity=decision.intensity or (str(service.intensity) if service.intensity else None),
            products=free_choice_products(course, service),
        )
        check_free_choice_records(decision, provider)
        return c.create(
            Waiver,
            Action.FREE_CHOICE_RECORDED,
            ("contact_course_id", "kind", "on"),
            contact_course=course,
            kind=GuaranteeException.free_choice.value,
            reason=f"Borgeren har valgt {provider.name} (frit valg). / The citizen chose {provider.name} (free choice).",
            on=on,
            by=actor,
        )
