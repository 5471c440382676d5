"""Optimistic concurrency in the services (issue 11 § 2, D44a): `expected_version=` on the plan,
the assessments and the decision's letter; a stale edit is refused with the code "stale" and
writes nothing, whoever calls (web, API, command line)."""

import datetime as dt

import pytest

from tests.db.factories import Town, grant_for
from tests.db.test_course_services import AT, TODAY, citizen, contact, grant
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.models import AuditEntry
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Assessment, Decision, PlanVersion

pytestmark = pytest.mark.django_db

PLAN = dict(
    substance_goal="reduce",
    goals=[{"text": "Færre dage", "horizon": "short"}],
    methods="Samtaler",
    responsible=[],
    made_on=AT.date() + dt.timedelta(days=5),
    today=TODAY,
)


@pytest.fixture
def ods():
    return Town("odsherred")


@pytest.fixture
def course(ods):
    return contact(ods, citizen(ods)).contact_course


def refused_as_stale(call):
    before = AuditEntry.objects.count()
    with pytest.raises(ServiceError) as refused:
        call()
    assert refused.value.code == courses.STALE == "stale"
    assert AuditEntry.objects.count() == before
    return refused.value


def test_a_stale_plan_is_refused(ods, course):
    grant_for(ods, course, on=AT.date(), today=TODAY)
    treatment = courses.start_treatment(
        ods.visitation_caseworker, course, team=ods.team, start_on=AT.date(), today=TODAY
    )
    courses.save_plan(ods.treater, treatment, expected_version=0, **PLAN)
    courses.save_plan(ods.treater, treatment, expected_version=1, **PLAN)
    error = refused_as_stale(
        lambda: courses.save_plan(ods.treater, treatment, expected_version=1, **PLAN)
    )
    assert error.message_da == "Planen er ændret af en anden i mellemtiden."
    assert PlanVersion.objects.filter(treatment=treatment).count() == 2
    courses.save_plan(ods.treater, treatment, **PLAN)  # no version given: no check, as before


def test_a_stale_assessment_is_refused(ods, course):
    def assess(expected):
        return courses.record_assessment(
            ods.treater,
            course,
            phase="intake",
            assessed_on=AT.date(),
            text="Samlet vurdering.",
            expected_version=expected,
            today=TODAY,
        )

    assert courses.assessment_version(course) == 0
    assert assess(0).version == 1
    refused_as_stale(lambda: assess(0))
    assert courses.assessment_version(course) == Assessment.objects.count() == 1
    assert assess(1).version == 2


def test_marking_a_letter_sent_counts_the_decisions_version_up(ods, course):
    decision = grant(ods, course)
    assert decision.version == 1
    sent_on = AT.date() + dt.timedelta(days=4)
    courses.mark_decision_sent(
        ods.centre_leader, decision, sent_on=sent_on, expected_version=1, today=TODAY
    )
    assert Decision.objects.get(pk=decision.pk).version == 2
    stale = Decision.objects.get(pk=decision.pk)
    stale.version = 1  # as the caller read it before
    refused_as_stale(
        lambda: courses.mark_decision_sent(
            ods.centre_leader,
            stale,
            sent_on=sent_on + dt.timedelta(days=1),
            expected_version=1,
            today=TODAY,
        )
    )
    assert Decision.objects.get(pk=decision.pk).sent_on == sent_on
