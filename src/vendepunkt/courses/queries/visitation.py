"""Reads of visitation that the services lack, for the web pages and the API: the forums' agendas,
and a course, an application or a decision loaded for one screen with its permission checked first
and the read logged (R48). Every function runs a fixed number of queries, whatever the amount of
data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from vendepunkt.accounts.access import AccessDenied, NotFound, require
from vendepunkt.accounts.permissions import caseworker, leader, treater
from vendepunkt.audit.services import client_reads, log_read, log_reads
from vendepunkt.courses.deadlines import effective_status
from vendepunkt.courses.guard import course_guard
from vendepunkt.courses.models import Application, ContactCourse, CourseDeadline, Decision
from vendepunkt.rules.calendar import earliest_decision

AGENDA_PERM = "visitation.view_agenda"
agenda_staff = caseworker | leader | treater
GUARANTEE = "treatment_guarantee"


@dataclass
class AgendaItem:
    application: Application
    service: object | None  # the standard's Service, None when the standard no longer has it
    guarantee: CourseDeadline | None
    guarantee_status: str  # open, breached, met, waived or "" without a guarantee

    @property
    def client(self):
        return self.application.contact_course.client


@dataclass
class ForumAgenda:
    forum: object  # the standard's Forum
    next_meeting: dt.date | None  # None: the standard states no computable calendar
    items: list[AgendaItem] = field(default_factory=list)


@dataclass
class Agenda:
    forums: list[ForumAgenda]
    without_forum: list[AgendaItem]  # services that name no forum (or are gone from the standard)
    unsent: list[Decision]  # decisions whose letter is not marked as sent


def _guarantees():
    return Prefetch(
        "contact_course__deadlines",
        queryset=CourseDeadline.objects.filter(kind=GUARANTEE).order_by("due", "id"),
        to_attr="guarantees",
    )


def _my_courses(user, prefix: str) -> Q:
    """Treaters see the courses of their teams and those not yet given to a team (the intake's),
    as the permission rule `course_in_my_teams` says; caseworkers and leaders see all."""
    if treater.test(user):
        return Q(**{f"{prefix}team__isnull": True}) | Q(**{f"{prefix}team_id__in": user.team_ids()})
    return Q()


def visitation_agenda(user, *, today: dt.date) -> Agenda:
    """For each forum of the municipality's standard: its next meeting and the applications
    without a decision whose service it grants; also the decisions whose letter is not sent.
    One read-log row per client listed."""
    if user.municipality_id is None or not agenda_staff.test(user):
        raise AccessDenied(AGENDA_PERM)
    standard = user.municipality.standard()
    applications = list(
        Application.objects.filter(municipality_id=user.municipality_id, decision__isnull=True)
        .filter(_my_courses(user, "contact_course__"))
        .select_related("contact_course__client")
        .prefetch_related(_guarantees())
        .order_by("applied_on", "id")
    )
    unsent = list(
        Decision.objects.filter(municipality_id=user.municipality_id, sent_on__isnull=True)
        .filter(_my_courses(user, "application__contact_course__"))
        .select_related("application__contact_course__client")
        .order_by("decided_on", "id")
    )
    forums = [
        ForumAgenda(forum=f, next_meeting=earliest_decision(f.schedule, today))
        for f in standard.visitation.forums
    ]
    by_id = {f.forum.id: f for f in forums}
    without_forum: list[AgendaItem] = []
    for application in applications:
        service = standard.service(application.service_id)
        guarantee = next(iter(application.contact_course.guarantees), None)
        item = AgendaItem(
            application=application,
            service=service,
            guarantee=guarantee,
            guarantee_status=effective_status(guarantee, today) if guarantee else "",
        )
        targets = [by_id[f] for f in (service.granted_by if service else ()) if f in by_id]
        for target in targets:
            target.items.append(item)
        if not targets:
            without_forum.append(item)
    clients = {a.contact_course.client_id for a in applications} | {
        d.application.contact_course.client_id for d in unsent
    }
    log_reads(user, client_reads(clients, "visitation_agenda"), purpose="visitation_agenda")
    return Agenda(forums=forums, without_forum=without_forum, unsent=unsent)


def course_for(user, course_id: int, perm: str, *, purpose: str) -> ContactCourse:
    """A contact course for a screen that needs `perm` on it: refused before anything is read,
    and the read logged once allowed."""
    course = (
        ContactCourse.objects.select_related("client", "municipality")
        .filter(pk=course_id, municipality_id=user.municipality_id)
        .first()
    )
    require(user, perm, course_guard(course))
    log_read(
        actor=user,
        municipality_id=course.municipality_id,
        client_id=course.client_id,
        record_type="contact_course",
        record_id=course.pk,
        purpose=purpose,
    )
    return course


def application_for(user, application_id: int, perm: str, *, purpose: str) -> Application:
    application = (
        Application.objects.select_related(
            "contact_course__client", "contact_course__municipality", "decision"
        )
        .filter(pk=application_id, municipality_id=user.municipality_id)
        .first()
    )
    require(user, perm, course_guard(application.contact_course) if application else None)
    course = application.contact_course
    log_read(
        actor=user,
        municipality_id=course.municipality_id,
        client_id=course.client_id,
        record_type="application",
        record_id=application.pk,
        purpose=purpose,
    )
    return application


def load_decision(user, decision_id: int) -> Decision:
    """A decision of the user's municipality with what its letter needs; no permission checked
    and nothing logged: for a service that checks and logs itself (the PDF letter)."""
    decision = (
        Decision.objects.select_related(
            "application__contact_course__client",
            "application__contact_course__municipality",
            "application__contact_course__team__centre",
            "decided_by",
            "standard_version",
        )
        .filter(pk=decision_id, municipality_id=user.municipality_id)
        .first()
    )
    if decision is None:
        raise NotFound("Decision")
    return decision


def decision_for(user, decision_id: int, perm: str, *, purpose: str) -> Decision:
    decision = load_decision(user, decision_id)
    course = decision.application.contact_course
    require(user, perm, course_guard(course))
    log_read(
        actor=user,
        municipality_id=course.municipality_id,
        client_id=course.client_id,
        record_type="decision",
        record_id=decision.pk,
        purpose=purpose,
    )
    return decision


def course_applications(course: ContactCourse) -> list[Application]:
    """The applications of a course the caller has already been allowed to read, with decisions."""
    return list(
        Application.objects.filter(contact_course=course)
        .select_related("decision")
        .order_by("applied_on", "id")
    )


def course_guarantee(course: ContactCourse) -> CourseDeadline | None:
    return (
        CourseDeadline.objects.filter(contact_course=course, kind=GUARANTEE)
        .order_by("due", "id")
        .first()
    )
