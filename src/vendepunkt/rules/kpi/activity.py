"""Flow per month, outcomes at discharge and follow-up, and the use of capacity (R44)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..dates import months_of
from .facts import Capacity, CourseFacts, Period, ServiceSpan
from .shares import add_days, counted, discharged_in, in_population

# --- flow, outcomes, capacity, retention ----------------------------------------------------


def months(period: Period) -> list[tuple[int, int]]:
    return months_of(period.start, period.end)


FLOW_STEPS = ("requests", "decisions", "starts", "discharges")


def flow(courses: Iterable[CourseFacts], period: Period) -> dict[str, dict[tuple[int, int], int]]:
    """Per month: requests, first grants, treatment starts and discharges in the period."""
    table = {step: dict.fromkeys(months(period), 0) for step in FLOW_STEPS}
    for c in counted(courses):
        for step, day in zip(
            FLOW_STEPS,
            (c.requested, c.first_grant_on, c.start_on, c.discharged_on),
            strict=True,
        ):
            if day is not None and day in period:
                table[step][(day.year, day.month)] += 1
    return table


def outcomes(courses: Iterable[CourseFacts], period: Period) -> dict[str, int | dict[str, int]]:
    discharged = discharged_in(courses, period)
    status: dict[str, int] = defaultdict(int)
    outcome: dict[str, int] = defaultdict(int)
    for c in discharged:
        status[c.discharge_status or "unknown"] += 1
        outcome[c.discharge_outcome or "unknown"] += 1
    return {
        "n": len(discharged),
        "status": dict(sorted(status.items())),
        "outcome": dict(sorted(outcome.items())),
        "follow_ups_recorded": sum(c.follow_ups_recorded for c in discharged),
        "follow_ups_reached": sum(c.follow_ups_reached for c in discharged),
    }


@dataclass(frozen=True)
class CapacityUse:
    capacity: Capacity
    used: float  # courses in the period, or average places in use
    available: float  # the capacity scaled to the period (courses) or the places
    n: int  # courses counted

    @property
    def value(self) -> float | None:
        return None if not self.available else self.used / self.available


def capacity_use(
    courses: Iterable[CourseFacts], capacities: Iterable[Capacity], period: Period
) -> list[CapacityUse]:
    pool = counted(courses)
    out = []
    for cap in capacities:
        wanted = set(cap.service_ids)
        spans: list[tuple[dt.date, dt.date]] = []
        ids = set()
        for c in pool:
            if cap.centre is not None and c.centre != cap.centre:
                continue
            if cap.substance and not in_population(c, substances=(cap.substance,)):
                continue
            spans_of = c.services
            if not spans_of and not wanted and c.start_on is not None:
                spans_of = (ServiceSpan("", c.start_on, c.discharged_on),)  # the course itself
            mine: list[tuple[dt.date, dt.date]] = []
            for s in spans_of:
                if wanted and s.service_id not in wanted:
                    continue
                start = max(s.start_on, period.start)
                end_on = s.end_on or c.discharged_on
                end = min(end_on, period.end) if end_on else period.end
                if start <= end:
                    mine.append((start, end))
            if mine:
                ids.add(c.id)
                spans.extend(_union(mine))  # a course in two services at once takes one place
        if cap.unit == "places":
            used = sum((e - s).days + 1 for s, e in spans) / period.days
            available = float(cap.amount)
        else:
            used = float(len(ids))
            available = cap.amount * period.days / 365
        out.append(CapacityUse(cap, round(used, 2), round(available, 2), len(ids)))
    return out


def _union(spans: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Overlapping (or adjoining) day spans merged into one, so no day is counted twice."""
    out: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(spans):
        if out and start <= add_days(out[-1][1], 1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
