"""Retention in treatment: Kaplan–Meier survival from the start (R44)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .facts import CourseFacts, Period
from .shares import counted


@dataclass(frozen=True)
class KMPoint:
    day: int
    at_risk: int
    events: int
    survival: float


def kaplan_meier(durations: Iterable[tuple[int, bool]]) -> list[KMPoint]:
    """The product-limit estimate of the share still in treatment after `day` days. Each item
    is (days in treatment, ended); an ongoing course is censored at its days so far. At a day
    with both, events are counted before the censored leave the risk set (the usual convention).
    The curve ends at the longest observed time: when that is a censored course after the last
    event, a last point with no events marks it (the estimate is not known beyond it)."""
    items = sorted(durations)
    n = len(items)
    points = [KMPoint(0, n, 0, 1.0)]
    survival, i = 1.0, 0
    while i < n:
        day = items[i][0]
        events = censored = 0
        while i < n and items[i][0] == day:
            events += items[i][1]
            censored += not items[i][1]
            i += 1
        at_risk = n - (i - events - censored)
        if events:
            survival *= 1 - events / at_risk
            points.append(KMPoint(day, at_risk, events, survival))
        elif i == n and day > points[-1].day:
            points.append(KMPoint(day, at_risk, 0, survival))
    return points


def retention(
    courses: Iterable[CourseFacts],
    period: Period,
    as_of: dt.date,
    group: Callable[[CourseFacts], str],
) -> dict[str, list[KMPoint]]:
    """Kaplan–Meier curves of time in treatment for courses started in the period, per group
    (service or programme): the event is the discharge; a course still running on `as_of` (or
    on the period's end, if earlier) is censored there."""
    horizon = min(as_of, period.end)
    data: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for c in counted(courses):
        if c.start_on is None or c.start_on not in period or c.start_on > horizon:
            continue
        ended = c.discharged_on is not None and c.discharged_on <= horizon
        end = c.discharged_on if ended and c.discharged_on is not None else horizon
        data[group(c)].append(((end - c.start_on).days, ended))
    return {k: kaplan_meier(v) for k, v in sorted(data.items())}


def survival_at(points: Sequence[KMPoint], day: int) -> float | None:
    """The share still in treatment after `day` days; None (not known) beyond the longest
    observed time, which is the curve's last point."""
    if not points or day > points[-1].day:
        return None
    value = 1.0
    for p in points:
        if p.day > day:
            break
        value = p.survival
    return value
