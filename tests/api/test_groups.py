"""Group treatment over the API (issue 13 § 4): the same services as the web."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.conftest import api_as
from tests.db.factories import Town
from tests.db.test_course_services import citizen, contact

pytestmark = pytest.mark.django_db


def test_a_group_its_roster_a_session_attendance_and_notes():
    her = Town("herning")
    api = api_as(her.treater)
    today = timezone.localdate()
    created = api.post(
        "/api/groups",
        {
            "service_id": "efterbehandling",
            "name": "Efterbehandling",
            "team_id": her.team.pk,
            "leader_ids": [her.treater.pk],
            "capacity": 1,
            "intake": "continuous",
            "starts_on": (today - dt.timedelta(days=7)).isoformat(),
        },
    )
    assert created.status_code == 201, created.content
    group = created.json()["id"]
    client = citizen(her)
    course = contact(her, client).contact_course
    joined = api.post(
        f"/api/groups/{group}/members",
        {"client_id": client.pk, "contact_course_id": course.pk, "joined_on": today.isoformat()},
    )
    assert joined.status_code == 201, joined.content
    membership = joined.json()["id"]
    other = citizen(her, seed=2)
    full = api.post(
        f"/api/groups/{group}/members",
        {
            "client_id": other.pk,
            "contact_course_id": contact(her, other).contact_course.pk,
            "joined_on": today.isoformat(),
        },
    )
    assert full.status_code == 422 and full.json()["code"] == "full"
    series = api.post(
        f"/api/groups/{group}/series",
        {
            "first_day": (today + dt.timedelta(days=1)).isoformat(),
            "weekday": 1,
            "time": "17:00",
            "length_minutes": 240,
            "count": 3,
            "place": "Huset",
        },
    )
    assert series.status_code == 201 and len(series.json()) == 3
    future = series.json()[0]["id"]
    early = api.post(
        f"/api/groups/sessions/{future}/attendance",
        {"marks": [{"membership_id": membership, "presence": "present"}]},
    )
    assert early.status_code == 422 and early.json()["code"] == "not_started"
    now = api.post(
        f"/api/groups/{group}/sessions",
        {
            "starts_at": (timezone.now() - dt.timedelta(minutes=5)).isoformat(),
            "length_minutes": 60,
            "place": "Huset",
        },
    )
    session = now.json()["id"]
    marked = api.post(
        f"/api/groups/sessions/{session}/attendance",
        {"marks": [{"membership_id": membership, "presence": "present"}]},
    )
    assert marked.status_code == 200, marked.content
    notes = api.post(
        f"/api/groups/sessions/{session}/notes",
        {"text": "Godt møde.", "participants": [{"membership_id": membership, "text": "Glad."}]},
    )
    assert notes.status_code == 200 and len(notes.json()["note_ids"]) == 1
    read = api.get(f"/api/groups/sessions/{session}").json()
    assert read["attendance"] == [
        {"membership_id": membership, "client_id": client.pk, "presence": "present"}
    ]
    assert api.get(f"/api/groups/{group}").json()["members"][0]["id"] == membership
    assert api.post(f"/api/groups/sessions/{future}/cancel", {"reason": "Ferie"}).status_code == 200
    left = api.post(
        f"/api/groups/memberships/{membership}/leave",
        {"left_on": today.isoformat(), "reason": "completed"},
    )
    assert left.status_code == 200 and left.json()["left_reason"] == "completed"
