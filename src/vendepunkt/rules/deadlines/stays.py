"""Residential stays: the status meetings before, midway and at the end of a stay (R22, R32)."""

from __future__ import annotations

from collections.abc import Iterator

from ..dates import date_text
from .engine import _Ctx, _deadline
from .result import ComputedDeadline, Kind

# R22, R32 -----------------------------------------------------------------------------------


def _meeting_kind(name: str) -> str | None:
    n = name.casefold()
    if "midt" in n or "midway" in n:
        return "midway"
    if "slut" in n or "final" in n:
        return "final"
    if n.startswith("for") or "før" in n or "before" in n:
        return "before"
    return None


_MEETING = {
    "before": ("før opholdet", "before the stay"),
    "midway": ("midtvejs", "midway"),
    "final": ("ved afslutningen", "at the end"),
}


def status_meetings(c: _Ctx) -> Iterator[ComputedDeadline]:
    req = c.std.residential_provider_requirements
    if req is None or not req.status_meetings:
        return
    kinds = {k: name for name in req.status_meetings if (k := _meeting_kind(name))}
    for stay in sorted(c.course.stays, key=lambda s: (s.starts_on, s.id)):
        start, end = stay.starts_on, stay.ends_on
        due_by_kind = {
            "before": start,
            "midway": start + (end - start) // 2 if end else None,
            "final": end,
        }
        held = {
            "before": stay.before_meeting_on,
            "midway": stay.midway_meeting_on,
            "final": stay.final_meeting_on,
        }
        for kind in ("before", "midway", "final"):
            if kind not in kinds:
                continue
            due = due_by_kind[kind]
            when_da, when_en = _MEETING[kind]
            if due is None:
                da = [
                    f"Statusmøde «{kinds[kind]}» {when_da}; opholdets slutdato er ikke registreret."
                ]
                en = [
                    f"Status meeting “{kinds[kind]}” {when_en}; the stay's end date is not recorded."
                ]
            else:
                da = [
                    f"Statusmøde «{kinds[kind]}» {when_da} med behandlingsstedet: senest {date_text(due)}."
                ]
                en = [
                    f"Status meeting “{kinds[kind]}” {when_en} with the provider: by {date_text(due)}."
                ]
            yield _deadline(
                Kind.residential_status_meeting,
                f"stay:{stay.id}:{kind}",
                start,
                due,
                held[kind],
                c,
                citation=None,
                source=req.source,
                da=da,
                en=en,
            )
