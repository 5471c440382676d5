"""The shared pieces of the read side: the bulk read-log writer (`audit.services.log_reads`) and
the course guard (`courses/guard.py`) the services and the reads both check permission with."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.db.test_course_services import TODAY, citizen, contact
from vendepunkt.audit.models import ReadLogEntry
from vendepunkt.audit.services import client_reads, log_reads
from vendepunkt.courses.guard import CourseGuard, course_guard
from vendepunkt.courses.models import ContactCourse, TreatmentCourse


@pytest.mark.django_db
def test_log_reads_writes_every_read_in_one_query(had, django_assert_num_queries):
    first = citizen(had, seed=1)
    second = citizen(had, seed=2)
    ReadLogEntry.objects.all().delete()
    reads = [(None, "client_search", "name"), *client_reads([second.pk, first.pk, second.pk], "x")]
    with django_assert_num_queries(1):
        log_reads(had.treater, reads, purpose="test")
    rows = list(ReadLogEntry.objects.order_by("id"))
    assert [(r.client_id, r.record_type, r.record_id) for r in rows] == [
        (None, "client_search", "name"),
        (min(first.pk, second.pk), "x", "-"),
        (max(first.pk, second.pk), "x", "-"),
    ]
    assert {(r.actor_id, r.municipality_id, r.purpose) for r in rows} == {
        (had.treater.pk, had.municipality.pk, "test")
    }


@pytest.mark.django_db
def test_log_reads_of_nothing_writes_nothing(had):
    before = ReadLogEntry.objects.count()
    log_reads(had.treater, [], purpose="test")
    assert ReadLogEntry.objects.count() == before


@pytest.mark.django_db
def test_the_course_guard_sees_the_treatments_team_with_or_without_it_loaded(
    had, django_assert_num_queries
):
    course = contact(had, citizen(had)).contact_course
    assert course_guard(None) is None
    guard = course_guard(course)
    assert (guard.municipality_id, guard.team_id) == (had.municipality.pk, course.team_id)
    TreatmentCourse.objects.create(
        municipality=had.municipality,
        contact_course=course,
        team=had.other_team,
        start_on=TODAY - dt.timedelta(days=1),
    )
    fresh = ContactCourse.objects.get(pk=course.pk)
    with django_assert_num_queries(1):  # the team read, the course left as it was
        assert CourseGuard(fresh).team_id == had.other_team.pk
    loaded = ContactCourse.objects.select_related("treatment").get(pk=course.pk)
    with django_assert_num_queries(0):  # loaded with the course
        assert CourseGuard(loaded).team_id == had.other_team.pk
    untreated = contact(had, citizen(had, seed=3)).contact_course
    untreated = ContactCourse.objects.select_related("treatment").get(pk=untreated.pk)
    with django_assert_num_queries(0):
        assert CourseGuard(untreated).team_id == untreated.team_id
