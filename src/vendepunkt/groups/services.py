"""Group treatment (issue 13 § 4): every change of a group, its roster, its sessions, their
attendance and notes. Each function takes the acting user, checks permission (deny by default,
`groups.*` in accounts/permissions.py), checks dates against the named bounds, runs in one
transaction with the row it changes locked, and writes the audit entry (D100–D103).

- A group runs a service the municipality's standard offers as a group (`Service.format` group
  or mixed); it belongs to one team and has leaders (staff), a capacity and an intake: continuous
  (members join and leave at any time) or fixed (members join until the first session starts).
- A member is a citizen through their course, or a relative (a client of kind relative, family
  or child of a user) without one. The capacity counts the members who have not left.
- Attendance is recorded for the whole group at once, for a session that has started.
- A session has its own note for the group's staff and one journal note per participant
  (journal.services.write_note with the session), which names no other participant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import PLANNED, check_dates
from vendepunkt.accounts.models import Role, Team, User
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import audit_change
from vendepunkt.citizens.models import Client, ClientKind
from vendepunkt.courses.guard import course_guard
from vendepunkt.courses.models import ContactCourse
from vendepunkt.journal import services as journal
from vendepunkt.journal.models import JournalNote
from vendepunkt.journal.vocabulary import NoteKind

from .models import Attendance, Group, GroupSession, Membership
from .vocabulary import GROUP_FORMATS, Intake, LeftReason, Presence

if TYPE_CHECKING:
    from vendepunkt.rules.standards.schema import Service

GROUP_FIELDS = (
    "team_id",
    "service_id",
    "name",
    "capacity",
    "intake",
    "starts_on",
    "ends_on",
    "version",
)
MEMBER_FIELDS = (
    "group_id",
    "client_id",
    "contact_course_id",
    "joined_on",
    "left_on",
    "left_reason",
    "left_note",
    "version",
)
SESSION_FIELDS = (
    "group_id",
    "starts_at",
    "length_minutes",
    "place",
    "cancelled_at",
    "cancel_reason",
    "version",
)
MAX_CAPACITY = 100
MAX_SERIES = 52
MIN_LENGTH, MAX_LENGTH = 15, 600
MAX_TEXT = journal.MAX_TEXT
# clients who join a group without a course of their own (relatives' and children's groups)
WITHOUT_COURSE = frozenset({ClientKind.RELATIVE, ClientKind.FAMILY, ClientKind.CHILD_OF_USER})
LEADER_ROLES = frozenset(
    {Role.TREATER, Role.DOCTOR, Role.NURSE, Role.VISITATION_CASEWORKER, Role.CENTRE_LEADER}
)


class Guard:
    """What the permission rules see of a group to be created: its municipality and team."""

    def __init__(self, municipality_id: int, team_id: int | None):
        self.municipality_id = municipality_id
        self.team_id = team_id


def group_services(municipality: Any) -> list[Service]:
    """The services of the municipality's standard that can run as a group: those whose
    `format` is group or mixed (`Service.format`, coverage.USED_BY)."""
    standard = municipality.standard() if municipality is not None else None
    if standard is None:
        return []
    return [s for s in standard.services if s.format is not None and s.format in GROUP_FORMATS]


def _check_service(municipality: Any, service_id: str) -> None:
    if service_id not in {s.id for s in group_services(municipality)}:
        raise ServiceError(
            _("The standard offers no group service %(service)s."),
            service=service_id,
            field="service_id",
            code="not_a_group_service",
        )


def _text(value: str, field: str, *, required: bool = True, max_length: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(_("Fill in this field."), field=field)
    if len(value) > max_length:
        raise ServiceError(
            _("At most %(max)s characters."), max=max_length, field=field, code="too_long"
        )
    return value


def _check_capacity(capacity: int) -> None:
    if not 1 <= capacity <= MAX_CAPACITY:
        raise ServiceError(
            _("A group has from 1 to %(max)s places."), max=MAX_CAPACITY, field="capacity"
        )


def create_group(
    actor: Actor,
    *,
    service_id: str,
    name: str,
    team: Team,
    capacity: int,
    intake: str,
    starts_on: dt.date,
    leaders: Iterable[User],
    ends_on: dt.date | None = None,
    today: dt.date,
) -> Group:
    """A new group of one of the standard's group services, run by `team`, led by `leaders`."""
    municipality_id = (
        Team.objects.filter(pk=team.pk).values_list("centre__municipality_id", flat=True).first()
    )
    if municipality_id != actor.municipality_id:
        raise NotFound("Team")
    require(actor, "groups.manage_group", Guard(municipality_id, team.pk))
    check_dates(today, starts_on=(starts_on, PLANNED), ends_on=(ends_on, PLANNED))
    name = _text(name, "name", max_length=200)
    _check_service(actor.municipality, service_id)
    _check_capacity(capacity)
    if intake not in Intake.values:
        raise ServiceError(_("Choose how members join the group."), field="intake")
    if ends_on is not None and ends_on < starts_on:
        raise ServiceError(_("The group ends after it starts."), field="ends_on")
    chosen = list(leaders)
    if not chosen:
        raise ServiceError(_("A group has at least one leader."), field="leaders")
    for leader in chosen:
        if leader.municipality_id != actor.municipality_id or leader.role not in LEADER_ROLES:
            raise ServiceError(
                _("A group's leaders are the centre's treaters, clinicians or leaders."),
                field="leaders",
            )
    with transaction.atomic():
        group = Group.objects.create(
            municipality_id=municipality_id,
            team=team,
            service_id=service_id,
            name=name,
            capacity=capacity,
            intake=intake,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        group.leaders.set(chosen)
        audit_change(
            actor,
            Action.GROUP_CREATED,
            group,
            after={
                **{f: _plain(getattr(group, f)) for f in GROUP_FIELDS},
                "leader_ids": sorted(u.pk for u in chosen),
            },
        )
    return group


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _locked_group(actor: Actor, group_id: int, perm: str) -> Group:
    group = (
        Group.objects.select_for_update()
        .filter(pk=group_id, municipality_id=actor.municipality_id)
        .first()
    )
    if group is None:
        raise NotFound("Group")
    require(actor, perm, group)
    return group


def require_may(actor: Actor, group_id: int, perm: str = "groups.manage_group") -> Group:
    """Refuse before a form is read one who may not change the group: another municipality's
    group is not found, a role that may not is refused."""
    group = Group.objects.filter(pk=group_id, municipality_id=actor.municipality_id).first()
    if group is None:
        raise NotFound("Group")
    return require(actor, perm, group)


def require_may_create(actor: Actor) -> None:
    """Refuse one who may set up no group at all (before a form is shown)."""
    require(actor, "groups.manage_group", Guard(actor.municipality_id, None))


def require_may_leave(actor: Actor, membership_id: int) -> Membership:
    """Refuse before a form is read one who may not change the membership's group."""
    membership = (
        Membership.objects.select_related("group", "client")
        .filter(pk=membership_id, municipality_id=actor.municipality_id)
        .first()
    )
    if membership is None:
        raise NotFound("Membership")
    require(actor, "groups.manage_group", membership.group)
    return membership


def active_members(group: Group, on: dt.date | None = None) -> Any:
    """The group's members who have not left (on `on`: who had joined and not yet left)."""
    members = Membership.objects.filter(group_id=group.pk)
    if on is None:
        return members.filter(left_on__isnull=True)
    return members.filter(joined_on__lte=on).exclude(left_on__lt=on)


def add_member(
    actor: Actor,
    group_id: int,
    *,
    client: Client,
    contact_course: ContactCourse | None = None,
    joined_on: dt.date,
    today: dt.date,
) -> Membership:
    """Put a citizen (through their course) or a relative on the group's roster."""
    check_dates(today, joined_on=(joined_on, PLANNED))
    with transaction.atomic():
        group = _locked_group(actor, group_id, "groups.manage_group")
        if client.municipality_id != group.municipality_id:
            raise NotFound("Client")
        if contact_course is None:
            if client.client_kind not in WITHOUT_COURSE:
                raise ServiceError(
                    _("A citizen joins a group through their course: choose the course."),
                    field="contact_course",
                    code="course_needed",
                )
        else:
            if contact_course.client_id != client.pk:
                raise NotFound("ContactCourse")
            require(actor, "courses.view_course", course_guard(contact_course))
            if contact_course.closed_on is not None and contact_course.closed_on < joined_on:
                raise ServiceError(
                    _("The course was closed on %(date)s."),
                    date=contact_course.closed_on.strftime("%d.%m.%Y"),
                    field="contact_course",
                )
        if joined_on < group.starts_on - dt.timedelta(days=366):
            raise ServiceError(_("A member joins near the group's start."), field="joined_on")
        if group.ends_on is not None and joined_on > group.ends_on:
            raise ServiceError(
                _("The group ended on %(date)s."),
                date=group.ends_on.strftime("%d.%m.%Y"),
                field="joined_on",
            )
        if group.intake == Intake.FIXED:
            first = (
                GroupSession.objects.filter(
                    group_id=group.pk, cancelled_at__isnull=True, starts_at__lte=timezone.now()
                )
                .order_by("starts_at")
                .first()
            )
            if first is not None:
                raise ServiceError(
                    _(
                        "The group has fixed intake and its first session was on %(date)s: "
                        "new members join the next group."
                    ),
                    date=timezone.localtime(first.starts_at).strftime("%d.%m.%Y"),
                    field="joined_on",
                    code="intake_closed",
                )
        if active_members(group).filter(client_id=client.pk).exists():
            raise ServiceError(
                _("The citizen is already a member of the group."),
                field="client",
                code="already_member",
            )
        taken = active_members(group).count()
        if taken >= group.capacity:
            raise ServiceError(
                _(
                    "The group is full: all %(capacity)s places are taken. "
                    "A member must leave before another can join."
                ),
                capacity=group.capacity,
                field="client",
                code="full",
            )
        membership = Membership.objects.create(
            municipality_id=group.municipality_id,
            group=group,
            client=client,
            contact_course=contact_course,
            joined_on=joined_on,
            added_by=cast("User", actor),
        )
        audit_change(actor, Action.GROUP_MEMBER_ADDED, membership, fields=MEMBER_FIELDS)
    return membership


def end_membership(
    actor: Actor,
    membership_id: int,
    *,
    left_on: dt.date,
    reason: str,
    note: str = "",
    today: dt.date,
) -> Membership:
    """A member leaves the group on `left_on`, with the reason."""
    check_dates(today, left_on=(left_on, PLANNED))
    if reason not in LeftReason.values:
        raise ServiceError(_("Choose why the member leaves."), field="reason")
    note = _text(note, "note", required=False, max_length=2000)
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .filter(pk=membership_id, municipality_id=actor.municipality_id)
            .first()
        )
        if membership is None:
            raise NotFound("Membership")
        require(actor, "groups.manage_group", Group.objects.get(pk=membership.group_id))
        if membership.left_on is not None:
            raise ServiceError(
                _("The member left the group on %(date)s."),
                date=membership.left_on.strftime("%d.%m.%Y"),
                code="left",
            )
        if left_on < membership.joined_on:
            raise ServiceError(_("A member leaves after joining."), field="left_on")
        before = {"left_on": None, "left_reason": "", "version": membership.version}
        membership.left_on = left_on
        membership.left_reason = reason
        membership.left_note = note
        membership.version += 1
        membership.save(update_fields=["left_on", "left_reason", "left_note", "version"])
        audit_change(
            actor, Action.GROUP_MEMBER_LEFT, membership, fields=MEMBER_FIELDS, before=before
        )
    return membership


def _check_session(length_minutes: int, place: str) -> str:
    if not MIN_LENGTH <= length_minutes <= MAX_LENGTH:
        raise ServiceError(
            _("A session lasts from %(min)s to %(max)s minutes."),
            min=MIN_LENGTH,
            max=MAX_LENGTH,
            field="length_minutes",
        )
    return _text(place, "place", max_length=200)


def plan_series(
    actor: Actor,
    group_id: int,
    *,
    first_day: dt.date,
    weekday: int,
    at: dt.time,
    length_minutes: int,
    count: int,
    place: str,
    today: dt.date,
) -> list[GroupSession]:
    """A weekly series of `count` sessions on `weekday` (0 Monday … 6 Sunday) at `at`, the first
    on or after `first_day`."""
    if not 0 <= weekday <= 6:
        raise ServiceError(_("Choose a weekday."), field="weekday")
    if at.tzinfo is not None:
        raise ServiceError(
            _("Give the time of day in local time, without a time zone."), field="time"
        )
    if not 1 <= count <= MAX_SERIES:
        raise ServiceError(
            _("A series has from 1 to %(max)s sessions."), max=MAX_SERIES, field="count"
        )
    check_dates(today, first_day=(first_day, PLANNED))
    place = _check_session(length_minutes, place)
    start = first_day + dt.timedelta(days=(weekday - first_day.weekday()) % 7)
    days = [start + dt.timedelta(weeks=i) for i in range(count)]
    check_dates(today, first_day=(days[0], PLANNED), count=(days[-1], PLANNED))
    times = [timezone.make_aware(dt.datetime.combine(day, at)) for day in days]
    return _create_sessions(actor, group_id, times, length_minutes, place)


def add_session(
    actor: Actor,
    group_id: int,
    *,
    starts_at: dt.datetime,
    length_minutes: int,
    place: str,
    today: dt.date,
) -> GroupSession:
    """One extra session of the group."""
    place = _check_session(length_minutes, place)
    check_dates(today, starts_at=(starts_at, PLANNED))
    return _create_sessions(actor, group_id, [starts_at], length_minutes, place)[0]


def _create_sessions(
    actor: Actor, group_id: int, times: list[dt.datetime], length_minutes: int, place: str
) -> list[GroupSession]:
    with transaction.atomic():
        group = _locked_group(actor, group_id, "groups.manage_group")
        sessions = [
            GroupSession.objects.create(
                municipality_id=group.municipality_id,
                group=group,
                starts_at=at,
                length_minutes=length_minutes,
                place=place,
            )
            for at in times
        ]
        audit_change(
            actor,
            Action.GROUP_SESSIONS_PLANNED,
            group,
            after={
                "session_ids": [s.pk for s in sessions],
                "starts_at": [s.starts_at.isoformat() for s in sessions],
                "length_minutes": length_minutes,
                "place": place,
            },
        )
    return sessions


def _locked_session(actor: Actor, session_id: int, perm: str) -> GroupSession:
    session = (
        GroupSession.objects.select_for_update(of=("self",))
        .select_related("group")
        .filter(pk=session_id, municipality_id=actor.municipality_id)
        .first()
    )
    if session is None:
        raise NotFound("GroupSession")
    require(actor, perm, session.group)
    return session


def require_may_session(
    actor: Actor, session_id: int, perm: str = "groups.record_attendance"
) -> GroupSession:
    """Refuse before a form is read one who may not change the session."""
    session = (
        GroupSession.objects.select_related("group")
        .filter(pk=session_id, municipality_id=actor.municipality_id)
        .first()
    )
    if session is None:
        raise NotFound("GroupSession")
    require(actor, perm, session.group)
    return session


def cancel_session(actor: Actor, session_id: int, *, reason: str) -> GroupSession:
    """Cancel one session (it stays in the series, marked cancelled)."""
    reason = _text(reason, "reason", max_length=500)
    with transaction.atomic():
        session = _locked_session(actor, session_id, "groups.manage_group")
        if session.cancelled_at is not None:
            raise ServiceError(_("The session is already cancelled."), code="cancelled")
        if Attendance.objects.filter(session_id=session.pk).exists():
            raise ServiceError(
                _("Attendance is recorded for the session: it took place."), code="held"
            )
        before = {"cancelled_at": None, "cancel_reason": "", "version": session.version}
        session.cancelled_at = timezone.now()
        session.cancel_reason = reason
        session.version += 1
        session.save(update_fields=["cancelled_at", "cancel_reason", "version"])
        audit_change(
            actor, Action.GROUP_SESSION_CANCELLED, session, fields=SESSION_FIELDS, before=before
        )
    return session


def roster_at(session: GroupSession) -> Any:
    """The members of the session's group on the session's day."""
    return active_members(session.group, timezone.localtime(session.starts_at).date())


def _started(session: GroupSession, now: dt.datetime) -> None:
    if session.cancelled_at is not None:
        raise ServiceError(_("The session is cancelled."), code="cancelled")
    if session.starts_at > now:
        raise ServiceError(
            _("The session has not started yet (%(at)s): record it when it has begun."),
            at=timezone.localtime(session.starts_at).strftime("%d.%m.%Y %H:%M"),
            code="not_started",
        )


def record_attendance(
    actor: Actor,
    session_id: int,
    *,
    marks: Mapping[int, str],
    now: dt.datetime | None = None,
) -> list[Attendance]:
    """The attendance of the whole group at a session that has started: one mark (present,
    absent with notice, absent without notice) for every member on the roster that day. A
    second call corrects the marks."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked_session(actor, session_id, "groups.record_attendance")
        _started(session, now)
        roster = {m.pk: m for m in roster_at(session)}
        unknown = [pk for pk in marks if pk not in roster]
        if unknown:
            raise NotFound("Membership")
        for presence in marks.values():
            if presence not in Presence.values:
                raise ServiceError(_("Unknown attendance mark."), field="marks")
        missing = len(roster) - len(marks)
        if missing:
            raise ServiceError(
                _("Mark every member of the group: %(n)s not marked."),
                n=missing,
                field="marks",
                code="incomplete",
            )
        existing = {a.membership_id: a for a in Attendance.objects.filter(session_id=session.pk)}
        before = {str(k): a.presence for k, a in sorted(existing.items())}
        changed, new = [], []
        for membership_id, presence in marks.items():
            mark = existing.get(membership_id)
            if mark is None:
                new.append(
                    Attendance(
                        municipality_id=session.municipality_id,
                        session=session,
                        membership_id=membership_id,
                        presence=presence,
                        recorded_by=cast("User", actor),
                    )
                )
            elif mark.presence != presence:
                mark.presence = presence
                mark.recorded_by = cast("User", actor)
                changed.append(mark)
        Attendance.objects.bulk_create(new)
        if changed:
            Attendance.objects.bulk_update(changed, ["presence", "recorded_by"])
        audit_change(
            actor,
            Action.GROUP_ATTENDANCE_RECORDED,
            session,
            before=before or None,
            after={"marks": {str(k): v for k, v in sorted(marks.items())}},
        )
    return list(Attendance.objects.filter(session_id=session.pk).order_by("membership_id"))


def write_session_note(
    actor: Actor,
    session_id: int,
    *,
    text: str = "",
    participant_notes: Mapping[int, str] | None = None,
    sign: bool = False,
    now: dt.datetime | None = None,
    today: dt.date,
) -> tuple[GroupSession, list[JournalNote]]:
    """The session's note for the group's staff (`text`, replacing the one before) and, for each
    member in `participant_notes`, a note in that member's journal tied to the session; each
    journal note holds only what was written about that member."""
    now = now or timezone.now()
    text = _text(text, "text", required=False)
    wanted = {pk: (t or "").strip() for pk, t in (participant_notes or {}).items()}
    wanted = {pk: t for pk, t in wanted.items() if t}
    if not text and not wanted:
        raise ServiceError(_("Write the session's note or a note on a participant."), field="text")
    with transaction.atomic():
        session = _locked_session(actor, session_id, "groups.record_attendance")
        _started(session, now)
        roster = {m.pk: m for m in roster_at(session).select_related("client", "contact_course")}
        if any(pk not in roster for pk in wanted):
            raise NotFound("Membership")
        if text:
            before = {"note": session.note, "version": session.version}
            session.note = text
            session.note_by = cast("User", actor)
            session.note_at = now
            session.version += 1
            session.save(update_fields=["note", "note_by", "note_at", "version"])
            audit_change(
                actor,
                Action.GROUP_SESSION_NOTE_WRITTEN,
                session,
                fields=("note", "note_by_id", "note_at", "version"),
                before=before,
            )
        notes = [
            journal.write_note(
                actor,
                roster[pk].client,
                kind=NoteKind.GROUP,
                text=body,
                event_at=session.starts_at,
                contact_course=roster[pk].contact_course,
                group_session=session,
                sign=sign,
                today=today,
            )
            for pk, body in sorted(wanted.items())
        ]
    return session, notes


__all__ = [
    "add_member",
    "add_session",
    "cancel_session",
    "create_group",
    "end_membership",
    "group_services",
    "plan_series",
    "record_attendance",
    "write_session_note",
]
