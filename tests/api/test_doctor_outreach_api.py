"""Issue 12 § 5 through the API: the doctor's consultation before treatment (SUL § 142, R19) is
booked and recorded, and the outreach target-group assessment (R8) is stored on the course, by
the same service functions as the web; refusals explain themselves and write nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.conftest import api_as
from tests.web.test_visitation import citizen, open_course
from vendepunkt.audit.models import AuditEntry
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import CourseDeadline, DoctorConsultation, OutreachAssessment

pytestmark = pytest.mark.django_db


def test_R19_the_doctors_consultation_is_booked_and_recorded_by_a_doctor_through_the_api(had):
    """HAD: "lægesamtale … inden behandlingen iværksættes" (SUL § 142 stk. 1-2): booked on the
    contact course before any treatment; only a doctor records it held, and held it meets the
    doctor's consultation deadline."""
    course = open_course(had, citizen(had))
    base = f"/api/courses/{course.pk}/doctor-consultations"
    booked = api_as(had.secretary).post(
        base, {"at": (timezone.now() - dt.timedelta(hours=2)).isoformat()}
    )
    assert booked.status_code == 201, booked.content
    body = booked.json()
    assert body["status"] == "planned" and body["contact_course_id"] == course.pk
    as_nurse = api_as(had.nurse)
    before = AuditEntry.objects.count()
    nurse = as_nurse.post(f"{base}/{body['id']}/outcome", {"status": "attended"})
    assert nurse.status_code in (400, 422), nurse.content
    assert "doctor" in nurse.json()["detail_en"] and "læge" in nurse.json()["detail_da"]
    assert AuditEntry.objects.count() == before
    held = api_as(had.doctor).post(f"{base}/{body['id']}/outcome", {"status": "attended"})
    assert held.status_code == 200, held.content
    assert held.json()["status"] == "attended" and held.json()["held_by_id"] == had.doctor.pk
    assert DoctorConsultation.objects.get().status == "attended"
    deadline = CourseDeadline.objects.get(contact_course=course, kind="doctor_consultation")
    assert deadline.status == "met"
    future = api_as(had.secretary).post(
        base, {"at": (timezone.now() + dt.timedelta(days=2)).isoformat()}
    )
    no_show = api_as(had.doctor).post(
        f"{base}/{future.json()['id']}/outcome", {"status": "no_show"}
    )
    assert no_show.status_code in (400, 422)
    # a consultation of another course is not found under this one
    other = open_course(had, citizen(had, 2))
    assert (
        api_as(had.doctor)
        .post(
            f"/api/courses/{other.pk}/doctor-consultations/{body['id']}/outcome",
            {"status": "attended"},
        )
        .status_code
        == 404
    )


def test_R8_the_outreach_target_group_is_stored_on_the_course_through_the_api(outreach_town):
    """UDG: the target group is the SEL § 101 target group with intense mixed use and ASI
    composites ≥ 0.5 in the problem areas; the assessor's four criteria and the scores are stored
    on the contact course (D74), where the standard enables the programme."""
    town = outreach_town
    course = open_course(town, citizen(town))
    assessment = courses.record_assessment(
        town.treater,
        course,
        phase="intake",
        assessed_on=timezone.localdate() - dt.timedelta(days=1),
        text="ASI",
        answers={"M6": 30, "M7": 4, "M8": 4},
        today=timezone.localdate(),
    )
    criteria = dict.fromkeys(
        (
            "sel-101-target-group",
            "intense-mixed-use",
            "little-use-of-services",
            "burdened-by-situation",
        ),
        True,
    )
    url = f"/api/assessments/{assessment.pk}/outreach-assessments"
    stored = api_as(town.treater).post(
        url, {"criteria": criteria, "assessed_on": timezone.localdate().isoformat()}
    )
    assert stored.status_code == 201, stored.content
    out = stored.json()
    assert out["contact_course_id"] == course.pk and out["assessment_id"] == assessment.pk
    assert out["eligible"] is False and out["areas_met"] == ["health"]
    assert OutreachAssessment.objects.filter(contact_course=course).count() == 1
    assert AuditEntry.objects.filter(action="outreach.assessed").count() == 1
    unknown = api_as(town.treater).post(
        url, {"criteria": {"made-up": True}, "assessed_on": timezone.localdate().isoformat()}
    )
    assert unknown.status_code in (400, 422)
    assert OutreachAssessment.objects.count() == 1


def test_R8_no_outreach_assessment_where_the_standard_does_not_enable_it(her):
    course = open_course(her, citizen(her))
    assessment = courses.record_assessment(
        her.treater,
        course,
        phase="intake",
        assessed_on=timezone.localdate(),
        text="ASI",
        today=timezone.localdate(),
    )
    refused = api_as(her.treater).post(
        f"/api/assessments/{assessment.pk}/outreach-assessments",
        {"criteria": {}, "assessed_on": timezone.localdate().isoformat()},
    )
    assert refused.status_code in (400, 422)
    assert refused.json().get("code") == "not_enabled" or "outreach" in refused.json()["detail_en"]
    assert not OutreachAssessment.objects.exists()
