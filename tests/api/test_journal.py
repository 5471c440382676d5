"""The journal over the API (issue 13 § 1): the same services as the web."""

from __future__ import annotations

import pytest

from tests.api.conftest import api_as
from tests.db.factories import Town
from tests.db.test_course_services import citizen

pytestmark = pytest.mark.django_db


def test_R46_write_sign_amend_and_read_the_journal():
    her = Town("herning")
    client = citizen(her)
    api = api_as(her.treater)
    url = f"/api/clients/{client.pk}/journal"
    body = {"kind": "phone", "text": "Ringede om tid.", "event_at": "2026-11-20T09:00:00+01:00"}
    created = api.post(url, body)
    assert created.status_code == 201, created.content
    note = created.json()
    assert note["signed_at"] is None and note["version"] == 1
    assert api.post(f"/api/journal/{note['id']}/sign").status_code == 200
    edit = api.post(f"/api/journal/{note['id']}/edit", {"text": "Noget andet."})
    assert edit.status_code == 422 and edit.json()["code"] == "locked"
    amended = api.post(
        f"/api/journal/{note['id']}/amendments", {"text": "Ringede om ny tid.", "reason": "Fejl."}
    )
    assert amended.status_code == 201 and amended.json()["amends_id"] == note["id"]
    page = api.get(url).json()
    assert page["count"] == 1
    entry = page["items"][0]
    assert entry["text"] == "Ringede om tid." and entry["locked"] is True
    assert [a["text"] for a in entry["amendments"]] == ["Ringede om ny tid."]


def test_a_note_in_the_future_is_refused_in_both_languages():
    her = Town("herning")
    client = citizen(her)
    response = api_as(her.treater).post(
        f"/api/clients/{client.pk}/journal",
        {"kind": "phone", "text": "Senere.", "event_at": "2099-01-01T09:00:00+01:00"},
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["detail_da"] and problem["detail_en"] and problem["field"] == "event_at"
