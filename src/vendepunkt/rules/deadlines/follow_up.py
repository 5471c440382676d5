"""The follow-up after discharge (R37)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypedDict

from ..standards.schema import (
    Deadline,
    DeadlineKind,
    DischargeStatus,
    Period,
)
from .engine import _covers, _Ctx, _deadline
from .periods import _DISCHARGE, _da, _en, _short, add_period
from .result import ComputedDeadline, Kind

# BEK 1477 is the quality standard for social drug treatment under SEL § 101: the statutory
# follow-up (its § 4 stk. 2) applies on that track only, as the linter reads it too.
FOLLOW_UP_LAW_TRACKS = ("SEL-101",)


class _Offset(TypedDict):
    """One follow-up offset: its period, the discharge statuses it applies to, the standard's
    deadline naming it (None when only the law does) and whether the law requires it."""

    period: Period
    statuses: set[DischargeStatus]
    mine: Deadline | None
    law: bool


# R37 ----------------------------------------------------------------------------------------


def follow_ups(c: _Ctx) -> Iterator[ComputedDeadline]:
    discharge = c.course.discharge
    if discharge is None:
        return
    law = c.floor.follow_up
    offsets: dict[tuple[int, str], _Offset] = {}
    mine: Deadline | None  # the standard's deadline in the loop; later an offset's, maybe None
    for mine in c.std.deadlines_of(DeadlineKind.follow_up):
        if not _covers(mine, c.track) or mine.within is None:
            continue
        entry = offsets.setdefault(
            (mine.within.amount, str(mine.within.unit)),
            {"period": mine.within, "statuses": set(), "mine": mine, "law": False},
        )
        entry["statuses"] |= set(mine.discharge_statuses or law.discharge_statuses)
    if c.track in FOLLOW_UP_LAW_TRACKS:
        for offset in law.offsets:
            entry = offsets.setdefault(
                (offset.amount, str(offset.unit)),
                {"period": offset, "statuses": set(), "mine": None, "law": True},
            )
            entry["law"] = True
            entry["statuses"] |= set(law.discharge_statuses)
    due_of = {key: add_period(discharge.on, e["period"]) for key, e in offsets.items()}
    wanted = sorted(
        (key for key, e in offsets.items() if discharge.status in e["statuses"]),
        key=lambda k: (due_of[k], k),
    )
    # Each recorded follow-up closes the earliest-due follow-up still open.
    records = sorted(r.held_on for r in c.course.follow_ups if r.held_on >= discharge.on)
    status_da, status_en = _DISCHARGE[discharge.status]
    for i, key in enumerate(wanted):
        e = offsets[key]
        period, mine = e["period"], e["mine"]
        due = due_of[key]
        da = [
            f"Opfølgning senest {_da(period)} efter udskrivningen {discharge.on} ({status_da}): {due}."
        ]
        en = [
            f"Follow-up at the latest {_en(period)} after the discharge on {discharge.on} ({status_en}): by {due}."
        ]
        if mine is None:
            da.append("Standarden nævner ikke denne opfølgning; loven tilføjer den.")
            en.append("The standard does not mention this follow-up; the law adds it.")
        elif not e["law"]:
            da.append("Standarden lover denne opfølgning ud over lovens.")
            en.append("The standard promises this follow-up beyond the law's.")
        yield _deadline(
            Kind.follow_up,
            f"follow_up:{_short(period)}",
            discharge.on,
            due,
            records[i] if i < len(records) else None,
            c,
            citation=law.citation if e["law"] else None,
            source=mine.source if mine else None,
            da=da,
            en=en,
        )
