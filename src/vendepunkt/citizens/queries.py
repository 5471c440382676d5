"""Reads of citizens that the services lack, for the web pages, the API and the command line: a
name search, a look-up by anonymous code and the citizen page (relatives, contact courses and the
timeline of every event and deadline). The citizen's access log is in `audit.queries`.

Each function checks permission (`require`, or the role through `rules.has_perm` within the
user's municipality) and writes one read-log entry per client whose personal data it returns, in
one query (`audit.services.log_reads`). Each runs a fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import rules
from django.db import connection
from django.db.models import Prefetch, Q
from django.utils import timezone

from vendepunkt.accounts.access import require
from vendepunkt.audit.services import log_read, log_reads
from vendepunkt.citizens.models import Client
from vendepunkt.courses.deadlines import effective_status
from vendepunkt.courses.guard import course_guard
from vendepunkt.courses.models import Application, ContactCourse, ResidentialStay

NAME_RESULTS = 50


def _probe(user) -> Client:
    """What the permission rules see of "a client of my municipality" before one is chosen."""
    return Client(municipality_id=user.municipality_id)


def require_client(user, client_id: int, perm: str) -> Client:
    """A client of the user's municipality on which the user holds `perm`, without reading any of
    its data (no read-log entry): for refusing early, before a page reads and logs."""
    client = Client.objects.filter(pk=client_id, municipality_id=user.municipality_id).first()
    require(user, perm, client)
    return client


# --- search -----------------------------------------------------------------------------------


@dataclass
class NameResults:
    clients: list[Client]
    more: bool  # more than NAME_RESULTS matched: the user should narrow the search


def search_by_name(user, text: str, *, purpose: str) -> NameResults:
    """Identified clients of the user's municipality whose name contains `text` (case-insensitive),
    at most NAME_RESULTS. The search itself and every client listed are logged."""
    require(user, "citizens.view_client", _probe(user))
    text = " ".join(text.split())
    if connection.vendor == "sqlite":
        # SQLite's LIKE folds ASCII letters only; its REGEXP is Python's re, which folds Æ, Ø, Å.
        match = Q(name__iregex=re.escape(text))
    else:
        match = Q(name__icontains=text)
    found = list(
        Client.objects.filter(
            match, municipality_id=user.municipality_id, anonymous=False
        ).order_by("name", "id")[: NAME_RESULTS + 1]
    )
    shown = found[:NAME_RESULTS]
    log_reads(
        user,
        [(None, "client_search", "name")] + [(c.pk, "client_search", c.pk) for c in shown],
        purpose=purpose,
    )
    return NameResults(clients=shown, more=len(found) > NAME_RESULTS)


def find_by_code(user, code: str, *, purpose: str) -> Client | None:
    """An anonymous client by its exact code (case-insensitive); the search is logged."""
    require(user, "citizens.view_client", _probe(user))
    client = Client.objects.filter(
        municipality_id=user.municipality_id, anonymous=True, code=code.strip().upper()
    ).first()
    log_read(
        actor=user,
        municipality_id=user.municipality_id,
        client_id=client.pk if client else None,
        record_type="client_search",
        record_id=client.pk if client else "code",
        purpose=purpose,
    )
    return client


# --- the citizen page ---------------------------------------------------------------------------


def _treatment(course: ContactCourse):
    try:
        return course.treatment
    except ContactCourse.treatment.RelatedObjectDoesNotExist:
        return None


@dataclass
class CourseRow:
    course: ContactCourse
    status: str  # open, in_treatment, discharged, closed, merged
    treatment: Any
    show_assessments: bool


@dataclass
class Event:
    """One line of the timeline: an event of a course or one of its stored deadlines."""

    on: dt.date | None
    kind: str
    course_id: int | None
    obj: Any
    at: dt.datetime | None = None
    status: str = ""  # deadlines: the effective status (breached decided on read)
    rank: int = 0


@dataclass
class CitizenPage:
    client: Client
    relative_of: Client | None
    linked_to: Client | None
    relatives: list[Client]
    linked_anonymous: list[Client]
    courses: list[CourseRow] = field(default_factory=list)
    hidden_courses: int = 0
    events: list[Event] = field(default_factory=list)
    complaints_shown: bool = False
    assessments_hidden: bool = False


# The order of events on the same day: what happens first in a course comes first.
RANK = {
    kind: n
    for n, kind in enumerate(
        (
            "contact",
            "counselling",
            "assessment",
            "application",
            "decision",
            "waiver",
            "treatment_start",
            "plan",
            "appointment",
            "review",
            "stay",
            "status_meeting",
            "course_event",
            "discharge",
            "follow_up",
            "complaint",
            "deadline",
        )
    )
}


def course_status(course: ContactCourse, treatment) -> str:
    if course.merged_into_id:
        return "merged"
    if treatment is not None:
        return "discharged" if treatment.discharged_on else "in_treatment"
    return "closed" if course.closed_on else "open"


def citizen_page(user, client: Client, *, today: dt.date, purpose: str) -> CitizenPage:
    """Everything the citizen page shows besides the identity (read with `get_client`): related
    clients, the contact courses the user may see and the timeline of their events and deadlines.
    Assessments only for roles that may see them; complaints likewise. A fixed number of queries;
    one read-log entry per course, per course's assessments, per complaint and per related client."""
    require(user, "citizens.view_client", client)
    related = list(
        Client.objects.filter(
            Q(relative_of_id=client.pk)
            | Q(linked_to_id=client.pk)
            | Q(pk__in=[pk for pk in (client.relative_of_id, client.linked_to_id) if pk])
        )
        .filter(municipality_id=client.municipality_id)
        .order_by("anonymous", "name", "code", "id")
    )
    page = CitizenPage(
        client=client,
        relative_of=next((c for c in related if c.pk == client.relative_of_id), None),
        linked_to=next((c for c in related if c.pk == client.linked_to_id), None),
        relatives=[c for c in related if c.relative_of_id == client.pk],
        linked_anonymous=[c for c in related if c.linked_to_id == client.pk],
    )
    log = [(c.pk, "client", c.pk) for c in related]

    all_courses = list(
        ContactCourse.objects.filter(client=client, municipality_id=client.municipality_id)
        .select_related("treatment", "treatment__team", "treatment__discharge", "team")
        .order_by("-opened_on", "-id")
    )
    visible = [
        c for c in all_courses if rules.has_perm("courses.view_course", user, course_guard(c))
    ]
    page.hidden_courses = len(all_courses) - len(visible)
    assessable = {
        c.pk for c in visible if rules.has_perm("courses.view_assessment", user, course_guard(c))
    }
    page.assessments_hidden = len(assessable) < len(visible)
    _prefetch(visible, with_assessments=bool(assessable))
    for course in visible:
        treatment = _treatment(course)
        page.courses.append(
            CourseRow(
                course=course,
                status=course_status(course, treatment),
                treatment=treatment,
                show_assessments=course.pk in assessable,
            )
        )
        page.events.extend(_course_events(course, treatment, course.pk in assessable, today))
        log.append((client.pk, "contact_course", course.pk))
        if course.pk in assessable and course.assessments.all():
            log.append((client.pk, "assessments", course.pk))

    if rules.has_perm("complaints.view_complaint", user, client):
        page.complaints_shown = True
        visible_ids = {c.pk for c in visible}
        for complaint in client.complaints.filter(municipality_id=client.municipality_id).order_by(
            "received_on", "id"
        ):
            if complaint.contact_course_id is not None and complaint.contact_course_id not in (
                visible_ids
            ):
                continue
            if complaint.contact_course_id is None and not rules.has_perm(
                "complaints.view_complaint", user, complaint
            ):
                continue  # a complaint about no course: its registrar and case staff only
            page.events.append(
                Event(complaint.received_on, "complaint", complaint.contact_course_id, complaint)
            )
            log.append((client.pk, "complaint", complaint.pk))

    page.events.sort(key=_event_key)
    log_reads(user, log, purpose=purpose)
    return page


def course_events(
    user,
    client: Client,
    *,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    purpose: str,
) -> list[Event]:
    """The events of the courses the user may see, from `since` to `until` (inclusive, either
    open), for the journal's timeline (issue 13 § 1): what happened, not the deadlines ahead.
    Assessments only for roles that may see them. The same fixed number of queries as the
    citizen page; one read-log entry per course whose events are shown."""
    require(user, "citizens.view_client", client)
    courses = [
        c
        for c in ContactCourse.objects.filter(client=client, municipality_id=client.municipality_id)
        .select_related("treatment", "treatment__team", "treatment__discharge", "team")
        .order_by("-opened_on", "-id")
        if rules.has_perm("courses.view_course", user, course_guard(c))
    ]
    assessable = {
        c.pk for c in courses if rules.has_perm("courses.view_assessment", user, course_guard(c))
    }
    _prefetch(courses, with_assessments=bool(assessable))
    events: list[Event] = []
    log = []
    for course in courses:
        found = [
            e
            for e in _course_events(course, _treatment(course), course.pk in assessable, today)
            if e.kind != "deadline"
            and e.on is not None
            and (since is None or e.on >= since)
            and (until is None or e.on <= until)
        ]
        if found:
            events.extend(found)
            log.append((client.pk, "contact_course", course.pk))
    events.sort(key=_event_key, reverse=True)
    if log:
        log_reads(user, log, purpose=purpose)
    return events


def _event_key(event: Event):
    at = timezone.localtime(event.at).time() if event.at else dt.time(0)
    return (event.on or dt.date.max, RANK[event.kind], at, event.course_id or 0)


def _prefetch(courses: list[ContactCourse], *, with_assessments: bool) -> None:
    from django.db.models import prefetch_related_objects

    lookups = [
        "contacts",
        "counselling_talks",
        Prefetch(
            "applications",
            queryset=Application.objects.select_related("decision").order_by("applied_on", "id"),
        ),
        "waivers",
        "deadlines",
    ]
    if with_assessments:
        lookups.append("assessments")
    treatments = [t for t in (_treatment(c) for c in courses) if t is not None]
    prefetch_related_objects(courses, *lookups)
    prefetch_related_objects(
        treatments,
        "plan_versions",
        "plan_reviews",
        "appointments",
        "follow_ups",
        "events",
        Prefetch(
            "stays",
            queryset=ResidentialStay.objects.select_related("provider").prefetch_related(
                "meetings"
            ),
        ),
    )


def _course_events(course, treatment, with_assessments: bool, today: dt.date) -> list[Event]:
    pk = course.pk
    out = [
        Event(timezone.localdate(c.at), "contact", pk, c, at=c.at) for c in course.contacts.all()
    ]
    out += [Event(t.held_on, "counselling", pk, t) for t in course.counselling_talks.all()]
    if with_assessments:
        out += [Event(a.assessed_on, "assessment", pk, a) for a in course.assessments.all()]
    for application in course.applications.all():
        out.append(Event(application.applied_on, "application", pk, application))
        decision = getattr(application, "decision", None)
        if decision is not None:
            out.append(Event(decision.decided_on, "decision", pk, decision))
    out += [Event(w.on, "waiver", pk, w) for w in course.waivers.all()]
    if treatment is not None:
        out.append(Event(treatment.start_on, "treatment_start", pk, treatment))
        out += [Event(p.made_on, "plan", pk, p) for p in treatment.plan_versions.all()]
        out += [Event(r.on, "review", pk, r) for r in treatment.plan_reviews.all()]
        out += [
            Event(timezone.localdate(a.at), "appointment", pk, a, at=a.at)
            for a in treatment.appointments.all()
        ]
        for stay in treatment.stays.all():
            out.append(Event(stay.start_on, "stay", pk, stay))
            out += [Event(m.held_on, "status_meeting", pk, m) for m in stay.meetings.all()]
        out += [Event(e.on, "course_event", pk, e) for e in treatment.events.all()]
        discharge = getattr(treatment, "discharge", None) if treatment.discharged_on else None
        if discharge is not None:
            out.append(Event(discharge.on, "discharge", pk, discharge))
        out += [Event(f.on, "follow_up", pk, f) for f in treatment.follow_ups.all()]
    out += [
        Event(d.due or d.trigger, "deadline", pk, d, status=effective_status(d, today))
        for d in course.deadlines.all()
    ]
    return out
