"""Deadlines of a contact course: the records turned into the pure engine's facts, the computed
deadlines stored (`refresh`, called by every service after a change, in the same transaction),
and the worklists read from them.

Whether an open deadline is breached is decided when it is read (`due < today`), so the
worklists are right on any day without a scheduled job; `refresh` is needed only when the facts
of a course change.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, Q
from django.utils import timezone

from vendepunkt.rules import deadlines as engine
from vendepunkt.rules.law import law_floor

from .models import ContactCourse, CourseDeadline

OPEN = "open"


def _notification_checked_on(course: ContactCourse, treatment) -> dt.date | None:
    """The last day the notification check was done: recorded on the client, or a
    child-welfare notification recorded in the course (Barnets Lov § 133)."""
    days = [course.client.notification_checked_on]
    if treatment is not None:
        days.append(
            treatment.events.filter(kind="child_welfare_notification")
            .order_by("-on")
            .values_list("on", flat=True)
            .first()
        )
    return max((d for d in days if d is not None), default=None)


def facts(course: ContactCourse, treatment=None) -> engine.Course | None:
    """The engine's view of a course, or None for a course with no request for treatment (only
    counselling), which has no treatment deadlines. `treatment` is the course's treatment course
    when the caller has read it already."""
    from vendepunkt.complaints.models import Complaint

    if course.request_on is None:
        return None
    if treatment is None:
        treatment = _treatment(course)
    applications = list(
        course.applications.select_related("decision")
        .prefetch_related("decision__extensions")
        .order_by("applied_on", "id")
    )
    decisions = [a for a in applications if _decision(a) is not None]
    complaints = Complaint.objects.filter(contact_course=course, decision__isnull=False).order_by(
        "received_on", "id"
    )
    return engine.Course(
        legal_basis=course.legal_track,
        requested_on=course.request_on,
        personal_attendance_on=course.personal_attendance_on,
        open_counselling_on=_first(
            course.counselling_talks.filter(kind="open").order_by("held_on"), "held_on"
        ),
        doctor_consultation_on=_doctor_on(course, treatment),
        first_appointment_on=_first_appointment_on(course, treatment),
        treatment_started_on=treatment.start_on if treatment else None,
        plans=tuple(
            engine.TreatmentPlan(made_on=p.made_on, agreed_period_end=p.agreed_until)
            for p in treatment.plan_versions.order_by("version")
        )
        if treatment
        else (),
        reviews=tuple(r.on for r in treatment.plan_reviews.order_by("on")) if treatment else (),
        service_changes=tuple(
            h.on for h in treatment.history.filter(status="services_changed").order_by("on")
        )
        if treatment
        else (),
        discharge=engine.Discharge(on=treatment.discharge.on, status=treatment.discharge.status)
        if treatment and treatment.discharged_on
        else None,
        follow_ups=tuple(
            engine.FollowUpRecord(
                held_on=f.on, reached=f.reached, result=f.result or None, subject=f.subject
            )
            for f in treatment.follow_ups.order_by("on")
        )
        if treatment
        else (),
        applications=tuple(
            engine.Application(
                id=str(a.pk),
                service=a.service_id,
                applied_on=a.applied_on,
                decided_on=a.decision.decided_on if _decision(a) is not None else None,
            )
            for a in applications
        ),
        decisions=tuple(
            engine.Decision(
                id=str(a.decision.pk),
                legal_basis=a.decision.legal_basis,
                made_on=a.decision.decided_on,
                sent_on=a.decision.sent_on,
                complaint_guidance=bool(a.decision.complaint_guidance),
                sent_by=a.decision.sent_by or None,
            )
            for a in decisions
        ),
        complaints=tuple(
            engine.Complaint(
                id=str(c.pk),
                decision=str(c.decision_id),
                received_on=c.received_on,
                reassessed_on=c.reassessed_on,
                decision_kept=c.decision_kept,
                forwarded_on=c.forwarded_on,
            )
            for c in complaints
        ),
        stays=tuple(
            _stay(s)
            for s in treatment.stays.prefetch_related("meetings").order_by("start_on", "id")
        )
        if treatment
        else (),
        grants=tuple(
            engine.Grant(
                id=str(a.decision.pk),
                service=a.service_id,
                granted_on=a.decision.decided_on,
                ends_on=a.decision.valid_until,
                extended_on=_extended_on(a.decision),
            )
            for a in decisions
            if a.decision.outcome != "refusal"
        ),
        waivers=tuple(
            engine.Waiver(kind=w.kind, reason=w.reason, recorded_on=w.on)
            for w in course.waivers.order_by("on")
        ),
        closed_on=course.end_noted_on or course.closed_on,
        notification_flagged_on=course.client.notification_flagged_on,
        notification_checked_on=_notification_checked_on(course, treatment),
        **_attendance(course),
    )


def _attendance(course: ContactCourse) -> dict:
    """R27: the course's no-shows with the active contact after each, and the days attended."""
    rows = course.appointments.filter(status__in=("no_show", "attended")).order_by("at", "id")
    no_shows, attended = [], []
    for a in rows.only("id", "at", "status", "contacted_on"):
        day = timezone.localtime(a.at).date()
        if a.status == "no_show":
            no_shows.append(engine.NoShow(id=str(a.pk), on=day, contacted_on=a.contacted_on))
        else:
            attended.append(day)
    return {"no_shows": tuple(no_shows), "attended_on": tuple(attended)}


def _treatment(course: ContactCourse):
    from .models import TreatmentCourse

    return TreatmentCourse.objects.filter(contact_course=course).select_related("discharge").first()


def _decision(application):
    try:
        return application.decision
    except ObjectDoesNotExist:
        return None


def _first(queryset, field: str):
    item = queryset.first()
    return getattr(item, field) if item else None


def _doctor_on(course: ContactCourse, treatment):
    talk = course.counselling_talks.filter(kind="doctor").order_by("held_on").first()
    if talk:
        return talk.held_on
    booked = course.doctor_consultations.filter(status="attended").order_by("at").first()
    if booked:  # booked before treatment and held (SUL § 142)
        return timezone.localtime(booked.at).date()
    if treatment is None:
        return None
    record = treatment.medical_records.filter(kind="doctor_consultation").order_by("on").first()
    return record.on if record else None


def _first_appointment_on(course: ContactCourse, treatment):
    """The first talk or session held with the citizen: a counselling talk, an attended
    appointment or the treatment start."""
    days = [_first(course.counselling_talks.order_by("held_on"), "held_on")]
    if treatment is not None:
        days.append(treatment.start_on)
    # an appointment attended before treatment started counts too (the calendar, issue 13 § 3)
    attended = course.appointments.filter(status="attended").order_by("at").first()
    days.append(attended.at.date() if attended else None)
    return min((d for d in days if d is not None), default=None)


def _extended_on(decision):
    days = [e.decided_on for e in decision.extensions.all()]  # prefetched
    return min(days) if days else None


def _stay(stay) -> engine.Stay:
    held = {m.kind: m.held_on for m in stay.meetings.all()}
    return engine.Stay(
        id=str(stay.pk),
        starts_on=stay.start_on,
        ends_on=stay.end_on,
        before_meeting_on=held.get("before"),
        midway_meeting_on=held.get("midway"),
        final_meeting_on=held.get("final"),
    )


STORED = (
    "team_id",
    "treater_id",
    "trigger",
    "due",
    "closed_on",
    "status",
    "at_risk_from",
    "standard_due",
    "citation",
    "source",
    "reason_da",
    "reason_en",
)


def _no_show_treaters(wanted: dict) -> None:
    """The active contact after a no-show (R27) is the task of the treater the citizen did not
    come to (the appointment's first staff member who is a treater), so it stands on their own
    worklist also before treatment starts; the primary treater's otherwise. One query."""
    ids = {
        int(subject.removeprefix("no_show:")): key
        for key in wanted
        if (subject := key[0]).startswith("no_show:") and key[1] == "no_show_contact"
    }
    if not ids:
        return
    from .models import Appointment

    through = Appointment.staff.through.objects.filter(
        appointment_id__in=ids, user__role="treater"
    ).order_by("appointment_id", "id")
    for appointment_id, user_id in through.values_list("appointment_id", "user_id"):
        values = wanted[ids[appointment_id]]
        if not values.get("_staffed"):
            values["treater_id"], values["_staffed"] = user_id, True
    for key in ids.values():
        wanted[key].pop("_staffed", None)


def refresh(course: ContactCourse, today: dt.date) -> list[CourseDeadline]:
    """Recompute and store the course's deadlines. Call inside the service's transaction.

    A deadline keeps its row (and id) from one change to the next: rows whose values changed are
    updated, new deadlines inserted and vanished ones deleted, so a change of a course writes only
    what changed (at most three statements)."""
    treatment = _treatment(course)
    course_facts = facts(course, treatment)
    computed = (
        ()
        if course_facts is None
        else engine.compute_deadlines(
            course_facts, course.municipality.standard(), law_floor(), today
        )
    )
    wanted = {
        (d.subject, d.kind): {
            "team_id": treatment.team_id if treatment else course.team_id,
            "treater_id": treatment.primary_treater_id if treatment else None,
            "trigger": d.trigger,
            "due": d.due,
            "closed_on": d.closed_on,
            "status": OPEN
            if d.status in ("open", "breached") and d.closed_on is None
            else d.status,
            "at_risk_from": d.at_risk_from,
            "standard_due": d.standard_due,
            "citation": d.citation or "",
            "source": d.source or "",
            "reason_da": d.reason_da,
            "reason_en": d.reason_en,
        }
        for d in computed
    }
    _no_show_treaters(wanted)
    existing = {
        (r.subject, r.kind): r for r in CourseDeadline.objects.filter(contact_course=course)
    }
    changed, created = [], []
    for (subject, kind), values in wanted.items():
        row = existing.pop((subject, kind), None)
        if row is None:
            created.append(
                CourseDeadline(
                    municipality_id=course.municipality_id,
                    contact_course=course,
                    subject=subject,
                    kind=kind,
                    **values,
                )
            )
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
    if existing:
        CourseDeadline.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()
    if changed:
        CourseDeadline.objects.bulk_update(changed, STORED)
    CourseDeadline.objects.bulk_create(created)
    return list(CourseDeadline.objects.filter(contact_course=course).order_by("id"))


# Deadlines that are not tasks for staff: the citizen's period to complain runs by itself. They
# stand on the course page and the citizen's timeline, not on a worklist (docs/decisions.md).
NOT_TASKS = ("complaint_period",)

# Whose work each kind of deadline is (issue 13 § 5, D104): a role's worklist holds the kinds it
# acts on, so the visitation caseworker is not handed the treaters' plan reviews. The centre
# leader sees every kind (oversight). A kind not named here (a new one) goes to the treater and
# the leader: it is never hidden from everyone.
WORK_OF: dict[str, frozenset[str]] = {
    "treater": frozenset(
        {
            "treatment_guarantee",
            "open_counselling",
            "plan_at_start",
            "plan_review",
            "follow_up",
            "residential_status_meeting",
            "grant_expiry",
            "first_appointment",
            "notification_check",
            "no_show_contact",
        }
    ),
    "visitation_caseworker": frozenset(
        {
            "treatment_guarantee",
            "decision",
            "forum_meeting",
            "grant_expiry",
            "complaint_reassessment",
            "complaint_forwarding",
        }
    ),
    "doctor": frozenset({"doctor_consultation"}),
    "nurse": frozenset({"doctor_consultation"}),
    "secretary": frozenset({"first_appointment", "doctor_consultation"}),
}
ALL_KINDS = frozenset(k for kinds in WORK_OF.values() for k in kinds)
# The scopes each role has: "mine" only where the system records whose the work is (a treater
# is a course's primary treater; no other role is assigned to a course), the municipality only
# for the roles that see every course.
SCOPES_OF: dict[str, tuple[str, ...]] = {
    "treater": ("mine", "team"),
    "centre_leader": ("team", "centre", "all"),
    "visitation_caseworker": ("centre", "all"),
    "secretary": ("team", "centre", "all"),
    "doctor": ("team", "centre", "all"),
    "nurse": ("team", "centre", "all"),
}
STATUSES = ("breached", "at_risk", "open")
ORDERS = ("urgency", "due")


def kinds_for(role: str) -> frozenset[str] | None:
    """The deadline kinds that are `role`'s work; None for every kind (the centre leader)."""
    if role == "centre_leader":
        return None
    return WORK_OF.get(role, frozenset())


def scopes_for(user) -> tuple[str, ...]:
    """The worklists `user` has, the default first: a treater's own; else their centre, their
    teams and the municipality. Without a team only "all" (and "mine" for a treater): a team or
    centre list of no team would always be empty."""
    scopes = SCOPES_OF.get(user.role or "", ())
    if not user.team_ids():
        scopes = tuple(s for s in scopes if s not in ("team", "centre"))
    first = "mine" if "mine" in scopes else "centre" if "centre" in scopes else None
    return tuple(sorted(scopes, key=lambda s: s != first)) if first else scopes


def _require_worklist(user, scope: str) -> None:
    from vendepunkt.accounts.access import AccessDenied, can

    if not user.is_authenticated or user.municipality_id is None or not user.role:
        raise AccessDenied("courses.view_worklist")
    if not can(user, "courses.view_worklist", CourseDeadline(municipality_id=user.municipality_id)):
        raise AccessDenied("courses.view_worklist")  # administrators and auditors have none
    if scope not in ("mine", "team", "centre", "all"):
        raise ValueError(f"unknown scope {scope!r}")
    if scope not in scopes_for(user):
        raise AccessDenied("courses.view_worklist")


def _in_scope(user, rows, scope: str):
    """`rows` (open deadlines of the user's municipality) narrowed to the scope and to what the
    user may see (issue 10 § 1): a treater only the courses of their teams and those no team has
    yet (the rule `course_in_my_teams`); the other roles that have a worklist see every course."""
    if scope == "mine":
        rows = rows.filter(treater=user)
    elif scope == "team":
        rows = rows.filter(team_id__in=user.team_ids())
    elif scope == "centre":
        rows = rows.filter(team__centre__in=user.teams.values("centre"))
    if user.role == "treater":
        rows = rows.filter(Q(team_id__in=user.team_ids()) | Q(team__isnull=True))
    return rows


def worklist(
    user,
    *,
    scope: str,
    today: dt.date,
    limit: int = 200,
    kinds: tuple[str, ...] | list[str] = (),
    status: str = "",
    treater_id: int | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    order: str = "urgency",
):
    """Open deadlines for a user ("mine"), their teams ("team"), their teams' centres ("centre")
    or the municipality ("all"), of the kinds that are the user's work (`WORK_OF`), optionally
    of some kinds only, one status (breached, at risk, open), one treater and a due range;
    ordered by urgency (breached first, then at risk, then by due date) or by due date.

    Each urgency group is read on its own, in index order, and reading stops when the page is
    full, so the time does not grow with the open deadlines in scope (a single query ordered by a
    today-dependent urgency would sort all of them). At most five queries, whatever the number of
    courses: the user's teams, up to three groups, and the read log."""
    _require_worklist(user, scope)
    if status and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}")
    rows = _in_scope(
        user,
        CourseDeadline.objects.filter(municipality_id=user.municipality_id, status=OPEN),
        scope,
    )
    own = kinds_for(user.role)
    wanted = set(kinds) if kinds else None
    if user.role == "treater":
        # the treater's kinds and any kind no role names (a new one): the others' are left out
        rows = rows.exclude(kind__in=sorted(ALL_KINDS - (own or frozenset())))
    elif own is not None:
        wanted = (wanted & own) if wanted is not None else set(own)
    if wanted is not None:
        rows = rows.filter(kind__in=sorted(wanted))
    rows = rows.exclude(kind__in=NOT_TASKS)
    if treater_id is not None:
        rows = rows.filter(treater_id=treater_id)
    if due_from is not None:
        rows = rows.filter(due__gte=due_from)
    if due_to is not None:
        rows = rows.filter(due__lte=due_to)
    rows = rows.select_related("contact_course__client", "contact_course__treatment", "treater")
    at_risk = Q(at_risk_from__lte=today)
    breached = rows.filter(due__lt=today)
    risky = rows.filter(at_risk, due__gte=today)
    calm = rows.filter(Q(at_risk_from__isnull=True) | Q(at_risk_from__gt=today)).filter(
        Q(due__gte=today) | Q(due__isnull=True)
    )
    if status == "breached":
        groups = [breached]
    elif status == "at_risk":
        groups = [risky]
    elif status == "open":
        groups = [calm]
    elif order == "due":
        groups = [rows]
    else:
        groups = [breached, risky, calm]
    items: list[CourseDeadline] = []
    for group in groups:
        items.extend(group.order_by(F("due").asc(nulls_last=True), "id")[: limit - len(items)])
        if len(items) >= limit:
            break
    _log_worklist_reads(user, items)
    return items


def caseload(user, *, scope: str, today: dt.date) -> list[dict]:
    """A caseload view for leaders (issue 13 § 5): per treater in scope, the open treatment
    courses they are the primary treater of and their open deadlines: how many, breached, at risk
    and the next due date. Aggregated in the database: three queries whatever the number of
    courses (teams, deadlines, courses); no client is shown, so nothing is read-logged."""
    from django.db.models import Count, Min

    from vendepunkt.accounts.access import AccessDenied
    from vendepunkt.accounts.models import User

    from .models import TreatmentCourse

    _require_worklist(user, scope)
    if user.role not in ("centre_leader",):
        raise AccessDenied("courses.view_worklist")
    treaters = User.objects.filter(
        municipality_id=user.municipality_id, role="treater", is_active=True
    )
    if scope == "team":
        treaters = treaters.filter(teams__in=user.team_ids())
    elif scope == "centre":
        treaters = treaters.filter(teams__centre__in=user.teams.values("centre"))
    deadlines = (
        CourseDeadline.objects.filter(
            municipality_id=user.municipality_id, status=OPEN, treater__in=treaters
        )
        .exclude(kind__in=NOT_TASKS)
        .values("treater_id")
        .annotate(
            open=Count("id"),
            breached=Count("id", filter=Q(due__lt=today)),
            at_risk=Count("id", filter=Q(at_risk_from__lte=today, due__gte=today)),
            next_due=Min("due", filter=Q(due__gte=today)),
        )
    )
    by_treater = {row["treater_id"]: row for row in deadlines}
    courses = dict(
        TreatmentCourse.objects.filter(
            municipality_id=user.municipality_id,
            discharged_on__isnull=True,
            primary_treater__in=treaters,
        )
        .values("primary_treater_id")
        .annotate(n=Count("id"))
        .values_list("primary_treater_id", "n")
    )
    rows = []
    for treater in treaters.distinct().order_by("first_name", "last_name", "username"):
        d = by_treater.get(treater.pk, {})
        rows.append(
            {
                "treater": treater,
                "courses": courses.get(treater.pk, 0),
                "open": d.get("open", 0),
                "breached": d.get("breached", 0),
                "at_risk": d.get("at_risk", 0),
                "next_due": d.get("next_due"),
            }
        )
    return rows


def _log_worklist_reads(user, items) -> None:
    """A worklist shows who the clients are: one read-log row per client listed (R48), in one query."""
    from vendepunkt.audit.services import client_reads, log_reads

    clients = {d.contact_course.client_id for d in items}
    log_reads(user, client_reads(clients, "worklist"), purpose="worklist")


def effective_status(deadline: CourseDeadline, today: dt.date) -> str:
    """The status on `today`: an open deadline past its due date is breached, except the
    citizen's complaint period, which has lapsed (nothing is owed when it runs out)."""
    if deadline.status == OPEN and deadline.due is not None and deadline.due < today:
        return "lapsed" if deadline.kind in NOT_TASKS else "breached"
    return deadline.status


def dose_behind(user, *, scope: str, today: dt.date, limit: int = 50) -> list[dict]:
    """Active services in the user's worklist scope whose course has fallen behind the planned
    minimum frequency (issue 12 § 3): the service's `frequency.min` against the attended talks and
    sessions since it started. Same scope and need-to-know rules as `worklist`; the clients listed
    are read-logged. Three queries, whatever the number of courses."""
    from vendepunkt.rules import grants as grant_rules

    from .models import Appointment, CourseService

    _require_worklist(user, scope)
    if user.role not in ("treater", "centre_leader"):
        return []  # the dose is the treater's work (WORK_OF), overseen by the leader
    standard = user.municipality.standard()
    paced = [s.id for s in standard.services if s.frequency and s.frequency.min]
    rows = CourseService.objects.filter(
        municipality_id=user.municipality_id,
        service_id__in=paced,
        end_on__isnull=True,
        start_on__lt=today,
        treatment__discharged_on__isnull=True,
    )
    if scope == "mine":
        rows = rows.filter(treatment__primary_treater=user)
    elif scope in ("team",) or user.role == "treater":
        rows = rows.filter(treatment__team_id__in=user.team_ids())
    elif scope == "centre":
        rows = rows.filter(treatment__team__centre__in=user.teams.values("centre"))
    elif scope != "all":
        raise ValueError(f"unknown scope {scope!r}")
    services = list(
        rows.select_related("treatment__contact_course__client").order_by("start_on", "id")[:500]
    )
    held: dict[int, list[dt.date]] = {}
    for appointment in Appointment.objects.filter(
        treatment_id__in={cs.treatment_id for cs in services},
        status="attended",
        kind__in=grant_rules.SESSION_KINDS,
    ).only("treatment_id", "at"):
        held.setdefault(appointment.treatment_id, []).append(
            timezone.localtime(appointment.at).date()
        )
    found: list[dict] = []
    for cs in services:
        service = standard.service(cs.service_id)
        if service is None:
            continue
        days = [d for d in held.get(cs.treatment_id, []) if d >= cs.start_on]
        reason = grant_rules.dose_behind(service, cs.start_on, days, today)
        if reason is not None:
            found.append({"course_service": cs, "reason": reason})
            if len(found) >= limit:
                break
    from vendepunkt.audit.services import client_reads, log_reads

    clients = {r["course_service"].treatment.contact_course.client_id for r in found}
    if clients:
        log_reads(user, client_reads(clients, "worklist"), purpose="worklist")
    return found
