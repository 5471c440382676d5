"""The treatment guarantee (R17, R18) with its risk of a late decision, and the doctor's
consultation within it (R19)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import cast

from ..dates import date_text
from ..standards.schema import Deadline, DeadlineKind, Period, TimeUnit
from .engine import _Ctx, _deadline, _event_day, _Guarantee, _status, _std_deadline
from .forums import _decision_day, _first_forums, _forums_for
from .periods import _EVENT, _EXCEPTION, _da, _en, add_period
from .result import ComputedDeadline, Kind, Status

# R17, R18 -----------------------------------------------------------------------------------


def _guarantee_deadline(c: _Ctx) -> Deadline | None:
    law = c.floor.guarantee(c.track)
    for d in c.std.deadlines:
        if d.kind != DeadlineKind.treatment_guarantee or c.track in d.not_covered:
            continue
        if c.track in d.legal_bases or (not d.legal_bases and law is not None):
            return d
    return None


def guarantee(c: _Ctx) -> Iterator[ComputedDeadline]:
    """R17/R18: start at the latest 14 days after the request (the standard's event)."""
    law = c.floor.guarantee(c.track)
    mine = _guarantee_deadline(c)
    if mine is None and law is None:
        return  # SEL-101a and other tracks without a guarantee
    course = c.course
    da: list[str] = []
    en: list[str] = []
    trigger, event, notes_da, notes_en = _event_day(c, mine.counts_from if mine else None)
    # The standard's period, never longer than the law's (counted from the same event).
    law_period = Period(amount=law.days, unit=TimeUnit.day) if law else None
    period = mine.within if mine and mine.within is not None else law_period
    if period is None:
        return  # a standard guarantee beyond the law that states no period: nothing to count
    standard_due = add_period(trigger, period)
    if law_period is not None and standard_due > add_period(trigger, law_period):
        da.append(
            f"Standardens frist på {_da(period)} er længere end lovens {_da(law_period)}; loven går forud."
        )
        en.append(
            f"The standard's {_en(period)} are longer than the law's {_en(law_period)}; the law prevails."
        )
        period = law_period
    due = add_period(trigger, period)
    within_da, within_en = _da(period), _en(period)
    event_da, event_en = _EVENT[event]
    da.insert(
        0,
        f"Behandlingen skal iværksættes senest {within_da} efter {event_da} ({date_text(trigger)}), dvs. senest {date_text(due)}.",
    )
    en.insert(
        0,
        f"Treatment must start within {within_en} of {event_en} ({date_text(trigger)}): by {date_text(due)}.",
    )
    # Not both None (returned above): no law means the standard's own guarantee, and vice versa.
    if law is None:
        da.append("Loven giver ingen garanti på dette spor; standarden giver mere.")
        en.append("The law gives no guarantee on this track; the standard offers more.")
    elif mine is None:
        da.append(
            f"Standarden har ingen garanti for dette spor; lovens frist gælder ({law.citation})."
        )
        en.append(
            f"The standard has no guarantee for this track; the law's applies ({law.citation})."
        )
    da.extend(notes_da)
    en.extend(notes_en)
    if trigger > course.requested_on and law is not None and law_period is not None:
        # The law counts from the request: where the standard counts from a later event, the
        # stored date is the law's; the standard's later date is shown beside it, never used.
        law_due = add_period(course.requested_on, law_period)
        if law_due < due:
            da.append(
                f"Standarden regner fra {event_da} ({date_text(trigger)}) og siger senest {date_text(due)}; efter loven regnes fra henvendelsen ({date_text(course.requested_on)}), og fristen er {date_text(law_due)} ({law.citation}). Loven går forud."
            )
            en.append(
                f"The standard counts from {event_en} ({date_text(trigger)}) and says {date_text(due)}; the law counts from the request ({date_text(course.requested_on)}), so the deadline is {date_text(law_due)} ({law.citation}). The law prevails."
            )
            trigger, due = course.requested_on, law_due

    allowed = set(mine.exceptions if mine else ()) | set(law.exceptions if law else ())
    waivers = sorted(course.waivers, key=lambda w: (w.recorded_on, str(w.kind), w.reason))
    valid = [w for w in waivers if w.kind in allowed]
    for w in waivers:
        if w.kind not in allowed:
            kind_da, kind_en = _EXCEPTION[w.kind]
            da.append(
                f"Undtagelsen «{kind_da}» ({date_text(w.recorded_on)}) er ikke en tilladt undtagelse for denne frist og er set bort fra."
            )
            en.append(
                f"The exception “{kind_en}” ({date_text(w.recorded_on)}) is not allowed for this deadline and is ignored."
            )
    start = course.treatment_started_on
    status = _status(due, start, c.today)
    closed_on = start
    if status != Status.met and valid:
        w = valid[0]
        status, closed_on = Status.waived, w.recorded_on
        kind_da, kind_en = _EXCEPTION[w.kind]
        da.append(f"Fristen er fraveget ({kind_da}): {w.reason}")
        en.append(f"The deadline is waived ({kind_en}): {w.reason}")

    risk_from = None
    if status == Status.open:
        risk_from, risk_da, risk_en = _guarantee_risk(c, due)
        da.extend(risk_da)
        en.extend(risk_en)
    c.guarantee = _Guarantee(trigger, due)
    yield _deadline(
        Kind.treatment_guarantee,
        "course",
        trigger,
        due,
        closed_on,
        c,
        citation=law.citation if law else None,
        source=mine.source if mine else None,
        da=da,
        en=en,
        status=status,
        at_risk_from=risk_from,
        standard_due=standard_due,
    )


def _guarantee_risk(c: _Ctx, due: dt.date) -> tuple[dt.date | None, list[str], list[str]]:
    """The first day from which the guarantee is at risk: the earliest possible decision of the
    forums that can grant the service falls after the due date (R17, R11, R20). On the request
    day itself when the calendar already makes the due date unreachable; a later day when a
    meeting before the due date could still decide. None when no meeting can be missed, or the
    calendar is open."""
    course = c.course
    pending = [a for a in course.applications if a.decided_on is None]
    if course.applications and not pending:
        return None, [], []
    if pending:
        starts = [
            (f, max(course.requested_on, a.applied_on))
            for a in pending
            for f in _first_forums(_forums_for(c, c.std.service(a.service)))
        ]
    else:
        starts = [(f, course.requested_on) for f in _first_forums(_forums_for(c, None))]
    known = [(f, d) for f, d in starts if _decision_day(c, f, d) is not None]
    if not known:
        names = ", ".join(dict.fromkeys(f.name for f, _ in starts)) or "—"
        return (
            None,
            [f"Mødekalenderen er åben ({names}); risikoen for overskridelse er ikke vurderet."],
            [f"The forum calendar is open ({names}); the risk of a breach is not assessed."],
        )

    def earliest(day: dt.date) -> tuple[dt.date, str]:
        # Whether a forum's calendar can be computed does not depend on the day, so every forum
        # in `known` has a decision day (None only for an open calendar).
        return min((cast(dt.date, _decision_day(c, f, max(day, d))), f.name) for f, d in known)

    first = min(d for _, d in known)
    if earliest(due)[0] <= due:
        return None, [], []
    # The earliest decision only moves later as days pass: search the first day it is too late.
    lo, hi = 0, max((due - first).days, 0)
    while lo < hi:
        mid = (lo + hi) // 2
        if earliest(first + dt.timedelta(days=mid))[0] > due:
            hi = mid
        else:
            lo = mid + 1
    risk_from = first + dt.timedelta(days=lo)
    if risk_from <= c.today:
        when, name = earliest(c.today)
        return (
            risk_from,
            [
                f"Tidligst mulige afgørelse er {date_text(when)} ({name}), efter fristen {date_text(due)}."
            ],
            [
                f"The earliest possible decision is {date_text(when)} ({name}), after the deadline {date_text(due)}."
            ],
        )
    when, name = earliest(c.today)
    return (
        risk_from,
        [
            f"Næste mulige afgørelse er {date_text(when)} ({name}). Er der ikke truffet afgørelse, før "
            f"{date_text(risk_from)} begynder, kan fristen {date_text(due)} ikke nås, og garantien er i risiko."
        ],
        [
            f"The next possible decision is {date_text(when)} ({name}). Without a decision before "
            f"{date_text(risk_from)}, the deadline {date_text(due)} cannot be met and the guarantee is at risk."
        ],
    )


# R19 ----------------------------------------------------------------------------------------


def doctor_consultation(c: _Ctx) -> Iterator[ComputedDeadline]:
    law = c.floor.doctor_consultation
    law_applies = c.track in law.applies_to
    mine = _std_deadline(c, DeadlineKind.doctor_consultation)
    g = c.guarantee
    course = c.course
    if mine is None and not law_applies:
        return
    da: list[str] = []
    en: list[str] = []
    standard_due: dt.date | None = None
    if mine is not None:
        trigger, event, notes_da, notes_en = _event_day(c, mine.counts_from)
        event_da, event_en = _EVENT[event]
        due = add_period(trigger, mine.within) if mine.within is not None else None
        if mine.within is not None:
            da.append(
                f"Lægesamtale senest {_da(mine.within)} efter {event_da} ({date_text(trigger)}), dvs. senest {date_text(due)}."
            )
            en.append(
                f"A doctor's consultation within {_en(mine.within)} of {event_en} ({date_text(trigger)}): by {date_text(due)}."
            )
        else:
            da.append("Standarden giver ingen frist i dage for lægesamtalen.")
            en.append("The standard gives no time limit for the doctor's consultation.")
        da.extend(notes_da)
        en.extend(notes_en)
        if law_applies and g is not None and (due is None or g.due < due):
            standard_due, due = due, g.due
            trigger = min(trigger, g.trigger)
            da.append(
                f"Loven kræver samtalen før behandlingen iværksættes; loven går forud: senest {date_text(due)}."
            )
            en.append(
                f"The law requires the consultation before treatment starts; the law prevails: by {date_text(due)}."
            )
    else:
        trigger = g.trigger if g is not None else course.requested_on
        due = g.due if g is not None else None
        if due is not None:
            da.append(
                f"Lægesamtale før stofmisbrugsbehandlingen iværksættes, dvs. senest ved garantiens frist {date_text(due)}; standarden fastsætter ingen frist, loven gør."
            )
            en.append(
                f"A doctor's consultation before drug treatment starts, i.e. by the guarantee's deadline {date_text(due)}; the standard sets none, the law does."
            )
        else:
            da.append("Lægesamtale før behandlingen iværksættes; fristen kan ikke beregnes.")
            en.append(
                "A doctor's consultation before treatment starts; the date cannot be computed."
            )
    held, status = course.doctor_consultation_on, None
    start = course.treatment_started_on
    if law_applies and start is not None and (held is None or held > start):
        # The law asks for the consultation before the treatment starts: a start without it
        # closes the deadline as breached on the start day (it can no longer be met in time).
        status, held = Status.breached, held or start
        da.append(
            f"Behandlingen blev iværksat {date_text(start)} uden en forudgående lægesamtale; loven kræver samtalen før start."
        )
        en.append(
            f"Treatment started on {date_text(start)} without a prior doctor's consultation; the law requires it before the start."
        )
    yield _deadline(
        Kind.doctor_consultation,
        "course",
        trigger,
        due,
        held,
        c,
        citation=law.citation if law_applies else None,
        source=mine.source if mine else None,
        da=da,
        en=en,
        status=status,
        standard_due=standard_due,
    )
