"""Reads of a treatment course's plan that the services lack, for the web pages and the API: a
treatment course with its plan versions, reviews and plan deadlines; its discharge and follow-ups;
and the municipality's (or a treater's teams') follow-ups due.

Every function checks permission through `require` (another municipality's course is "not
found") or, for the list, the permission rule with the user's municipality, and writes one
read-log entry per client whose personal data it returns. Each runs a fixed number of queries,
whatever the number of versions, reviews, courses or follow-ups.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace

import rules
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case, IntegerField, Q, Value, When

from vendepunkt.accounts.access import AccessDenied, NotFound, require
from vendepunkt.accounts.models import Role
from vendepunkt.audit.services import client_reads, log_read, log_reads
from vendepunkt.courses.deadlines import OPEN
from vendepunkt.courses.models import (
    CourseDeadline,
    FollowUp,
    PlanReview,
    PlanVersion,
    TreatmentCourse,
)

PLAN_KINDS = ("plan_at_start", "plan_review")
VIEW = "courses.view_assessment"  # the plan is clinical content: not for secretaries (D15)
RECENT_FOLLOW_UPS = 50
DUE_LIMIT = 200


def treatment(user, treatment_id: int, *, perm: str, purpose: str) -> TreatmentCourse:
    """The treatment course with its client, team and discharge, if `user` has `perm` on it;
    the read is logged for the client."""
    found = (
        TreatmentCourse.objects.select_related("contact_course__client", "team", "discharge")
        .filter(pk=treatment_id, municipality_id=user.municipality_id)
        .first()
    )
    if found is None:
        raise NotFound("TreatmentCourse")
    require(user, perm, found)
    log_read(
        actor=user,
        municipality_id=found.municipality_id,
        client_id=found.contact_course.client_id,
        record_type="treatment_course",
        record_id=found.pk,
        purpose=purpose,
    )
    return found


def discharge_of(treatment_course: TreatmentCourse):
    """The course's discharge record (loaded with the course), or None."""
    try:
        return treatment_course.discharge
    except ObjectDoesNotExist:
        return None


@dataclass
class PlanPage:
    treatment: TreatmentCourse
    versions: list[PlanVersion] = field(default_factory=list)
    reviews: list[PlanReview] = field(default_factory=list)
    deadlines: list[CourseDeadline] = field(default_factory=list)

    @property
    def current(self) -> PlanVersion | None:
        return self.versions[-1] if self.versions else None

    def version(self, number: int) -> PlanVersion | None:
        return next((v for v in self.versions if v.version == number), None)


def plan_page(user, treatment_id: int, *, perm: str = VIEW, purpose: str) -> PlanPage:
    """The plan's versions (oldest first), its reviews and the course's plan deadlines."""
    course = treatment(user, treatment_id, perm=perm, purpose=purpose)
    return PlanPage(
        treatment=course,
        versions=list(
            PlanVersion.objects.filter(treatment=course).select_related("by").order_by("version")
        ),
        reviews=list(
            PlanReview.objects.filter(treatment=course).select_related("by").order_by("on", "id")
        ),
        deadlines=list(
            CourseDeadline.objects.filter(
                contact_course_id=course.contact_course_id, kind__in=PLAN_KINDS
            ).order_by("trigger", "kind", "id")
        ),
    )


@dataclass
class FollowUpPage:
    treatment: TreatmentCourse
    deadlines: list[CourseDeadline]
    recorded: list[FollowUp]

    @property
    def discharge(self):
        return discharge_of(self.treatment)

    @property
    def open_deadlines(self) -> list[CourseDeadline]:
        return [d for d in self.deadlines if d.status == OPEN]


def follow_up_page(user, treatment_id: int, *, perm: str, purpose: str) -> FollowUpPage:
    """A course's discharge, its follow-up deadlines (by due date) and the recorded follow-ups."""
    course = treatment(user, treatment_id, perm=perm, purpose=purpose)
    return FollowUpPage(
        treatment=course,
        deadlines=list(
            CourseDeadline.objects.filter(
                contact_course_id=course.contact_course_id, kind="follow_up"
            ).order_by("due", "id")
        ),
        recorded=list(
            FollowUp.objects.filter(treatment=course).select_related("by").order_by("on", "id")
        ),
    )


@dataclass
class FollowUpList:
    scope: str  # "municipality" or "teams"
    due: list[CourseDeadline]
    recent: list[FollowUp]


def follow_ups_due(user, *, today: dt.date) -> FollowUpList:
    """Open follow-up deadlines (breached first, then by due date) and the latest recorded
    follow-ups: the municipality's for caseworkers and leaders, the user's teams' for treaters.
    Only those who may record follow-ups see the list. One read-log row per client listed."""
    probe = SimpleNamespace(municipality_id=user.municipality_id, team_id=None)
    if user.municipality_id is None or not rules.has_perm("courses.record_follow_up", user, probe):
        raise AccessDenied("courses.record_follow_up")
    deadlines = CourseDeadline.objects.filter(
        municipality_id=user.municipality_id, kind="follow_up", status=OPEN
    )
    recent = FollowUp.objects.filter(municipality_id=user.municipality_id)
    scope = "municipality"
    if user.role == Role.TREATER:
        scope = "teams"
        teams = sorted(user.team_ids())
        deadlines = deadlines.filter(team_id__in=teams)
        recent = recent.filter(treatment__team_id__in=teams)
    due = list(
        deadlines.annotate(
            urgency=Case(
                When(Q(due__lt=today), then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .select_related("contact_course__client", "contact_course__treatment")
        .order_by("urgency", "due", "id")[:DUE_LIMIT]
    )
    recent_rows = list(
        recent.select_related("treatment__contact_course__client", "by").order_by("-on", "-id")[
            :RECENT_FOLLOW_UPS
        ]
    )
    clients = {d.contact_course.client_id for d in due} | {
        f.treatment.contact_course.client_id for f in recent_rows
    }
    log_reads(user, client_reads(clients, "follow_up_list"), purpose="follow_ups")
    return FollowUpList(scope=scope, due=due, recent=recent_rows)
