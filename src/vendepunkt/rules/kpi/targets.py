"""The goal-attainment annex (R43): the standard's targets measured and judged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..dates import add_years
from .facts import CourseFacts, Period
from .shares import (
    Share,
    abstinent_after_treatment,
    completed_as_planned,
    in_population,
    known_on,
    offered_move_under_30,
    reduced_after_treatment,
    return_within_12_months,
    started_within_guarantee,
)

# --- the goal-attainment annex (R43) --------------------------------------------------------


@dataclass(frozen=True)
class TargetSpec:
    """A standard's target, as the annex needs it (from `KpiTarget`)."""

    id: str
    metric: str
    description: str
    target: float | None
    direction: str  # at_least, at_most, above, decrease, all
    substances: tuple[str, ...] = ()
    tracks: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    source: str = ""


@dataclass(frozen=True)
class TargetResult:
    spec: TargetSpec
    share: Share | None
    met: bool | None  # None: not measurable (no population, no target, or a trend target)
    reason_da: str
    reason_en: str
    previous: Share | None = None


def judge(
    spec: TargetSpec, share: Share, previous: Share | None = None
) -> tuple[bool | None, str, str]:
    """Met or not for one target: at_least ≥, above >, at_most ≤, all = 100 %, decrease =
    lower than the year before. No population or no figure: not measurable."""
    value = share.value
    if value is None:
        return None, "Ingen forløb i populationen.", "No courses in the population."
    d, t = spec.direction, spec.target
    if d == "all":
        t = 1.0 if t is None else t
        return value >= t, "", ""
    if d == "decrease":
        prev = previous.value if previous else None
        if prev is None:
            return (
                None,
                "Målet er et fald; ingen tal for året før.",
                "The target is a decrease; no figure for the year before.",
            )
        return value < prev, "", ""
    if t is None:
        return None, "Standarden angiver intet måltal.", "The standard sets no figure."
    met = {"at_least": value >= t, "above": value > t, "at_most": value <= t}[d]
    return met, "", ""


def measure(
    spec: TargetSpec,
    courses: Sequence[CourseFacts],
    period: Period,
    as_of: dt.date,
    move_services: Iterable[str] = (),
) -> Share:
    if spec.metric == "offered_move_under_30":
        pop = [
            c for c in courses if in_population(c, substances=spec.substances, tracks=spec.tracks)
        ]
        return offered_move_under_30(
            pop,
            period,
            move_services,
            age_max=spec.age_max if spec.age_max is not None else 29,
            age_min=spec.age_min,
        )
    pop = [
        c
        for c in courses
        if in_population(
            c,
            substances=spec.substances,
            tracks=spec.tracks,
            age_min=spec.age_min,
            age_max=spec.age_max,
        )
    ]
    if spec.metric == "return_within_12_months":
        return return_within_12_months(pop, period, as_of, all_courses=courses)
    if spec.metric == "started_within_guarantee":
        return started_within_guarantee(pop, period, as_of)
    fn = {
        "completed_as_planned": completed_as_planned,
        "abstinent_after_treatment": abstinent_after_treatment,
        "reduced_after_treatment": reduced_after_treatment,
    }.get(spec.metric)
    if fn is None:
        raise ValueError(f"unknown metric / ukendt måltal: {spec.metric}")
    return fn(pop, period)


def shift_year(period: Period) -> Period:
    return Period(add_years(period.start, -1), add_years(period.end, -1))


def annex(
    specs: Iterable[TargetSpec],
    courses: Sequence[CourseFacts],
    period: Period,
    as_of: dt.date,
    move_services: Iterable[str] = (),
) -> list[TargetResult]:
    """Every target of the standard beside its measured value, met or not (R43)."""
    move = tuple(move_services)
    courses = known_on(courses, as_of)
    out = []
    for spec in specs:
        share = measure(spec, courses, period, as_of, move)
        previous = (
            measure(spec, courses, shift_year(period), as_of, move)
            if spec.direction == "decrease"
            else None
        )
        met, da, en = judge(spec, share, previous)
        out.append(TargetResult(spec, share, met, da, en, previous))
    return out
