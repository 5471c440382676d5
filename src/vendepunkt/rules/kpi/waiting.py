"""Waiting time from request to start (R44): median, mean, 90th percentile and distribution."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .facts import CourseFacts, Period
from .shares import counted

WAITING_BUCKETS = ((0, 7), (8, 14), (15, 30), (31, 60), (61, None))


# --- waiting time ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    n: int
    median: float | None
    mean: float | None
    p90: float | None
    buckets: tuple[tuple[str, int], ...]


def waiting_days(courses: Iterable[CourseFacts], period: Period) -> Waiting:
    days = sorted(
        (c.start_on - c.requested).days
        for c in counted(courses)
        if c.start_on is not None and c.start_on in period and c.requested is not None
    )
    buckets = []
    for low, high in WAITING_BUCKETS:
        label = f"{low}–{high}" if high is not None else f"{low}+"
        buckets.append((label, sum(1 for d in days if d >= low and (high is None or d <= high))))
    if not days:
        return Waiting(0, None, None, None, tuple(buckets))
    return Waiting(
        len(days),
        float(statistics.median(days)),
        round(statistics.fmean(days), 1),
        float(_quantile(days, 0.9)),
        tuple(buckets),
    )


def _quantile(sorted_values: Sequence[int], q: float) -> float:
    """The nearest-rank quantile: the smallest value with at least q of the values at or below."""
    import math

    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]
