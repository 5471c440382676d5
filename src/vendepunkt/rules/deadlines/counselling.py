"""Open anonymous counselling (R3)."""

from __future__ import annotations

from collections.abc import Iterator

from ..dates import date_text
from ..standards.schema import (
    DeadlineKind,
)
from .engine import _Ctx, _deadline, _event_day, _std_deadline
from .periods import _EVENT, _da, _en, add_period
from .result import ComputedDeadline, Kind

# R3 -----------------------------------------------------------------------------------------


def open_counselling(c: _Ctx) -> Iterator[ComputedDeadline]:
    mine = _std_deadline(c, DeadlineKind.open_counselling)
    if mine is None:
        return
    trigger, event, notes_da, notes_en = _event_day(c, mine.counts_from)
    event_da, event_en = _EVENT[event]
    if mine.within is not None:
        due = add_period(trigger, mine.within)
        da = [
            f"Åben rådgivning senest {_da(mine.within)} efter {event_da} ({date_text(trigger)}): {date_text(due)}."
        ]
        en = [
            f"Open counselling within {_en(mine.within)} of {event_en} ({date_text(trigger)}): by {date_text(due)}."
        ]
    else:
        due = None
        da = ["Standarden lover åben rådgivning uden en frist i dage."]
        en = ["The standard promises open counselling without a time limit."]
    da.extend(notes_da)
    en.extend(notes_en)
    yield _deadline(
        Kind.open_counselling,
        "course",
        trigger,
        due,
        c.course.open_counselling_on,
        c,
        citation=None,
        source=mine.source,
        da=da,
        en=en,
    )
