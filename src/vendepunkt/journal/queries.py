"""Reading the journal (R46, R48): a citizen's notes the reader may see, newest first, with their
amendments beside them, searchable, on pages; and the notes as a timeline with the course events.
Every note shown is written to the read log in one query; the number of queries does not depend
on the number of notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Q

from vendepunkt.accounts.access import NotFound, can, require
from vendepunkt.accounts.models import Role
from vendepunkt.audit.services import log_reads
from vendepunkt.citizens.models import Client
from vendepunkt.courses.models import ContactCourse

from .models import JournalNote
from .services import Guard, guard_for, is_locked, may_read

PER_PAGE = 25
MAX_QUERY = 200


@dataclass
class NoteView:
    note: JournalNote
    locked: bool
    amendments: list[JournalNote] = field(default_factory=list)
    kind_label: str = ""  # the kind in words, set by the interface

    @property
    def current(self) -> JournalNote:
        """The text as it stands: the latest amendment, or the note itself."""
        return self.amendments[-1] if self.amendments else self.note


@dataclass
class Journal:
    client: Client
    page: Page
    notes: list[NoteView]
    query: str
    may_write: bool
    may_write_medical: bool
    courses: list[ContactCourse]


def visible(user: Any) -> Q:
    """The notes `user` may read (need to know): medical ones for clinicians only, confidential
    ones for the team's members and the author, and for a treater only the notes on the citizen
    alone or on a course of their teams (or on a course no team has yet)."""
    q = Q()
    if user.role not in (Role.DOCTOR, Role.NURSE):
        q &= Q(medical=False)
    q &= (
        Q(confidential_team__isnull=True)
        | Q(confidential_team_id__in=user.team_ids())
        | Q(author=user)
    )
    if user.role == Role.TREATER:
        teams = user.team_ids()
        q &= (
            Q(contact_course__isnull=True)
            | Q(contact_course__treatment__team_id__in=teams)
            | Q(contact_course__treatment__isnull=True, contact_course__team_id__in=teams)
            | Q(contact_course__treatment__team__isnull=True, contact_course__team__isnull=True)
            | Q(group_session__group__team_id__in=teams)
        )
    return q


def _client(user: Any, client_id: int) -> Client:
    client = Client.objects.filter(pk=client_id, municipality_id=user.municipality_id).first()
    require(user, "journal.view_notes", Guard(client.municipality_id, None) if client else None)
    if client is None:
        raise NotFound("Client")
    return client


def journal(
    user: Any,
    client_id: int,
    *,
    query: str = "",
    page: int | str = 1,
    per_page: int = PER_PAGE,
    purpose: str,
) -> Journal:
    client = _client(user, client_id)
    query = (query or "").strip()[:MAX_QUERY]
    originals = (
        JournalNote.objects.filter(client=client, amends__isnull=True)
        .filter(visible(user))
        .select_related("author", "contact_course", "confidential_team")
        .order_by("-event_at", "-id")
    )
    if query:
        originals = originals.filter(
            Q(text__icontains=query) | Q(amendments__text__icontains=query)
        ).distinct()
    paged = Paginator(originals, per_page).get_page(page)
    shown = list(paged.object_list)
    amendments: dict[int, list[JournalNote]] = {}
    for a in (
        JournalNote.objects.filter(amends__in=shown)
        .select_related("author")
        .order_by("written_at", "id")
    ):
        amendments.setdefault(cast("int", a.amends_id), []).append(a)
    views = [NoteView(n, is_locked(n), amendments.get(n.pk, [])) for n in shown]
    reads = [(client.pk, "journalnote", note.pk) for v in views for note in (v.note, *v.amendments)]
    if reads:
        log_reads(user, reads, purpose=purpose)
    else:
        log_reads(user, [(client.pk, "journal", client.pk)], purpose=purpose)
    courses = list(
        ContactCourse.objects.filter(client=client)
        .select_related("treatment")
        .order_by("-opened_on")
    )
    courses = [
        course for course in courses if can(user, "journal.write_note", guard_for(client, course))
    ]
    return Journal(
        client=client,
        page=paged,
        notes=views,
        query=query,
        may_write=can(user, "journal.write_note", guard_for(client, None)),
        may_write_medical=can(user, "courses.record_medical", client),
        courses=courses,
    )


def note(user: Any, note_id: int, *, purpose: str) -> NoteView:
    found = (
        JournalNote.objects.select_related("client", "contact_course", "author")
        .filter(pk=note_id, municipality_id=user.municipality_id)
        .first()
    )
    if found is None:
        raise NotFound("JournalNote")
    require(user, "journal.view_notes", guard_for(found.client, found.contact_course))
    if (
        not may_read(user, found)
        or not JournalNote.objects.filter(Q(pk=found.pk) & visible(user)).exists()
    ):
        raise NotFound("JournalNote")
    original = found.amends if found.amends_id else found
    if original is None:
        raise NotFound("JournalNote")
    amendments = list(original.amendments.select_related("author").order_by("written_at", "id"))
    view = NoteView(original, is_locked(original), amendments)
    log_reads(
        user,
        [(original.client_id, "journalnote", n.pk) for n in (original, *amendments)],
        purpose=purpose,
    )
    return view


__all__ = ["Journal", "NoteView", "journal", "note", "visible"]
