"""Counselling and assessment (R2–R4, R7–R10), and the outreach programme's target group (R8)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import HAPPENED, check_dates
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import log_read
from vendepunkt.rules import asi, counselling

from .. import vocabulary
from ..guard import course_guard
from ..models import Assessment, ContactCourse, CounsellingTalk, OutreachAssessment
from ..vocabulary import CounsellingKind
from ._change import STALE_RECORD, change
from ._common import _standard

if TYPE_CHECKING:
    from vendepunkt.rules.programmes import Eligibility


def record_counselling(
    actor: Actor,
    course: ContactCourse,
    *,
    kind: str,
    held_on: dt.date,
    today: dt.date,
    extension_reason: str = "",
) -> CounsellingTalk:
    """Record a counselling talk. The standard decides which kinds are offered and how many talks
    each allows (`rules.counselling`); where it allows more with a reason, a talk beyond the cap
    needs `extension_reason`, which is stored on the talk."""
    with change(actor, "courses.record_counselling", course=course, today=today) as c:
        check_dates(today, held_on=(held_on, HAPPENED))
        if kind not in CounsellingKind.values:
            raise ServiceError(_("Unknown kind of counselling."), field="kind")
        standard = _standard(course.municipality)
        cap = counselling.talk_cap(standard, kind)
        # counted under the course's lock: two talks recorded at once cannot both be the last
        held = (
            CounsellingTalk.objects.filter(contact_course=course, kind=kind).count()
            if cap is not None and cap.max is not None
            else 0
        )
        refusal = counselling.check_talk(standard, kind, held, extension_reason)
        if refusal is not None:
            field = "extension_reason" if refusal.code == "extension_reason" else "kind"
            raise ServiceError(refusal, field=field, code=refusal.code)
        beyond_cap = cap is not None and cap.max is not None and held >= cap.max
        if kind == CounsellingKind.ANONYMOUS and not course.client.anonymous:
            raise ServiceError(
                _("Anonymous counselling is recorded on an anonymous client."),
                field="kind",
            )
        return c.create(
            CounsellingTalk,
            Action.COUNSELLING_RECORDED,
            ("contact_course_id", "kind", "held_on"),
            contact_course=course,
            kind=kind,
            held_on=held_on,
            extension_reason=extension_reason.strip() if beyond_cap else "",
            by=actor,
        )


def assessment_version(course: ContactCourse) -> int:
    """The version of a course's assessments a form or an ETag carries: how many there are (the
    latest one's version number), for `record_assessment(expected_version=…)`."""
    return Assessment.objects.filter(contact_course=course).count()


def record_assessment(
    actor: Actor,
    course: ContactCourse,
    *,
    phase: str,
    assessed_on: dt.date,
    text: str,
    load_degree: str = "",
    answers: dict[str, asi.Answer] | None = None,
    expected_version: int | None = None,
    today: dt.date,
) -> Assessment:
    """The holistic assessment (SEL § 101 stk. 2) with ASI composites computed from the answers.
    `expected_version` is the number of assessments the caller saw (the latest one's version, 0
    for none): when another was recorded since, the assessment is refused as stale."""
    with change(actor, "courses.record_assessment", course=course, today=today) as c:
        previous = assessment_version(course)
        c.expect(expected_version, previous, STALE_RECORD)
        check_dates(today, assessed_on=(assessed_on, HAPPENED))
        if phase not in vocabulary.AssessmentOccasion.values:
            raise ServiceError(_("Unknown phase of the assessment."), field="phase")
        if load_degree and load_degree not in vocabulary.LoadDegree.values:
            raise ServiceError(_("Unknown load degree."), field="load_degree")
        if not text.strip():
            raise ServiceError(
                _("The assessment needs a description."),
                field="text",
            )
        answers = answers or {}
        problems = asi.validate_answers(answers)
        if problems:
            p = problems[0]
            raise ServiceError(p, field=f"answers.{p.item}")
        composites = {d: comp.score for d, comp in asi.composites(answers).items()}
        return c.create(
            Assessment,
            Action.ASSESSMENT_RECORDED,
            ("contact_course_id", "phase", "assessed_on", "version"),
            contact_course=course,
            phase=phase,
            assessed_on=assessed_on,
            text=text,
            load_degree=load_degree,
            answers=answers,
            composites=composites,
            by=actor,
            version=previous + 1,
        )


def view_assessments(actor: Actor, course: ContactCourse, *, purpose: str) -> list[Assessment]:
    require(actor, "courses.view_assessment", course_guard(course))
    items = list(Assessment.objects.filter(contact_course=course).order_by("assessed_on", "id"))
    log_read(
        actor=actor,
        municipality_id=course.municipality_id,
        client_id=course.client_id,
        record_type="assessments",
        record_id=course.pk,
        purpose=purpose,
    )
    return items


def outreach_eligibility(
    actor: Actor, assessment: Assessment, *, criteria: dict[str, bool], purpose: str
) -> Eligibility:
    """Is the citizen in the outreach programme's target group (R8)? Evaluated on an assessment's
    ASI composites and the assessor's yes/no judgements; only where the municipality enables it."""
    from vendepunkt.rules.programmes import assess, programmes

    course = assessment.contact_course
    require(actor, "courses.view_assessment", course_guard(course))
    if "outreach" not in _standard(course.municipality).programmes:
        raise ServiceError(
            _("The municipality has not enabled the outreach programme."),
            code="not_enabled",
        )
    log_read(
        actor=actor,
        municipality_id=course.municipality_id,
        client_id=course.client_id,
        record_type="assessment",
        record_id=assessment.pk,
        purpose=purpose,
    )
    return assess(programmes()["outreach"], assessment.composites, criteria)


def record_outreach_assessment(
    actor: Actor,
    assessment: Assessment,
    *,
    criteria: dict[str, bool],
    assessed_on: dt.date,
    today: dt.date,
) -> OutreachAssessment:
    """Store the outreach programme's target-group assessment (R8) on the contact course: the
    result of `rules.programmes.assess` on the assessment's ASI composites and the assessor's
    yes/no criteria. Only where the municipality's standard enables the programme."""
    from vendepunkt.rules.programmes import assess, programmes

    course = assessment.contact_course
    with change(actor, "courses.record_assessment", course=course, today=today) as c:
        check_dates(today, assessed_on=(assessed_on, HAPPENED))
        if "outreach" not in _standard(course.municipality).programmes:
            raise ServiceError(
                _("The municipality has not enabled the outreach programme."),
                code="not_enabled",
            )
        programme = programmes()["outreach"]
        known = {k.id for k in programme.criteria}
        unknown = sorted(set(criteria) - known)
        if unknown:
            raise ServiceError(
                _("Unknown criteria: %(criteria)s."),
                criteria=", ".join(unknown),
                field="criteria",
            )
        result = assess(programme, assessment.composites, criteria)
        return c.create(
            OutreachAssessment,
            Action.OUTREACH_ASSESSED,
            ("contact_course_id", "assessment_id", "eligible", "areas_met", "criteria_unmet"),
            contact_course=course,
            assessment=assessment,
            criteria={k: bool(v) for k, v in criteria.items()},
            eligible=result.eligible,
            areas_met=list(result.areas_met),
            areas_unknown=list(result.areas_unknown),
            criteria_unmet=list(result.criteria_unmet),
            assessed_on=assessed_on,
            by=actor,
        )
