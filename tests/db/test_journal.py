"""The journal (issue 13 § 1, R46, R48): notes on a citizen and a course, locked when signed or
after the set time, corrected by amendments that keep the original, medical notes for clinicians,
confidential notes for the team, every read in the read log, part of the insight export."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.db.factories import Town
from tests.db.test_course_services import TODAY, citizen, contact
from vendepunkt.accounts.access import AccessDenied, NotFound
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.journal import queries
from vendepunkt.journal import services as journal
from vendepunkt.journal.models import JournalNote
from vendepunkt.rights.services import export_client

pytestmark = pytest.mark.django_db

EVENT = timezone.make_aware(dt.datetime(2026, 11, 20, 10, 30))


@pytest.fixture
def her():
    return Town("herning")


def _note(town, client, *, actor=None, **extra):
    values = {"kind": "conversation", "text": "Samtale om hverdagen.", "event_at": EVENT}
    values.update(extra)
    return journal.write_note(actor or town.treater, client, today=TODAY, **values)


def test_R46_a_note_is_written_read_and_logged(her):
    client = citizen(her)
    course = contact(her, client).contact_course
    note = _note(her, client, contact_course=course)
    assert note.author == her.treater and note.signed_at is None
    assert AuditEntry.objects.filter(action="journal.note_written", target_id=str(note.pk)).exists()
    view = queries.journal(her.visitation_caseworker, client.pk, purpose="journal")
    assert [v.note.pk for v in view.notes] == [note.pk]
    assert ReadLogEntry.objects.filter(
        actor=her.visitation_caseworker,
        client_id=client.pk,
        record_type="journalnote",
        record_id=str(note.pk),
    ).exists()


def test_R46_a_signed_note_is_locked_and_corrected_by_an_amendment_that_keeps_the_original(her):
    client = citizen(her)
    note = _note(her, client)
    journal.edit_note(her.treater, note.pk, text="Samtale om hverdagen og arbejdet.")
    journal.sign_note(her.treater, note.pk)
    with pytest.raises(ServiceError) as refused:
        journal.edit_note(her.treater, note.pk, text="Noget andet.")
    assert refused.value.code == "locked"
    amendment = journal.amend_note(
        her.treater, note.pk, text="Samtale om hverdagen og fritiden.", reason="Forkert emne."
    )
    note.refresh_from_db()
    assert note.text == "Samtale om hverdagen og arbejdet."  # the original stands
    assert amendment.amends_id == note.pk and amendment.signed_at is not None
    view = queries.note(her.treater, note.pk, purpose="journal")
    assert view.current.text == "Samtale om hverdagen og fritiden."
    assert [a.pk for a in view.amendments] == [amendment.pk]
    assert JournalNote.objects.filter(client=client).count() == 2  # nothing overwritten


def test_R46_a_note_locks_by_itself_after_the_set_time(her, settings):
    client = citizen(her)
    note = _note(her, client)
    JournalNote.objects.filter(pk=note.pk).update(
        written_at=timezone.now() - dt.timedelta(hours=settings.VENDEPUNKT_JOURNAL_LOCK_HOURS + 1)
    )
    with pytest.raises(ServiceError) as refused:
        journal.edit_note(her.treater, note.pk, text="Sent rettet.")
    assert refused.value.code == "locked"


def test_only_the_author_edits_or_signs(her):
    client = citizen(her)
    note = _note(her, client)
    other = her.user("treater")
    for change in (
        lambda: journal.edit_note(other, note.pk, text="Ikke min."),
        lambda: journal.sign_note(other, note.pk),
    ):
        with pytest.raises(ServiceError) as refused:
            change()
        assert refused.value.code == "not_author"


def test_R48_medical_notes_for_clinicians_only(her):
    client = citizen(her)
    with pytest.raises(AccessDenied):
        _note(her, client, kind="medical", medical=True)
    note = _note(her, client, actor=her.doctor, kind="medical", medical=True, text="Blodtryk.")
    assert queries.journal(her.treater, client.pk, purpose="journal").notes == []
    with pytest.raises(NotFound):
        queries.note(her.treater, note.pk, purpose="journal")
    assert [v.note.pk for v in queries.journal(her.nurse, client.pk, purpose="j").notes] == [
        note.pk
    ]


def test_R48_a_confidential_note_is_read_by_the_team_and_the_author_only(her):
    client = citizen(her)
    note = _note(her, client, confidential=True)
    assert note.confidential_team == her.team
    outsider = her.user("treater", team=her.other_team)
    assert queries.journal(outsider, client.pk, purpose="journal").notes == []
    assert queries.journal(her.visitation_caseworker, client.pk, purpose="journal").notes == []
    colleague = her.user("treater", team=her.team)
    assert len(queries.journal(colleague, client.pk, purpose="journal").notes) == 1


def test_R48_no_journal_for_secretaries_auditors_or_another_municipality(her):
    client = citizen(her)
    _note(her, client)
    for user in (her.secretary, her.auditor, her.administrator):
        with pytest.raises(AccessDenied):
            queries.journal(user, client.pk, purpose="journal")
    other = Town("haderslev")
    with pytest.raises((NotFound, AccessDenied)):
        queries.journal(other.visitation_caseworker, client.pk, purpose="journal")
    assert ReadLogEntry.objects.filter(actor=other.visitation_caseworker).count() == 0


def test_searching_the_journal_finds_the_text_and_its_corrections(her):
    client = citizen(her)
    a = _note(her, client, text="Talte om boligen.")
    _note(her, client, text="Talte om arbejdet.")
    journal.sign_note(her.treater, a.pk)
    journal.amend_note(her.treater, a.pk, text="Talte om boligstøtte.", reason="Præcisering.")
    found = queries.journal(her.treater, client.pk, query="boligstøtte", purpose="journal")
    assert [v.note.pk for v in found.notes] == [a.pk]


def test_bad_input_is_refused_and_writes_nothing(her):
    client = citizen(her)
    cases = [
        {"text": "   "},
        {"kind": "gossip"},
        {"event_at": EVENT + dt.timedelta(days=30)},
        {"kind": "medical", "medical": False},
        {"subject_type": "appointment", "subject_id": 1},
    ]
    for bad in cases:
        with pytest.raises(ServiceError):
            _note(her, client, actor=her.visitation_caseworker, **bad)
    assert not JournalNote.objects.exists()


def test_another_citizens_course_is_not_found(her):
    a, b = citizen(her, seed=1), citizen(her, seed=2)
    course_b = contact(her, b).contact_course
    with pytest.raises(NotFound):
        _note(her, a, contact_course=course_b)


def test_R48_notes_are_in_the_insight_export(her):
    client = citizen(her)
    _note(her, client, text="Til indsigt.")
    _note(her, client, actor=her.doctor, kind="medical", medical=True, text="Lægeligt.")
    data = export_client(her.centre_leader, client.pk, purpose="insight_request", today=TODAY)
    assert [r["text"] for r in data["sections"]["journal_notes"]] == ["Til indsigt."]
    assert [r["text"] for r in data["sections"]["medical_journal_notes"]] == ["Lægeligt."]


def test_the_journal_reads_a_fixed_number_of_queries(her, django_assert_max_num_queries):
    client = citizen(her)
    for i in range(3):
        _note(her, client, text=f"Notat {i}")
    with django_assert_max_num_queries(14) as few:
        queries.journal(her.treater, client.pk, purpose="journal")
    for i in range(30):
        _note(her, client, text=f"Flere {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        queries.journal(her.treater, client.pk, purpose="journal")
