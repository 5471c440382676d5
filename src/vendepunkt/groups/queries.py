"""Reading group treatment (issue 13 § 4): the groups a user may see, a group with its roster and
sessions, a session with its attendance, and a citizen's memberships. Every member shown is
written to the read log in one query; the number of queries does not depend on the roster's
size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from vendepunkt.accounts.access import NotFound, can, require
from vendepunkt.accounts.models import Role, Team, User
from vendepunkt.audit.services import log_reads
from vendepunkt.citizens.models import Client

from .models import Attendance, Group, GroupSession, Membership
from .services import Guard, group_services, require_may_leave, roster_at

READ_MEMBER = "groupmembership"
READ_ATTENDANCE = "groupsession"


def _visible(user: Any) -> Q:
    """The groups `user` may see: a treater, doctor or nurse those of their teams (doctors and
    nurses work across the centre: all), case staff all of the municipality's."""
    q = Q(municipality_id=user.municipality_id)
    if user.role == Role.TREATER:
        q &= Q(team_id__in=user.team_ids())
    return q


@dataclass
class GroupRow:
    group: Group
    members: int
    sessions: int
    next_session: dt.datetime | None
    service_name: str = ""


def groups(user: Any) -> list[GroupRow]:
    """The groups the user may see, with the number of members and the next session (no
    personal data: nothing to log)."""
    require(user, "groups.view_group", Guard(user.municipality_id, None))
    now = timezone.now()
    members = (
        Membership.objects.filter(group=OuterRef("pk"), left_on__isnull=True)
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    upcoming = GroupSession.objects.filter(
        group=OuterRef("pk"), cancelled_at__isnull=True, starts_at__gte=now
    )
    rows = (
        Group.objects.filter(_visible(user))
        .select_related("team")
        .annotate(
            n_members=Coalesce(Subquery(members, output_field=IntegerField()), 0),
            n_sessions=Coalesce(
                Subquery(
                    upcoming.values("group").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            next_at=Subquery(upcoming.order_by("starts_at").values("starts_at")[:1]),
        )
        .order_by("name", "id")
    )
    names = {s.id: s.name for s in group_services(user.municipality)}
    return [
        GroupRow(g, g.n_members, g.n_sessions, g.next_at, names.get(g.service_id, g.service_id))
        for g in rows
    ]


@dataclass
class GroupView:
    group: Group
    leaders: list[User]
    members: list[Membership]  # those who have not left first, then those who have
    sessions: list[GroupSession]
    active: int
    may_manage: bool
    may_record: bool
    service_name: str = ""
    courses: dict[int, list[Any]] = field(default_factory=dict)


def _group(user: Any, group_id: int) -> Group:
    group = (
        Group.objects.select_related("team")
        .filter(pk=group_id, municipality_id=user.municipality_id)
        .first()
    )
    if group is None:
        raise NotFound("Group")
    return require(user, "groups.view_group", group)


def group(user: Any, group_id: int, *, purpose: str) -> GroupView:
    """A group with its leaders, roster and sessions (each session with its count present)."""
    found = _group(user, group_id)
    leaders = list(found.leaders.order_by("first_name", "username"))
    members = list(
        Membership.objects.filter(group=found)
        .select_related("client", "contact_course")
        .order_by("client__name", "id")
    )
    members.sort(key=lambda m: (m.left_on is not None, m.client.display_name.lower(), m.pk))
    sessions = list(
        GroupSession.objects.filter(group=found)
        .annotate(
            n_present=Count("attendance", filter=Q(attendance__presence="present")),
            n_marked=Count("attendance"),
        )
        .order_by("starts_at", "id")
    )
    if members:
        log_reads(user, [(m.client_id, READ_MEMBER, m.pk) for m in members], purpose=purpose)
    names = {s.id: s.name for s in group_services(user.municipality)}
    return GroupView(
        group=found,
        leaders=leaders,
        members=members,
        sessions=sessions,
        active=sum(1 for m in members if m.left_on is None),
        may_manage=can(user, "groups.manage_group", found),
        may_record=can(user, "groups.record_attendance", found),
        service_name=str(names.get(found.service_id, found.service_id)),
    )


@dataclass
class Row:
    membership: Membership
    presence: str  # "" where nothing is recorded yet


@dataclass
class SessionView:
    session: GroupSession
    group: Group
    rows: list[Row]
    started: bool
    may_record: bool
    may_manage: bool


def session(user: Any, session_id: int, *, purpose: str) -> SessionView:
    """A session with the group's roster on its day and each member's mark."""
    found = (
        GroupSession.objects.select_related("group", "group__team", "note_by")
        .filter(pk=session_id, municipality_id=user.municipality_id)
        .first()
    )
    if found is None:
        raise NotFound("GroupSession")
    require(user, "groups.view_group", found.group)
    roster = list(roster_at(found).select_related("client").order_by("client__name", "id"))
    roster.sort(key=lambda m: (m.client.display_name.lower(), m.pk))
    marks = dict(Attendance.objects.filter(session=found).values_list("membership_id", "presence"))
    if roster:
        log_reads(user, [(m.client_id, READ_ATTENDANCE, found.pk) for m in roster], purpose=purpose)
    return SessionView(
        session=found,
        group=found.group,
        rows=[Row(m, marks.get(m.pk, "")) for m in roster],
        started=found.starts_at <= timezone.now() and found.cancelled_at is None,
        may_record=can(user, "groups.record_attendance", found.group),
        may_manage=can(user, "groups.manage_group", found.group),
    )


def membership(user: Any, membership_id: int, *, purpose: str) -> Membership:
    """One membership, for the page where the member leaves (who may change the group)."""
    found = require_may_leave(user, membership_id)
    log_reads(user, [(found.client_id, READ_MEMBER, found.pk)], purpose=purpose)
    return found


@dataclass
class MembershipRow:
    membership: Membership
    present: int
    absent: int


def memberships_of(user: Any, client_id: int, *, purpose: str) -> list[MembershipRow]:
    """The citizen's group memberships the user may see (for the citizen's page), each with
    how many sessions the citizen attended and missed."""
    client = Client.objects.filter(pk=client_id, municipality_id=user.municipality_id).first()
    if client is None:
        raise NotFound("Client")
    if not can(user, "groups.view_group", Guard(user.municipality_id, None)):
        return []
    rows = list(
        Membership.objects.filter(client=client, group__in=Group.objects.filter(_visible(user)))
        .select_related("group")
        .annotate(
            n_present=Count("attendance", filter=Q(attendance__presence="present")),
            n_absent=Count("attendance", filter=~Q(attendance__presence="present")),
        )
        .order_by("-joined_on", "-id")
    )
    if rows:
        log_reads(user, [(client.pk, READ_MEMBER, m.pk) for m in rows], purpose=purpose)
    return [MembershipRow(m, m.n_present, m.n_absent) for m in rows]


def choices(user: Any) -> dict[str, list[Any]]:
    """What a new group can be: the standard's group services, the user's teams (case staff:
    every team of the municipality) and the staff who can lead it."""
    teams = Team.objects.filter(centre__municipality_id=user.municipality_id).order_by("name")
    if user.role == Role.TREATER:
        teams = teams.filter(pk__in=user.team_ids())
    staff = User.objects.filter(
        municipality_id=user.municipality_id,
        is_active=True,
        role__in=[
            Role.TREATER,
            Role.DOCTOR,
            Role.NURSE,
            Role.VISITATION_CASEWORKER,
            Role.CENTRE_LEADER,
        ],
    ).order_by("first_name", "username")
    return {
        "services": group_services(user.municipality),
        "teams": list(teams),
        "staff": list(staff),
    }


__all__ = ["GroupView", "SessionView", "choices", "group", "groups", "memberships_of", "session"]
