"""Group treatment (issue 13 § 4): a group of a service the standard offers as a group, its roster
with capacity and intake, a weekly series of sessions, attendance for the whole group once a
session has started, a session note and a note per participant in that participant's journal
only; every change audited, every read of the roster logged, another municipality's group not
found."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.db.factories import Town, cpr_for
from tests.db.test_course_services import TODAY, contact
from vendepunkt.accounts.access import AccessDenied, NotFound
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.models import AuditEntry, ReadLogEntry, SecurityEvent
from vendepunkt.citizens import services as citizens
from vendepunkt.groups import queries
from vendepunkt.groups import services as groups
from vendepunkt.groups.models import Attendance, GroupSession
from vendepunkt.journal import queries as journal_queries
from vendepunkt.journal.models import JournalNote
from vendepunkt.rights.services import export_client

pytestmark = pytest.mark.django_db

NAMES = ("Alma Aftenstjerne", "Bo Bjergtop", "Cilla Cykelsti", "Dan Duggdråbe")


@pytest.fixture
def her():
    return Town("herning")


def hash_stop(town, *, capacity=8, intake="continuous", actor=None):
    """Herning's Hash-Stop (12 modules, format group in the standard)."""
    return groups.create_group(
        actor or town.treater,
        service_id="hash-stop",
        name="Hash-Stop tirsdag",
        team=town.team,
        capacity=capacity,
        intake=intake,
        starts_on=TODAY - dt.timedelta(days=14),
        leaders=[town.treater],
        today=TODAY,
    )


def person(town, seed, **extra):
    return citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(dt.date(1990, 5, 17), seed=seed),
        name=NAMES[seed % len(NAMES)],
        today=TODAY,
        **extra,
    )


def member(town, group, seed, *, joined_on=None):
    client = person(town, seed)
    course = contact(town, client).contact_course
    return groups.add_member(
        town.treater,
        group.pk,
        client=client,
        contact_course=course,
        joined_on=joined_on or TODAY - dt.timedelta(days=14),
        today=TODAY,
    )


def past_session(town, group, days_ago=1):
    return groups.add_session(
        town.treater,
        group.pk,
        starts_at=timezone.now() - dt.timedelta(days=days_ago),
        length_minutes=90,
        place="Mødelokale 2",
        today=timezone.localdate(),
    )


def test_the_standard_decides_which_services_run_as_groups(her):
    ids = {s.id for s in groups.group_services(her.municipality)}
    assert {"hash-stop", "efterbehandling", "klods-hans"} <= ids
    assert "primaer-ambulant-move" not in ids  # format individual
    with pytest.raises(ServiceError) as refused:
        groups.create_group(
            her.treater,
            service_id="primaer-ambulant-move",
            name="Ikke en gruppe",
            team=her.team,
            capacity=5,
            intake="continuous",
            starts_on=TODAY,
            leaders=[her.treater],
            today=TODAY,
        )
    assert refused.value.code == "not_a_group_service"


def test_hash_stop_a_weekly_series_roster_attendance_and_notes(her):
    group = hash_stop(her)
    assert AuditEntry.objects.filter(
        action="groups.group_created", target_id=str(group.pk)
    ).exists()
    members = [member(her, group, seed) for seed in (1, 2, 3)]
    # twelve modules, weekly on Tuesdays at 16:00, from two weeks ago
    sessions = groups.plan_series(
        her.treater,
        group.pk,
        first_day=TODAY - dt.timedelta(days=14),
        weekday=1,
        at=dt.time(16, 0),
        length_minutes=120,
        count=12,
        place="Mødelokale 2",
        today=TODAY,
    )
    assert len(sessions) == 12
    days = [timezone.localtime(s.starts_at) for s in sessions]
    assert all(d.weekday() == 1 and d.hour == 16 for d in days)
    assert [(b - a).days for a, b in itertools.pairwise(days)] == [7] * 11
    done = past_session(her, group)
    marks = {members[0].pk: "present", members[1].pk: "absent_notice", members[2].pk: "present"}
    groups.record_attendance(her.treater, done.pk, marks=marks)
    assert dict(Attendance.objects.values_list("membership_id", "presence")) == marks
    # a correction is a second call
    groups.record_attendance(
        her.treater, done.pk, marks={**marks, members[2].pk: "absent_no_notice"}
    )
    assert Attendance.objects.get(membership=members[2]).presence == "absent_no_notice"
    assert AuditEntry.objects.filter(action="groups.attendance_recorded").count() == 2
    session, notes = groups.write_session_note(
        her.treater,
        done.pk,
        text="God energi i gruppen; alle deltog i øvelsen.",
        participant_notes={members[0].pk: "Fortalte om sin uge.", members[1].pk: ""},
        today=timezone.localdate(),
    )
    assert session.note.startswith("God energi")
    assert [n.client_id for n in notes] == [members[0].client_id]
    assert notes[0].group_session_id == done.pk and notes[0].kind == "group"


def test_capacity_is_enforced_with_a_clear_message(her):
    group = hash_stop(her, capacity=2)
    first = member(her, group, 1)
    member(her, group, 2)
    with pytest.raises(ServiceError) as refused:
        member(her, group, 3)
    assert refused.value.code == "full"
    assert "2" in refused.value.message_en and "full" in refused.value.message_en
    groups.end_membership(her.treater, first.pk, left_on=TODAY, reason="completed", today=TODAY)
    assert member(her, group, 4).left_on is None  # continuous intake: a place came free


def test_fixed_intake_closes_when_the_first_session_has_started(her):
    group = hash_stop(her, intake="fixed")
    member(her, group, 1)
    past_session(her, group)
    with pytest.raises(ServiceError) as refused:
        member(her, group, 2)
    assert refused.value.code == "intake_closed"


def test_a_citizen_joins_through_a_course_a_relative_without(her):
    group = groups.create_group(
        her.treater,
        service_id="klods-hans",
        name="Pårørendegruppe",
        team=her.team,
        capacity=10,
        intake="continuous",
        starts_on=TODAY,
        leaders=[her.treater],
        today=TODAY,
    )
    someone = person(her, 4)
    with pytest.raises(ServiceError) as refused:
        groups.add_member(her.treater, group.pk, client=someone, joined_on=TODAY, today=TODAY)
    assert refused.value.code == "course_needed"
    relative = person(her, 5, client_kind="relative")
    joined = groups.add_member(her.treater, group.pk, client=relative, joined_on=TODAY, today=TODAY)
    assert joined.contact_course_id is None


def test_attendance_only_for_a_session_that_has_started(her):
    group = hash_stop(her)
    m = member(her, group, 1)
    later = groups.add_session(
        her.treater,
        group.pk,
        starts_at=timezone.now() + dt.timedelta(days=2),
        length_minutes=90,
        place="Mødelokale 2",
        today=timezone.localdate(),
    )
    with pytest.raises(ServiceError) as refused:
        groups.record_attendance(her.treater, later.pk, marks={m.pk: "present"})
    assert refused.value.code == "not_started"
    assert "not started" in refused.value.message_en
    assert not Attendance.objects.exists()
    done = past_session(her, group)
    with pytest.raises(ServiceError) as refused:
        groups.record_attendance(her.treater, done.pk, marks={})
    assert refused.value.code == "incomplete"


def test_a_cancelled_session_takes_no_attendance(her):
    group = hash_stop(her)
    m = member(her, group, 1)
    s = past_session(her, group)
    groups.cancel_session(her.treater, s.pk, reason="Sygdom hos gruppelederen.")
    with pytest.raises(ServiceError) as refused:
        groups.record_attendance(her.treater, s.pk, marks={m.pk: "present"})
    assert refused.value.code == "cancelled"
    assert GroupSession.objects.get(pk=s.pk).cancelled_at is not None


def test_participant_notes_land_in_each_journal_without_the_others(her):
    group = hash_stop(her)
    a, b = member(her, group, 1), member(her, group, 2)
    s = past_session(her, group)
    groups.record_attendance(her.treater, s.pk, marks={a.pk: "present", b.pk: "present"})
    groups.write_session_note(
        her.treater,
        s.pk,
        text=f"{NAMES[1]} og {NAMES[2]} deltog.",  # the staff's note may name both
        participant_notes={a.pk: "Deltog aktivt.", b.pk: "Var stille i dag."},
        today=timezone.localdate(),
    )
    view = journal_queries.journal(her.visitation_caseworker, a.client_id, purpose="journal")
    texts = [v.note.text for v in view.notes]
    assert texts == ["Deltog aktivt."]
    export = export_client(her.centre_leader, a.client_id, purpose="insight_request", today=TODAY)
    flat = repr(export)
    assert NAMES[2] not in flat and "Var stille i dag." not in flat
    assert str(b.client_id) not in {
        str(r.get("client_id")) for r in export["sections"]["group_memberships"]
    }
    assert [r["presence"] for r in export["sections"]["group_attendance"]] == ["present"]
    assert [r["text"] for r in export["sections"]["journal_notes"]] == ["Deltog aktivt."]
    assert JournalNote.objects.filter(group_session=s).count() == 2


def test_the_roster_read_is_logged_in_a_fixed_number_of_queries(her):
    group = hash_stop(her, capacity=20)
    member(her, group, 1)
    s = past_session(her, group)

    def count(fn):
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    one_group = count(lambda: queries.group(her.treater, group.pk, purpose="groups"))
    one_session = count(lambda: queries.session(her.treater, s.pk, purpose="groups"))
    for seed in range(2, 9):
        member(her, group, seed)
    assert count(lambda: queries.group(her.treater, group.pk, purpose="groups")) == one_group
    assert count(lambda: queries.session(her.treater, s.pk, purpose="groups")) == one_session
    logged = ReadLogEntry.objects.filter(actor=her.treater, record_type="groupmembership")
    assert logged.count() == 1 + 8


def test_another_municipality_s_group_is_not_found_and_logged(her):
    group = hash_stop(her)
    m = member(her, group, 1)
    s = past_session(her, group)
    had = Town("haderslev")

    for call in (
        lambda: queries.group(had.treater, group.pk, purpose="groups"),
        lambda: queries.session(had.visitation_caseworker, s.pk, purpose="groups"),
        lambda: groups.record_attendance(had.centre_leader, s.pk, marks={m.pk: "present"}),
        lambda: groups.end_membership(
            had.centre_leader, m.pk, left_on=TODAY, reason="other", today=TODAY
        ),
        lambda: groups.add_session(
            had.centre_leader,
            group.pk,
            starts_at=timezone.now(),
            length_minutes=60,
            place="X",
            today=timezone.localdate(),
        ),
    ):
        with pytest.raises(NotFound):
            call()
    assert not ReadLogEntry.objects.filter(actor__municipality=had.municipality).exists()
    assert not Attendance.objects.exists()
    # over the web and the API the refusal is a 404 in the security log, with ids only
    from tests.api.conftest import api_as
    from tests.web.conftest import signed_in

    page = signed_in(had.centre_leader).get(f"/grupper/{group.pk}/")
    api = api_as(had.treater).get(f"/api/groups/sessions/{s.pk}")
    assert page.status_code == 404 and api.status_code == 404
    events = SecurityEvent.objects.filter(kind="not_found", municipality_id=had.municipality.pk)
    assert {e.path for e in events} >= {f"/grupper/{group.pk}/", f"/api/groups/sessions/{s.pk}"}
    assert NAMES[1] not in page.content.decode()


def test_permission_is_denied_by_default(her):
    group = hash_stop(her)
    with pytest.raises(AccessDenied):
        queries.group(her.secretary, group.pk, purpose="groups")
    with pytest.raises(AccessDenied):
        queries.groups(her.auditor)
    other = her.user("treater", team=her.other_team)
    with pytest.raises(AccessDenied):
        groups.add_session(
            other,
            group.pk,
            starts_at=timezone.now(),
            length_minutes=60,
            place="X",
            today=timezone.localdate(),
        )
    assert queries.groups(other) == []


def test_a_citizen_s_memberships_for_their_page(her):
    group = hash_stop(her)
    m = member(her, group, 1)
    s = past_session(her, group)
    groups.record_attendance(her.treater, s.pk, marks={m.pk: "absent_notice"})
    rows = queries.memberships_of(her.visitation_caseworker, m.client_id, purpose="citizen_page")
    assert [(r.membership.group_id, r.present, r.absent) for r in rows] == [(group.pk, 0, 1)]


def test_a_series_time_is_a_local_time_of_day(her):
    group = hash_stop(her)
    with pytest.raises(ServiceError) as refused:
        groups.plan_series(
            her.treater,
            group.pk,
            first_day=TODAY,
            weekday=2,
            at=dt.time(15, 3, tzinfo=dt.timezone(dt.timedelta(hours=21, minutes=45))),
            length_minutes=90,
            count=2,
            place="Lokale",
            today=TODAY,
        )
    assert refused.value.field == "time"
