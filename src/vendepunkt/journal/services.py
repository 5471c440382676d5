"""Writing the journal (R46; issue 13 § 1). Every change checks permission (deny by default),
runs in one transaction with the note locked, and writes the audit entry.

- A note is written by a member of staff who may work on the citizen's course (or, for a note
  on the citizen alone, on the citizen): treaters of the course's team, caseworkers, leaders,
  doctors and nurses. Medical notes are written and read by doctors and nurses only.
- The author may edit a note until it is signed or locked; it locks by itself
  `settings.VENDEPUNKT_JOURNAL_LOCK_HOURS` after it was written (D75). After that a
  correction is an amendment: a new note that points to the original, with its reason; the
  original stays as it was and is shown beside it.
- A note confidential to the team is read only by the team's members and its author."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import HAPPENED, check_dates
from vendepunkt.accounts.models import Team
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import audit_change
from vendepunkt.citizens.models import Client
from vendepunkt.courses import models as c
from vendepunkt.courses.guard import course_guard
from vendepunkt.groups.models import GroupSession, Membership

from .models import JournalNote
from .vocabulary import NoteKind, Subject

if TYPE_CHECKING:
    from vendepunkt.accounts.models import User

FIELDS = (
    "client_id",
    "contact_course_id",
    "group_session_id",
    "subject_type",
    "subject_id",
    "kind",
    "text",
    "event_at",
    "medical",
    "confidential_team_id",
    "signed_at",
    "amends_id",
    "amendment_reason",
    "version",
)
MAX_TEXT = 20_000
STALE = "stale"


class Guard:
    """What the permission rules see of a note or of a note to be written: its municipality and
    the team of its course (none for a note on the citizen alone)."""

    def __init__(self, municipality_id: int, team_id: int | None):
        self.municipality_id = municipality_id
        self.team_id = team_id


def guard_for(client: Client, course: c.ContactCourse | None) -> Guard | None:
    if course is None:
        return Guard(client.municipality_id, None)
    g = course_guard(course)
    return Guard(g.municipality_id, g.team_id) if g is not None else None


def note_kinds(municipality: Any) -> list[tuple[str, str]]:
    """The kinds a note can have here: every centre's, then the municipality's own from its
    standard (`journal.note_kinds`), in the language asked for."""
    kinds = [(k.value, str(k.label)) for k in NoteKind]
    standard = municipality.standard() if municipality is not None else None
    if standard is not None:
        kinds += [(kind.id, kind.name) for kind in standard.journal.note_kinds]
    return kinds


def is_locked(note: JournalNote, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    hours = int(getattr(settings, "VENDEPUNKT_JOURNAL_LOCK_HOURS", 24))
    return note.signed_at is not None or note.written_at + dt.timedelta(hours=hours) <= now


def _subject(client: Client, course: c.ContactCourse | None, kind: str, pk: int | None) -> None:
    """The event a note is about belongs to the note's course (and so to the citizen)."""
    if not kind and pk is None:
        return
    if kind not in Subject.values or pk is None:
        raise ServiceError(_("Unknown event for the note."), field="subject_type")
    if course is None:
        raise ServiceError(_("A note about an event needs its course."), field="contact_course")
    lookups: dict[str, tuple[Any, str]] = {
        Subject.CONTACT: (c.Contact, "contact_course_id"),
        Subject.COUNSELLING_TALK: (c.CounsellingTalk, "contact_course_id"),
        Subject.APPOINTMENT: (c.Appointment, "contact_course_id"),
        Subject.STAY: (c.ResidentialStay, "treatment__contact_course_id"),
    }
    model, path = lookups[kind]
    if not model.objects.filter(pk=pk, **{path: course.pk}).exists():
        raise ServiceError(_("The event is not one of the course's."), field="subject_id")


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Write the note."), field="text")
    if len(text) > MAX_TEXT:
        raise ServiceError(_("A note is at most %(max)s characters."), max=MAX_TEXT, field="text")
    return text


def _check_kind(municipality: Any, kind: str, medical: bool) -> None:
    if kind not in {k for k, _label in note_kinds(municipality)}:
        raise ServiceError(_("Unknown kind of note."), field="kind")
    if kind == NoteKind.MEDICAL and not medical:
        raise ServiceError(_("A medical note is marked medical."), field="medical")


def write_note(
    actor: Actor,
    client: Client,
    *,
    kind: str,
    text: str,
    event_at: dt.datetime,
    contact_course: c.ContactCourse | None = None,
    subject_type: str = "",
    subject_id: int | None = None,
    medical: bool = False,
    confidential: bool = False,
    sign: bool = False,
    group_session: GroupSession | None = None,
    today: dt.date,
) -> JournalNote:
    """A new note by `actor`; signed at once (and so locked) with `sign`. With `group_session`,
    a note on one participant of a group's session, written by the group's staff (who may record
    the group's attendance) on a member of the group (groups/, issue 13 § 4)."""
    if contact_course is not None and contact_course.client_id != client.pk:
        raise NotFound("ContactCourse")
    if group_session is not None:
        _require_participant(actor, client, group_session)
    else:
        require(actor, "journal.write_note", guard_for(client, contact_course))
    if medical:
        require(actor, "courses.record_medical", client)
    check_dates(today, event_at=(event_at, HAPPENED))
    if timezone.localtime(event_at).date() > today:
        raise ServiceError(_("A note tells of what has happened."), field="event_at")
    text = _check_text(text)
    _check_kind(actor.municipality, kind, medical)
    team = _confidential_team(actor, client, contact_course) if confidential else None
    with transaction.atomic():
        Client.objects.select_for_update().filter(pk=client.pk).first()
        _subject(client, contact_course, subject_type, subject_id)
        note = JournalNote.objects.create(
            municipality_id=client.municipality_id,
            client=client,
            contact_course=contact_course,
            subject_type=subject_type,
            subject_id=subject_id,
            kind=kind,
            text=text,
            event_at=event_at,
            author=cast("User", actor),
            medical=medical,
            confidential_team=team,
            signed_at=timezone.now() if sign else None,
            group_session=group_session,
        )
        audit_change(actor, Action.NOTE_WRITTEN, note, fields=FIELDS)
    return note


def _require_participant(actor: Actor, client: Client, session: GroupSession) -> None:
    """The group's staff write on a member of the group: another municipality's session or a
    citizen who is not on the group's roster is not found."""
    group = session.group
    require(actor, "groups.record_attendance", group)
    if not Membership.objects.filter(group_id=group.pk, client_id=client.pk).exists():
        raise NotFound("Membership")


def _confidential_team(actor: Actor, client: Client, course: c.ContactCourse | None) -> Team:
    """The team a confidential note is kept within: the course's team, else the author's one."""
    g = guard_for(client, course)
    team_id = g.team_id if g is not None else None
    if team_id is None:
        mine = sorted(cast("User", actor).team_ids())
        if len(mine) != 1:
            raise ServiceError(
                _("A confidential note needs a team: give the note a course with a team."),
                field="confidential",
            )
        team_id = mine[0]
    return Team.objects.get(pk=team_id)


def _locked_note(actor: Actor, note_id: int) -> JournalNote:
    note = (
        # lock the note only: PostgreSQL refuses FOR UPDATE on the outer join's nullable course
        JournalNote.objects.select_for_update(of=("self",))
        .select_related("client", "contact_course")
        .filter(pk=note_id, municipality_id=actor.municipality_id)
        .first()
    )
    if note is None:
        raise NotFound("JournalNote")
    require(actor, "journal.write_note", guard_for(note.client, note.contact_course))
    if not may_read(actor, note):
        raise NotFound("JournalNote")
    return note


def require_may_write(actor: Actor, note_id: int) -> JournalNote:
    """Refuse before anything else (a form is read) one who may not change the note: another
    municipality's or an unreadable note is not found, a role that may not write is refused."""
    note = (
        JournalNote.objects.select_related("client", "contact_course")
        .filter(pk=note_id, municipality_id=actor.municipality_id)
        .first()
    )
    if note is None:
        raise NotFound("JournalNote")
    require(actor, "journal.write_note", guard_for(note.client, note.contact_course))
    if not may_read(actor, note):
        raise NotFound("JournalNote")
    return note


def may_read(actor: Actor, note: JournalNote) -> bool:
    """Need to know beyond the role's permission: medical notes for clinicians, confidential notes
    for the team's members and the author."""
    user = cast("User", actor)
    if note.medical and user.role not in ("doctor", "nurse"):
        return False
    if note.confidential_team_id is not None and note.author_id != user.pk:
        return note.confidential_team_id in user.team_ids()
    return True


def edit_note(
    actor: Actor, note_id: int, *, text: str, expected_version: int | None = None
) -> JournalNote:
    """The author edits a note that is neither signed nor locked."""
    text = _check_text(text)
    with transaction.atomic():
        note = _locked_note(actor, note_id)
        if note.author_id != actor.pk:
            raise ServiceError(_("Only the author edits a note."), code="not_author")
        if is_locked(note):
            raise ServiceError(
                _("The note is locked: correct it with an amendment."), code="locked"
            )
        if expected_version is not None and expected_version != note.version:
            raise ServiceError(
                _("The note was changed since you read it. Read it again."), code=STALE
            )
        before = {"text": note.text, "version": note.version}
        note.text = text
        note.version += 1
        note.save(update_fields=["text", "version"])
        audit_change(actor, Action.NOTE_EDITED, note, fields=("text", "version"), before=before)
    return note


def sign_note(actor: Actor, note_id: int) -> JournalNote:
    """The author signs the note; from then on it is locked."""
    with transaction.atomic():
        note = _locked_note(actor, note_id)
        if note.author_id != actor.pk:
            raise ServiceError(_("Only the author signs a note."), code="not_author")
        if note.signed_at is not None:
            raise ServiceError(_("The note is already signed."), code="signed")
        note.signed_at = timezone.now()
        note.version += 1
        note.save(update_fields=["signed_at", "version"])
        audit_change(actor, Action.NOTE_SIGNED, note, fields=("signed_at", "version"))
    return note


def amend_note(actor: Actor, note_id: int, *, text: str, reason: str) -> JournalNote:
    """A correction of a note: a new, signed note that points to the original and says why.
    The original is left as it was."""
    text = _check_text(text)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the note is corrected."), field="reason")
    with transaction.atomic():
        original = _locked_note(actor, note_id)
        if original.amends_id is not None:
            original = _locked_note(actor, original.amends_id)
        amendment = JournalNote.objects.create(
            municipality_id=original.municipality_id,
            client_id=original.client_id,
            contact_course_id=original.contact_course_id,
            subject_type=original.subject_type,
            subject_id=original.subject_id,
            kind=original.kind,
            text=text,
            event_at=original.event_at,
            author=cast("User", actor),
            medical=original.medical,
            confidential_team_id=original.confidential_team_id,
            signed_at=timezone.now(),
            amends=original,
            amendment_reason=reason,
        )
        audit_change(actor, Action.NOTE_AMENDED, amendment, fields=FIELDS)
    return amendment
