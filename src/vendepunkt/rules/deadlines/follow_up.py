"""The follow-up after discharge (R37).

Each follow-up is its own slot (1 month, 6 months …, `follow_up:1m`): a recorded follow-up names
the slot it answers. A follow-up where the citizen was not reached is an attempt, not a follow-up
held: the slot closes when the citizen is reached, or after the number of attempts the standard's
follow-up deadline gives (`Deadline.attempts`; the law sets no number, so the default below
applies). A follow-up can be recorded from the day its window opens: the discharge day for the
first ("senest 1 måned"), and for each later one the law floor's `opens_before_due` (14 days)
before its own due day, never before the day after the earlier follow-up's due day (D77).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypedDict

from ..dates import date_text
from ..law import LawFloor
from ..standards.schema import (
    Deadline,
    DeadlineKind,
    DischargeStatus,
    Period,
    Standard,
)
from .engine import _covers, _Ctx, _deadline
from .facts import FollowUpRecord
from .periods import _DISCHARGE, _da, _en, _short, add_period
from .result import ComputedDeadline, Kind

# BEK 1477 is the quality standard for social drug treatment under SEL § 101: the statutory
# follow-up (its § 4 stk. 2) applies on that track only, as the linter reads it too.
FOLLOW_UP_LAW_TRACKS = ("SEL-101",)
# Neither BEK 1477 § 4 stk. 2 nor the seeds give a number of attempts: when the standard does not
# say, three unanswered calls close a follow-up (a decision of the system, D68).
DEFAULT_ATTEMPTS = 3


class _Offset(TypedDict):
    """One follow-up offset: its period, the discharge statuses it applies to, the standard's
    deadline naming it (None when only the law does) and whether the law requires it."""

    period: Period
    statuses: set[DischargeStatus]
    mine: Deadline | None
    law: bool


@dataclass(frozen=True)
class FollowUpSlot:
    """One follow-up a discharge calls for: what it is, when it can be recorded, when it is due,
    how many unanswered attempts close it, and who asks for it."""

    subject: str
    period: Period
    opens: dt.date
    due: dt.date
    attempts: int
    law: bool
    mine: Deadline | None


@dataclass(frozen=True)
class SlotState:
    """Where a slot stands after the recorded follow-ups: closed on a day (reached, or the last
    attempt), reached or not, and the attempts made."""

    closed_on: dt.date | None
    reached: bool
    attempts_made: int


# R37 ----------------------------------------------------------------------------------------


def follow_up_slots(
    std: Standard,
    floor: LawFloor,
    track: str,
    discharged_on: dt.date,
    status: DischargeStatus | str,
) -> list[FollowUpSlot]:
    """The follow-ups a discharge on `discharged_on` with `status` calls for, earliest first."""
    law = floor.follow_up
    offsets: dict[tuple[int, str], _Offset] = {}
    mine: Deadline | None  # the standard's deadline in the loop; later an offset's, maybe None
    for mine in std.deadlines_of(DeadlineKind.follow_up):
        if not _covers(mine, track) or mine.within is None:
            continue
        entry = offsets.setdefault(
            (mine.within.amount, str(mine.within.unit)),
            {"period": mine.within, "statuses": set(), "mine": mine, "law": False},
        )
        entry["statuses"] |= set(mine.discharge_statuses or law.discharge_statuses)
    if track in FOLLOW_UP_LAW_TRACKS:
        for offset in law.offsets:
            entry = offsets.setdefault(
                (offset.amount, str(offset.unit)),
                {"period": offset, "statuses": set(), "mine": None, "law": True},
            )
            entry["law"] = True
            entry["statuses"] |= set(law.discharge_statuses)
    due_of = {key: add_period(discharged_on, e["period"]) for key, e in offsets.items()}
    wanted = sorted(
        (key for key, e in offsets.items() if DischargeStatus(status) in e["statuses"]),
        key=lambda k: (due_of[k], k),
    )
    slots: list[FollowUpSlot] = []
    opens = discharged_on
    before = dt.timedelta(days=law.opens_before_due_days)
    for n, key in enumerate(wanted):
        e = offsets[key]
        if n:
            # a later follow-up is recorded around its own due day, never before the earlier
            # one's is due (D77; BEK 1477 § 4 stk. 2 "og igen 6 måneder efter")
            opens = max(opens, due_of[key] - before)
        mine = e["mine"]
        attempts = mine.attempts if mine is not None and mine.attempts else DEFAULT_ATTEMPTS
        slots.append(
            FollowUpSlot(
                subject=f"follow_up:{_short(e['period'])}",
                period=e["period"],
                opens=opens,
                due=due_of[key],
                attempts=attempts,
                law=e["law"],
                mine=mine,
            )
        )
        opens = due_of[key] + dt.timedelta(days=1)
    return slots


def slot_states(
    slots: Sequence[FollowUpSlot], records: Sequence[FollowUpRecord]
) -> dict[str, SlotState]:
    """Each slot's state: a record names its slot; one that reached the citizen closes it, and
    `attempts` unanswered ones close it on the last of them. A record naming no slot (older data)
    answers the earliest slot still open whose window it lies in."""
    made: dict[str, list[FollowUpRecord]] = {s.subject: [] for s in slots}
    for r in sorted(records, key=lambda r: r.held_on):
        subject = r.subject
        if not subject:
            subject = next(
                (
                    s.subject
                    for s in slots
                    if s.opens <= r.held_on and not _closed(s, made[s.subject])
                ),
                "",
            )
        if subject in made and not _closed(_slot(slots, subject), made[subject]):
            made[subject].append(r)
    states: dict[str, SlotState] = {}
    for s in slots:
        rs = made[s.subject]
        reached = next((r for r in rs if r.reached), None)
        misses = [r for r in rs if not r.reached]
        if reached is not None:
            states[s.subject] = SlotState(reached.held_on, True, len(misses))
        elif len(misses) >= s.attempts:
            states[s.subject] = SlotState(misses[s.attempts - 1].held_on, False, len(misses))
        else:
            states[s.subject] = SlotState(None, False, len(misses))
    return states


def _slot(slots: Sequence[FollowUpSlot], subject: str) -> FollowUpSlot:
    return next(s for s in slots if s.subject == subject)


def _closed(slot: FollowUpSlot, rs: Sequence[FollowUpRecord]) -> bool:
    return any(r.reached for r in rs) or sum(not r.reached for r in rs) >= slot.attempts


def follow_ups(c: _Ctx) -> Iterator[ComputedDeadline]:
    discharge = c.course.discharge
    if discharge is None:
        return
    law = c.floor.follow_up
    slots = follow_up_slots(c.std, c.floor, c.track, discharge.on, discharge.status)
    records = [r for r in c.course.follow_ups if r.held_on >= discharge.on]
    states = slot_states(slots, records)
    status_da, status_en = _DISCHARGE[discharge.status]
    for slot in slots:
        period, mine, due = slot.period, slot.mine, slot.due
        state = states[slot.subject]
        da = [
            f"Opfølgning senest {_da(period)} efter udskrivningen {date_text(discharge.on)} ({status_da}): {date_text(due)}."
        ]
        en = [
            f"Follow-up at the latest {_en(period)} after the discharge on {date_text(discharge.on)} ({status_en}): by {date_text(due)}."
        ]
        if mine is None:
            da.append("Standarden nævner ikke denne opfølgning; loven tilføjer den.")
            en.append("The standard does not mention this follow-up; the law adds it.")
        elif not slot.law:
            da.append("Standarden lover denne opfølgning ud over lovens.")
            en.append("The standard promises this follow-up beyond the law's.")
        if state.closed_on is not None and not state.reached:
            da.append(
                f"Afsluttet efter {slot.attempts} forsøg uden at komme i kontakt med borgeren."
            )
            en.append(f"Closed after {slot.attempts} attempts without reaching the citizen.")
        elif state.attempts_made:
            da.append(f"{state.attempts_made} af {slot.attempts} forsøg uden kontakt.")
            en.append(
                f"{state.attempts_made} of {slot.attempts} attempts without reaching the citizen."
            )
        yield _deadline(
            Kind.follow_up,
            slot.subject,
            discharge.on,
            due,
            state.closed_on,
            c,
            citation=law.citation if slot.law else None,
            source=mine.source if mine else None,
            da=da,
            en=en,
        )
