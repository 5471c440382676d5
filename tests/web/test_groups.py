"""The group screens (issue 13 § 4): create a group, put a citizen on it from their page, plan a
weekly series, record the whole group's attendance on one screen once the session has started,
write the session's notes; a full group and a session not yet started are told clearly; a
secretary is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.db.factories import Town
from tests.db.test_course_services import TODAY, citizen, contact
from tests.web.conftest import signed_in
from vendepunkt.groups import services as groups
from vendepunkt.groups.models import Attendance, Group, GroupSession, Membership
from vendepunkt.journal.models import JournalNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def her():
    return Town("herning")


def test_a_treater_sets_up_a_group_and_records_a_session(her):
    web = signed_in(her.treater)
    assert web.get(reverse("groups")).status_code == 200
    response = web.post(
        reverse("group-new"),
        {
            "service_id": "hash-stop",
            "name": "Hash-Stop torsdag",
            "team": str(her.team.pk),
            "leaders": [str(her.treater.pk)],
            "capacity": "6",
            "intake": "continuous",
            "starts_on": (timezone.localdate() - dt.timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = Group.objects.get()
    client = citizen(her)
    course = contact(her, client).contact_course
    page = web.get(reverse("citizen-detail", args=[client.pk])).content.decode()
    assert reverse("group-member-add", args=[client.pk]) in page
    joined = web.post(
        reverse("group-member-add", args=[client.pk]),
        {
            "group": str(group.pk),
            "contact_course": str(course.pk),
            "joined_on": (timezone.localdate() - dt.timedelta(days=7)).isoformat(),
        },
    )
    assert joined.status_code == 302
    membership = Membership.objects.get()
    page = web.get(reverse("citizen-detail", args=[client.pk])).content.decode()
    assert reverse("group-detail", args=[group.pk]) in page  # the membership is a link
    series = web.post(
        reverse("group-series-new", args=[group.pk]),
        {
            "first_day": (timezone.localdate() - dt.timedelta(days=7)).isoformat(),
            "weekday": "3",
            "time": "16:00",
            "length_minutes": "120",
            "count": "4",
            "place": "Mødelokale 2",
        },
    )
    assert series.status_code == 302
    assert GroupSession.objects.count() == 4
    session = groups.add_session(
        her.treater,
        group.pk,
        starts_at=timezone.now() - dt.timedelta(minutes=30),
        length_minutes=90,
        place="Mødelokale 2",
        today=timezone.localdate(),
    )
    screen = web.get(reverse("group-session", args=[session.pk])).content.decode()
    assert 'id="attendance-form"' in screen and client.name in screen
    saved = web.post(
        reverse("group-session", args=[session.pk]), {f"m{membership.pk}": "absent_notice"}
    )
    assert saved.status_code == 302
    assert Attendance.objects.get().presence == "absent_notice"
    noted = web.post(
        reverse("group-session-note", args=[session.pk]),
        {"text": "Kort møde.", f"p{membership.pk}": "Meldte afbud i god tid."},
    )
    assert noted.status_code == 302
    assert JournalNote.objects.get().group_session_id == session.pk


def test_a_session_not_started_and_a_full_group_are_told_clearly(her):
    group = groups.create_group(
        her.treater,
        service_id="hash-stop",
        name="Lille gruppe",
        team=her.team,
        capacity=1,
        intake="continuous",
        starts_on=TODAY,
        leaders=[her.treater],
        today=TODAY,
    )
    first = citizen(her, seed=1)
    groups.add_member(
        her.treater,
        group.pk,
        client=first,
        contact_course=contact(her, first).contact_course,
        joined_on=TODAY,
        today=TODAY,
    )
    later = groups.add_session(
        her.treater,
        group.pk,
        starts_at=timezone.now() + dt.timedelta(days=1),
        length_minutes=60,
        place="Lokale",
        today=timezone.localdate(),
    )
    web = signed_in(her.treater)
    screen = web.get(reverse("group-session", args=[later.pk])).content.decode()
    assert 'id="attendance-closed"' in screen and 'id="attendance-form"' not in screen
    second = citizen(her, seed=2)
    course = contact(her, second).contact_course
    full = web.post(
        reverse("group-member-add", args=[second.pk]),
        {"group": str(group.pk), "contact_course": str(course.pk), "joined_on": TODAY.isoformat()},
    )
    assert full.status_code == 400
    assert "1" in full.content.decode() and Membership.objects.count() == 1


def test_a_secretary_is_refused(her):
    web = signed_in(her.secretary)
    assert web.get(reverse("groups")).status_code == 403
