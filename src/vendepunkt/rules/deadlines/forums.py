"""The forums that grant a service and the days they meet: a pending application is decided at
the next meeting (R11); the guarantee's risk reads the same calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from ..calendar import earliest_decision
from ..dates import date_text
from ..standards.schema import Forum, Recurrence, Service
from .engine import _Ctx, _deadline
from .result import ComputedDeadline, Kind


def _forums_for(c: _Ctx, service: Service | None) -> tuple[Forum, ...]:
    forums = {f.id: f for f in c.std.visitation.forums}
    if service is not None:
        ids = service.granted_by
    else:
        ids = tuple(
            dict.fromkeys(
                forum_id
                for s in c.std.services
                if c.track in s.legal_bases
                for forum_id in s.granted_by
            )
        )
    return tuple(forums[i] for i in ids if i in forums)


def _decision_day(
    c: _Ctx, forum: Forum, day: dt.date, seen: frozenset[str] = frozenset()
) -> dt.date | None:
    """The first day `forum` can decide on or after `day` (None when its calendar is open). A
    forum followed by another (Herning: the doctor's consultation, then the health team the same
    day) decides at the follower's first meeting on or after its own."""
    when = earliest_decision(forum.schedule, day)
    follower = next((f for f in c.std.visitation.forums if f.id == forum.followed_by), None)
    if when is None or follower is None or follower.id in seen:
        return when
    return _decision_day(c, follower, when, seen | {forum.id})


def _first_forums(forums: Iterable[Forum]) -> list[Forum]:
    """The forums a request goes to first: a forum that follows another one in the list is
    reached through it."""
    forums = list(forums)
    followers = {f.followed_by for f in forums if f.followed_by}
    return [f for f in forums if f.id not in followers]


# R11 ----------------------------------------------------------------------------------------


_ON_DEMAND = (Recurrence.on_demand, Recurrence.same_day)


def forum_meetings(c: _Ctx) -> Iterator[ComputedDeadline]:
    """R11: a pending application is decided at the next meeting of a forum that grants the
    service. Forums that decide on demand have no meeting to wait for and give no deadline."""
    for application in sorted(c.course.applications, key=lambda a: (a.applied_on, a.id)):
        service = c.std.service(application.service)
        applied = application.applied_on
        if service is None:
            due, source = None, None
            da = [f"Ydelsen «{application.service}» findes ikke i standarden; intet mødetidspunkt."]
            en = [f"The service “{application.service}” is not in the standard; no meeting date."]
        else:
            forums = [
                f
                for f in _first_forums(_forums_for(c, service))
                if f.schedule is None or f.schedule.recurrence not in _ON_DEMAND
            ]
            if not forums and (service.granted_by or not service.requires_visitation):
                continue  # granted on demand, or without visitation
            known = [
                (when, f.id, f)
                for f in forums
                if (when := _decision_day(c, f, applied)) is not None
            ]
            if known:
                due, _, forum = min(known)
                source = forum.source
                da = [
                    f"Ansøgningen ({date_text(applied)}) behandles på næste møde i «{forum.name}»: {date_text(due)}."
                ]
                en = [
                    f"The application ({date_text(applied)}) is decided at the next meeting of “{forum.name}”: {date_text(due)}."
                ]
            else:
                due, source = None, None
                names = ", ".join(f.name for f in forums)
                if names:
                    da = [f"Mødekalenderen er åben ({names}); næste møde kan ikke beregnes."]
                    en = [
                        f"The forum calendar is open ({names}); the next meeting cannot be computed."
                    ]
                else:
                    da = ["Standarden angiver ikke, hvilket forum der bevilger ydelsen."]
                    en = ["The standard does not say which forum grants the service."]
        yield _deadline(
            Kind.forum_meeting,
            f"application:{application.id}",
            applied,
            due,
            application.decided_on,
            c,
            citation=None,
            source=source,
            da=da,
            en=en,
        )
