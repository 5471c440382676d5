"""Issue 12 § 2 in the stored deadlines: the decision letter records how it was sent and the
complaint period counts from the day the citizen is deemed to receive it; where the standard
counts the guarantee from a later event, the stored due date is the law's."""

import datetime as dt

import pytest

from tests.db.factories import Town
from tests.db.test_course_services import AT, TODAY, citizen, contact, grant
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import CourseDeadline, Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def had():
    return Town("haderslev")


@pytest.fixture
def ods():
    return Town("odsherred")


def period(decision):
    return CourseDeadline.objects.get(kind="complaint_period", subject=f"decision:{decision.pk}")


def test_R39_a_letter_by_ordinary_post_is_received_six_working_days_later(had):
    course = contact(had, citizen(had, birth=dt.date(2000, 1, 5))).contact_course
    decision = grant(had, course)  # decided Thursday 5 November 2026
    courses.mark_decision_sent(
        had.centre_leader, decision, sent_on=decision.decided_on, sent_by="post", today=TODAY
    )
    assert Decision.objects.get(pk=decision.pk).sent_by == "post"
    row = period(decision)
    assert (row.trigger, row.due) == (dt.date(2026, 11, 13), dt.date(2026, 12, 11))
    assert "9533" in row.reason_en


def test_R39_a_letter_by_digital_post_is_received_the_day_it_is_sent(had):
    course = contact(had, citizen(had, birth=dt.date(2000, 1, 5))).contact_course
    decision = grant(had, course)
    courses.mark_decision_sent(
        had.centre_leader,
        decision,
        sent_on=decision.decided_on,
        sent_by="digital_post",
        today=TODAY,
    )
    row = period(decision)
    assert (row.trigger, row.due) == (dt.date(2026, 11, 5), dt.date(2026, 12, 3))


def test_R39_an_unknown_way_of_sending_is_refused_and_nothing_is_written(had):
    course = contact(had, citizen(had, birth=dt.date(2000, 1, 5))).contact_course
    decision = grant(had, course)
    with pytest.raises(ServiceError) as info:
        courses.mark_decision_sent(
            had.centre_leader, decision, sent_on=decision.decided_on, sent_by="fax", today=TODAY
        )
    assert info.value.code == "sent_by_unknown" and "Digital Post" in info.value.message_da
    assert Decision.objects.get(pk=decision.pk).sent_on is None


def test_R17_odsherred_stores_the_law_date_and_keeps_its_own_beside_it(ods):
    """Request by phone on 2 November 2026; the citizen attends in person on 9 November.
    Odsherred counts 14 days from attendance (23 November); the law from the request (16
    November). The stored due date is the law's."""
    client = citizen(ods)
    course = contact(ods, client, track="SEL-101").contact_course
    contact(ods, client, at=AT + dt.timedelta(days=7), personal_attendance=True)
    course.refresh_from_db()
    assert course.personal_attendance_on == dt.date(2026, 11, 9)
    row = CourseDeadline.objects.get(contact_course=course, kind="treatment_guarantee")
    assert (row.due, row.standard_due) == (dt.date(2026, 11, 16), dt.date(2026, 11, 23))
