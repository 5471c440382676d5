"""The standard's promise of a decision within a period of the contact (HAD 7.1: "Inden for 14
dage efter borgerens henvendelse, træffes der afgørelse om behandling") and of a first
appointment (HJO: module 1 starts within 14 days; HER: a first talk as soon as possible).

Neither is a statutory deadline of its own. The decision is needed before treatment can start,
so on a track with a statutory guarantee a decision deadline later than the guarantee's due date
is the guarantee's date (the law prevails; the standard's date is shown beside it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..dates import date_text
from ..standards.schema import Deadline, DeadlineKind
from .engine import _Ctx, _deadline, _event_day
from .periods import _EVENT, _da, _en, add_period
from .result import ComputedDeadline, Kind


def _mine(c: _Ctx, kind: DeadlineKind) -> Deadline | None:
    """The standard's deadline of this kind for the track: one naming the track, or naming none
    on a track the law gives a guarantee (not the anonymous SEL § 101 a, which has no decision)."""
    law = c.floor.guarantee(c.track)
    for d in c.std.deadlines_of(kind):
        if c.track in d.not_covered:
            continue
        if c.track in d.legal_bases or (not d.legal_bases and law is not None):
            return d
    return None


def decision_deadline(c: _Ctx) -> Iterator[ComputedDeadline]:
    mine = _mine(c, DeadlineKind.decision)
    if mine is None:
        return
    trigger, event, da, en = _event_day(c, mine.counts_from)
    event_da, event_en = _EVENT[event]
    due = add_period(trigger, mine.within) if mine.within is not None else None
    if mine.within is not None:
        head_da = f"Afgørelse om behandling senest {_da(mine.within)} efter {event_da} ({date_text(trigger)}): {date_text(due)}."
        head_en = f"A decision on treatment within {_en(mine.within)} of {event_en} ({date_text(trigger)}): by {date_text(due)}."
    else:
        head_da = "Standarden lover en afgørelse uden en frist i dage."
        head_en = "The standard promises a decision without a time limit."
    da, en = [head_da, *da], [head_en, *en]
    standard_due: dt.date | None = None
    g = c.guarantee
    law = c.floor.guarantee(c.track)
    if g is not None and law is not None and (due is None or g.due < due):
        standard_due, due = due, g.due
        trigger = min(trigger, g.trigger)
        da.append(
            f"Behandlingen skal iværksættes senest {date_text(g.due)} ({law.citation}), så afgørelsen skal foreligge inden; loven går forud."
        )
        en.append(
            f"Treatment must start by {date_text(g.due)} ({law.citation}), so the decision is due by then; the law prevails."
        )
    made = min((d.made_on for d in c.course.decisions), default=None)
    yield _deadline(
        Kind.decision,
        "course",
        trigger,
        due,
        made,
        c,
        citation=law.citation if standard_due is not None and law is not None else None,
        source=mine.source,
        da=da,
        en=en,
        standard_due=standard_due,
    )


def first_appointment(c: _Ctx) -> Iterator[ComputedDeadline]:
    """A first appointment (a talk or the first session) within the standard's period; without a
    period (HER: "as soon as possible") it stays open, undated, until one is held."""
    for mine in c.std.deadlines_of(DeadlineKind.first_appointment):
        if c.track in mine.not_covered or (mine.legal_bases and c.track not in mine.legal_bases):
            continue
        trigger, event, notes_da, notes_en = _event_day(c, mine.counts_from)
        event_da, event_en = _EVENT[event]
        if mine.within is not None:
            due: dt.date | None = add_period(trigger, mine.within)
            da = [
                f"Første aftale senest {_da(mine.within)} efter {event_da} ({date_text(trigger)}): {date_text(due)}."
            ]
            en = [
                f"A first appointment within {_en(mine.within)} of {event_en} ({date_text(trigger)}): by {date_text(due)}."
            ]
        else:
            due = None
            da = [
                f"Første aftale så hurtigt som muligt efter {event_da} ({date_text(trigger)}); standarden giver ingen frist i dage."
            ]
            en = [
                f"A first appointment as soon as possible after {event_en} ({date_text(trigger)}); the standard gives no time limit."
            ]
        yield _deadline(
            Kind.first_appointment,
            f"first_appointment:{mine.id}",
            trigger,
            due,
            c.course.first_appointment_on,
            c,
            citation=None,
            source=mine.source,
            da=[*da, *notes_da],
            en=[*en, *notes_en],
        )
