"""Reads of complaints that the services lack, for the web pages and the API: the complaints list
with their stored deadlines, the route a complaint takes, and a client's decisions to complain
about. (The provider register is read in `providers.queries`, the municipality's standard with its
lint findings in `standards.queries`.)

Every function checks permission first (deny by default; another municipality's object is "not
found") and writes one read-log entry per client whose personal data it returns. The number of
queries does not depend on the amount of data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Q, Value, When

from vendepunkt.accounts.access import AccessDenied, NotFound, can, require
from vendepunkt.accounts.models import Role
from vendepunkt.audit.services import client_reads, log_read, log_reads
from vendepunkt.citizens.models import Client
from vendepunkt.complaints.models import Complaint
from vendepunkt.courses.deadlines import effective_status
from vendepunkt.courses.models import CourseDeadline, Decision
from vendepunkt.courses.services import current_body
from vendepunkt.rules.law import law_floor
from vendepunkt.rules.standards.lint import days
from vendepunkt.rules.standards.schema import ComplaintKind

COMPLAINT_DEADLINES = ("complaint_reassessment", "complaint_forwarding")
# A complaint is open until it is re-assessed and, when the decision is kept, forwarded.
OPEN = Q(reassessed_on__isnull=True) | Q(decision_kept=True, forwarded_on__isnull=True)
# Kinds the law's route (Retssikkerhedsloven §§ 66-67) covers where the standard is silent.
LAW_ROUTED = (ComplaintKind.social_decision, ComplaintKind.visitation_decision)
PER_PAGE = 50

# --- complaints -------------------------------------------------------------------------------


def listed_for(user) -> Q:
    """Need to know (R48): caseworkers and leaders list every complaint; a treater those they
    registered and those about the courses of their teams (or of courses no team has yet); a
    secretary those they registered."""
    if user.role in (Role.VISITATION_CASEWORKER, Role.CENTRE_LEADER):
        return Q()
    mine = Q(registered_by=user)
    if user.role == Role.TREATER:
        return (
            mine
            | Q(contact_course__team_id__in=user.team_ids())
            | Q(contact_course__isnull=False, contact_course__team__isnull=True)
        )
    return mine


def may_list_complaints(user) -> bool:
    """Caseworkers, leaders and treaters (who may view complaints) and secretaries (who register
    them) see the municipality's list; nobody else."""
    probe = Complaint(municipality_id=user.municipality_id)
    return can(user, "complaints.view_complaint", probe) or can(user, "complaints.register", probe)


def may_register_complaints(user) -> bool:
    return can(user, "complaints.register", Complaint(municipality_id=user.municipality_id))


@dataclass(frozen=True)
class DeadlineRow:
    deadline: CourseDeadline
    status: str  # open, breached, met, lapsed: breached decided today


@dataclass(frozen=True)
class RouteView:
    """The route a complaint of one kind takes, as the standard states it (or the law's)."""

    kind: str
    from_standard: bool
    first_instance: str | None
    period: object | None
    reassessment: object | None
    next_instance: str | None  # today's name of the body
    next_instance_as_written: str | None
    source: str
    note: str | None = None
    forms: tuple[str, ...] = ()
    representative_allowed: bool | None = None
    law_period: object | None = None
    law_reassessment: object | None = None
    period_shorter_than_law: bool = False
    law_fills_gaps: bool = False  # a decision route: the law's periods apply where it is silent


@dataclass
class ComplaintRow:
    complaint: Complaint
    is_open: bool
    route: RouteView | None
    deadlines: list[DeadlineRow] = field(default_factory=list)
    can_view: bool = False

    def _of(self, kind: str) -> DeadlineRow | None:
        return next((d for d in self.deadlines if d.deadline.kind == kind), None)

    @property
    def reassessment(self) -> DeadlineRow | None:
        return self._of("complaint_reassessment")

    @property
    def forwarding(self) -> DeadlineRow | None:
        return self._of("complaint_forwarding")


def is_open(complaint: Complaint) -> bool:
    return complaint.reassessed_on is None or bool(
        complaint.decision_kept and complaint.forwarded_on is None
    )


def route_for(standard, kind: str | None, route_id: str | None = None) -> RouteView | None:
    """The route the complaint service files a complaint of `kind` on (the standard's first route
    of that kind), or the law's route for decisions where the standard names none."""
    routes = standard.complaints.routes
    route = (
        next((r for r in routes if r.id == route_id), None)
        if route_id
        else next((r for r in routes if str(r.kind) == kind), None)
    )
    law = law_floor().complaints.social_decision
    if route is not None:
        shorter = route.period is not None and days(route.period) < days(law.period)
        return RouteView(
            kind=str(route.kind),
            from_standard=True,
            first_instance=route.first_instance,
            period=route.period,
            reassessment=route.reassessment,
            next_instance=current_body(route.next_instance),
            next_instance_as_written=route.next_instance,
            source=str(route.source),
            note=route.note,
            forms=tuple(route.forms),
            representative_allowed=route.representative_allowed,
            law_period=law.period,
            law_reassessment=law.reassessment,
            period_shorter_than_law=shorter,
            law_fills_gaps=route.kind in LAW_ROUTED,
        )
    if kind in LAW_ROUTED:
        return RouteView(
            kind=kind,
            from_standard=False,
            first_instance=None,
            period=law.period,
            reassessment=law.reassessment,
            next_instance=law.next_instance,
            next_instance_as_written=law.next_instance,
            source=law.citation,
            law_period=law.period,
            law_reassessment=law.reassessment,
        )
    return None


def forwarding_body(complaint: Complaint, standard) -> str:
    """The body a kept decision goes to, named as today (the same choice as
    `complaints.services.forward`)."""
    route = next((r for r in standard.complaints.routes if r.id == complaint.route_id), None)
    if route and route.next_instance:
        return current_body(route.next_instance)
    return law_floor().complaints.social_decision.next_instance


def _deadlines_by_complaint(
    municipality_id: int, complaints: list[Complaint], today: dt.date
) -> dict[int, list[DeadlineRow]]:
    if not complaints:
        return {}
    subjects = {f"complaint:{c.pk}": c.pk for c in complaints}
    rows = CourseDeadline.objects.filter(
        municipality_id=municipality_id, kind__in=COMPLAINT_DEADLINES, subject__in=list(subjects)
    )
    out: dict[int, list[DeadlineRow]] = {}
    for d in sorted(rows, key=lambda d: (COMPLAINT_DEADLINES.index(d.kind), d.id)):
        out.setdefault(subjects[d.subject], []).append(DeadlineRow(d, effective_status(d, today)))
    return out


def list_complaints(user, *, today: dt.date, page: int | str | None = 1):
    """The municipality's complaints, open ones first, newest first within each group, with
    their stored deadlines. Returns (page, rows). Five queries, whatever the number of rows."""
    if user.municipality_id is None or not may_list_complaints(user):
        raise AccessDenied("complaints.view_complaint")
    standard = user.municipality.standard()
    queryset = (
        Complaint.objects.filter(municipality_id=user.municipality_id)
        .filter(listed_for(user))
        .select_related("client")
        .annotate(
            open_rank=Case(When(OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("open_rank", "-received_on", "-id")
    )
    current: Page = Paginator(queryset, PER_PAGE).get_page(page)
    complaints = list(current.object_list)
    deadlines = _deadlines_by_complaint(user.municipality_id, complaints, today)
    log_reads(
        user,
        client_reads((c.client_id for c in complaints), "complaint_list"),
        purpose="complaints",
    )
    viewer = can(
        user,
        "complaints.view_complaint",
        Complaint(municipality_id=user.municipality_id, registered_by=user),
    )
    rows = [
        ComplaintRow(
            complaint=c,
            is_open=is_open(c),
            route=route_for(standard, c.kind, c.route_id),
            deadlines=deadlines.get(c.pk, []),
            # every complaint listed may be opened by those who view complaints (the list's
            # filter is the view rule's), without a query per row
            can_view=viewer,
        )
        for c in complaints
    ]
    return current, rows


def complaint_deadlines(complaint: Complaint, today: dt.date) -> list[DeadlineRow]:
    """The stored deadlines of a complaint the caller has already read through the service."""
    return _deadlines_by_complaint(complaint.municipality_id, [complaint], today).get(
        complaint.pk, []
    )


def client_for_complaint(user, client_id) -> tuple[Client, list[Decision]]:
    """The client a complaint is registered for, with the decisions of the client's courses it
    may be about (newest first). Needs the permission to register complaints; logs the read."""
    try:
        pk = int(client_id)
    except (TypeError, ValueError):
        raise NotFound("Client") from None
    client = Client.objects.filter(pk=pk, municipality_id=user.municipality_id).first()
    require(user, "complaints.register", client)
    decisions = list(
        Decision.objects.filter(
            municipality_id=client.municipality_id, application__contact_course__client=client
        )
        .select_related("application__contact_course")
        .order_by("-decided_on", "-id")
    )
    log_read(
        actor=user,
        municipality_id=client.municipality_id,
        client_id=client.pk,
        record_type="complaint_registration",
        record_id=client.pk,
        purpose="register complaint",
    )
    return client, decisions
