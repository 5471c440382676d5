"""The journal screens (issue 13 § 1): write, read, search, sign and correct a note as a treater;
a secretary is refused; bad input is shown at the field and writes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.db.factories import Town
from tests.db.test_course_services import citizen, contact
from tests.web.conftest import signed_in
from vendepunkt.journal.models import JournalNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def her():
    return Town("herning")


def _form(**extra):
    data = {
        "kind": "conversation",
        "contact_course": "",
        "day": "2026-11-20",
        "time": "10:30",
        "text": "Borgeren fortalte om sin uge.",
    }
    data.update(extra)
    return data


def test_R46_a_treater_writes_signs_and_corrects_a_note(her):
    client = citizen(her)
    course = contact(her, client).contact_course
    web = signed_in(her.treater)
    page = web.get(reverse("citizen-detail", args=[client.pk]))
    assert reverse("journal", args=[client.pk]) in page.content.decode()
    response = web.post(
        reverse("journal-note-new", args=[client.pk]),
        _form(contact_course=str(course.pk), sign="on"),
    )
    assert response.status_code == 302
    note = JournalNote.objects.get()
    assert note.signed_at is not None and note.contact_course == course
    journal = web.get(reverse("journal", args=[client.pk])).content.decode()
    assert "Borgeren fortalte om sin uge." in journal and "Samtalenotat" in journal
    detail = web.get(reverse("journal-note", args=[note.pk])).content.decode()
    assert 'id="amend-form"' in detail and 'id="edit-form"' not in detail
    response = web.post(
        reverse("journal-note-amend", args=[note.pk]),
        {"text": "Borgeren fortalte om sin weekend.", "reason": "Forkert dag."},
    )
    assert response.status_code == 302
    detail = web.get(reverse("journal-note", args=[note.pk])).content.decode()
    assert "Borgeren fortalte om sin uge." in detail  # the original stays
    assert "Borgeren fortalte om sin weekend." in detail and "Forkert dag." in detail
    found = web.get(reverse("journal", args=[client.pk]), {"q": "weekend"}).content.decode()
    assert f'id="note-{note.pk}"' in found


def test_an_empty_note_is_shown_at_the_field_and_writes_nothing(her):
    client = citizen(her)
    web = signed_in(her.treater)
    response = web.post(reverse("journal-note-new", args=[client.pk]), _form(text=""))
    assert response.status_code == 200
    assert 'id="id_text-error"' in response.content.decode()
    response = web.post(reverse("journal-note-new", args=[client.pk]), _form(day="2026-12-31"))
    assert "Et notat fortæller om det, der er sket." in response.content.decode()
    assert not JournalNote.objects.exists()


def test_a_secretary_has_no_journal(her):
    client = citizen(her)
    web = signed_in(her.secretary)
    assert web.get(reverse("journal", args=[client.pk])).status_code == 403
    page = web.get(reverse("citizen-detail", args=[client.pk])).content.decode()
    assert reverse("journal", args=[client.pk]) not in page


def test_R46_the_journal_is_a_timeline_with_the_course_events(her):
    """Issue 13 § 1: the notes with the course's events between them, newest first; the events
    of the stretch of time the page's notes cover; searching shows notes only."""
    from vendepunkt.audit.models import ReadLogEntry

    client = citizen(her)
    course = contact(her, client).contact_course  # the contact of 2 November 2026
    web = signed_in(her.treater)
    web.post(reverse("journal-note-new", args=[client.pk]), _form(day="2026-11-20"))
    web.post(
        reverse("journal-note-new", args=[client.pk]),
        _form(day="2026-10-01", text="En ældre note."),
    )
    html = web.get(reverse("journal", args=[client.pk])).content.decode()
    assert 'class="journal-event"' in html and "Henvendelse" in html
    newer = html.index("Borgeren fortalte om sin uge.")
    event = html.index('class="journal-event"')
    older = html.index("En ældre note.")
    assert newer < event < older  # the contact of 2 November lies between the two notes
    assert f'href="/forloeb/{course.pk}/"' in html
    assert ReadLogEntry.objects.filter(
        client_id=client.pk,
        record_type="contact_course",
        record_id=str(course.pk),
        purpose="journal",
    ).exists()
    notes_only = web.get(reverse("journal", args=[client.pk]), {"haendelser": "nej"})
    assert 'class="journal-event"' not in notes_only.content.decode()
    searched = web.get(reverse("journal", args=[client.pk]), {"q": "ældre"}).content.decode()
    assert 'class="journal-event"' not in searched


def test_an_unsigned_note_is_edited_and_a_stale_edit_is_refused_at_the_form(her):
    client = citizen(her)
    web = signed_in(her.treater)
    assert web.post(reverse("journal-note-new", args=[client.pk]), _form()).status_code == 302
    note = JournalNote.objects.get()
    url = reverse("journal-note-edit", args=[note.pk])
    stale = web.post(url, {"text": "Ny tekst.", "version": str(note.version + 1)})
    assert stale.status_code == 400 and 'id="edit-form"' in stale.content.decode()
    note.refresh_from_db()
    assert note.text == "Borgeren fortalte om sin uge."
    done = web.post(url, {"text": "Ny tekst.", "version": str(note.version)})
    assert done.status_code == 302
    note.refresh_from_db()
    assert note.text == "Ny tekst."
