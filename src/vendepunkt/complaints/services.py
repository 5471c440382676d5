"""Complaints (R39, R40): registered on the route the municipality's standard gives, re-assessed
and, when the decision is kept, forwarded with the case's documents; the citizen is told. A
complaint about a SEL § 101 a decision is refused with the reason (SEL § 101 a stk. 6)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import HAPPENED, check_dates
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import audit_change, log_read, snapshot
from vendepunkt.citizens.models import Client
from vendepunkt.courses import deadlines
from vendepunkt.courses.models import Decision
from vendepunkt.courses.services import current_body
from vendepunkt.rules.law import law_floor
from vendepunkt.rules.standards.schema import ComplaintKind

from .models import Complaint

if TYPE_CHECKING:
    from vendepunkt.accounts.models import User


FIELDS = (
    "kind",
    "route_id",
    "received_on",
    "form",
    "power_of_attorney",
    "reassessed_on",
    "decision_kept",
    "forwarded_on",
    "forwarded_to",
    "citizen_informed_on",
)


def register_complaint(
    actor: Actor,
    client: Client,
    *,
    kind: str,
    received_on: dt.date,
    form: str,
    text: str,
    decision: Decision | None = None,
    representative: str = "",
    power_of_attorney: bool = False,
    today: dt.date,
) -> Complaint:
    require(actor, "complaints.register", client)
    check_dates(today, received_on=(received_on, HAPPENED))
    if kind not in ComplaintKind.__members__:
        raise ServiceError(_("Unknown kind of complaint."), field="kind")
    if form not in ("oral", "written"):
        raise ServiceError(_("A complaint is oral or written."), field="form")
    if representative and not power_of_attorney:
        raise ServiceError(
            _("A representative needs a power of attorney."),
            field="power_of_attorney",
        )
    if not text.strip():
        raise ServiceError(_("Write what the complaint is about."), field="text")
    if decision is not None:
        if (
            decision.municipality_id != client.municipality_id
            or decision.application.contact_course.client_id != client.pk
        ):
            raise NotFound("Decision")
        refused = next(
            (
                n
                for n in law_floor().complaints.not_appealable
                if n.legal_basis == decision.legal_basis
            ),
            None,
        )
        if refused is not None:
            raise ServiceError(
                _(
                    "Decisions under %(citation)s cannot be appealed to another administrative authority (%(citation2)s)."
                ),
                citation=law_floor().citation(refused.legal_basis),
                citation2=refused.citation,
                field="decision",
                code="not_appealable",
            )
    standard = client.municipality.standard()
    route = next((r for r in standard.complaints.routes if r.kind == kind), None)
    course = (
        decision.application.contact_course
        if decision
        else client.contact_courses.order_by("-opened_on").first()
    )
    with transaction.atomic():
        complaint = Complaint.objects.create(
            municipality=client.municipality,
            client=client,
            contact_course=course,
            decision=decision,
            kind=kind,
            route_id=route.id if route else "",
            received_on=received_on,
            form=form,
            representative=representative,
            power_of_attorney=power_of_attorney,
            text=text,
            registered_by=cast("User", actor),
        )
        audit_change(actor, Action.COMPLAINT_REGISTERED, complaint, fields=FIELDS)
        if course is not None:
            deadlines.refresh(course, today)
    return complaint


def reassess(
    actor: Actor,
    complaint: Complaint,
    *,
    on: dt.date,
    keep_decision: bool,
    outcome: str,
    today: dt.date,
) -> Complaint:
    require(actor, "complaints.handle", complaint)
    check_dates(today, on=(on, HAPPENED))
    if on < complaint.received_on:
        raise ServiceError(
            _("The re-assessment is before the complaint arrived."),
            field="on",
        )
    if not outcome.strip():
        raise ServiceError(
            _("Write the result of the re-assessment."),
            field="outcome",
        )
    with transaction.atomic():
        before = snapshot(complaint, FIELDS)
        complaint.reassessed_on = on
        complaint.decision_kept = keep_decision
        complaint.outcome = outcome
        complaint.save()
        audit_change(actor, Action.COMPLAINT_REASSESSED, complaint, fields=FIELDS, before=before)
        if complaint.contact_course_id and complaint.contact_course is not None:
            deadlines.refresh(complaint.contact_course, today)
    return complaint


def forward(
    actor: Actor, complaint: Complaint, *, on: dt.date, citizen_informed_on: dt.date, today: dt.date
) -> Complaint:
    """Forward a kept decision to the next instance of the route, with the case's documents."""
    require(actor, "complaints.handle", complaint)
    check_dates(today, on=(on, HAPPENED), citizen_informed_on=(citizen_informed_on, HAPPENED))
    if not complaint.decision_kept:
        raise ServiceError(
            _("Only a decision that is kept is forwarded."),
        )
    standard = complaint.municipality.standard()
    route = next((r for r in standard.complaints.routes if r.id == complaint.route_id), None)
    to = (
        current_body(route.next_instance)
        if route and route.next_instance
        else law_floor().complaints.social_decision.next_instance
    )
    with transaction.atomic():
        before = snapshot(complaint, FIELDS)
        complaint.forwarded_on = on
        complaint.forwarded_to = to or ""  # a route's next instance is never empty
        complaint.citizen_informed_on = citizen_informed_on
        complaint.save()
        audit_change(actor, Action.COMPLAINT_FORWARDED, complaint, fields=FIELDS, before=before)
        if complaint.contact_course_id and complaint.contact_course is not None:
            deadlines.refresh(complaint.contact_course, today)
    return complaint


def view_complaint(actor: Actor, complaint_id: int, *, purpose: str) -> Complaint:
    complaint = Complaint.objects.filter(
        pk=complaint_id, municipality_id=actor.municipality_id
    ).first()
    complaint = require(actor, "complaints.view_complaint", complaint)
    log_read(
        actor=actor,
        municipality_id=complaint.municipality_id,
        client_id=complaint.client_id,
        record_type="complaint",
        record_id=complaint.pk,
        purpose=purpose,
    )
    return complaint
