"""The leaders' figures (R44): filters and everything on the leaders' page, for one period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .activity import CapacityUse, capacity_use
from .facts import Capacity, ComplaintFacts, CourseFacts, Period
from .shares import (
    Share,
    abstinent_after_treatment,
    complaints_on_time,
    completed_as_planned,
    follow_ups_on_time,
    in_population,
    known_on,
    offered_move_under_30,
    plan_reviews_on_time,
    reduced_after_treatment,
    return_within_12_months,
    started_within_guarantee,
)
from .waiting import Waiting, waiting_days


@dataclass(frozen=True)
class Filters:
    centre: int | None = None
    substance: str | None = None  # alcohol or drugs
    track: str | None = None

    def keep(self, c: CourseFacts) -> bool:
        if self.centre is not None and c.centre != self.centre:
            return False
        if self.substance and not in_population(c, substances=(self.substance,)):
            return False
        return not (self.track and c.track != self.track)


@dataclass(frozen=True)
class LeaderFigures:
    """The figures every leader's page shows (one computation, many views)."""

    period: Period
    as_of: dt.date
    completed_drugs: Share
    completed_alcohol: Share
    abstinent: Share
    reduced: Share
    returns: Share
    move_under_30: Share
    guarantee: Share
    waiting: Waiting
    follow_ups: Share
    plan_reviews: Share
    complaints: Share
    capacity: list[CapacityUse] = field(default_factory=list)


def leader_figures(
    courses: Sequence[CourseFacts],
    complaints: Sequence[ComplaintFacts],
    capacities: Sequence[Capacity],
    period: Period,
    as_of: dt.date,
    move_services: Iterable[str] = (),
    filters: Filters = Filters(),
) -> LeaderFigures:
    courses = known_on(courses, as_of)
    pool = [c for c in courses if filters.keep(c)]
    return LeaderFigures(
        period=period,
        as_of=as_of,
        completed_drugs=completed_as_planned(
            [c for c in pool if in_population(c, substances=("drugs",))], period
        ),
        completed_alcohol=completed_as_planned(
            [c for c in pool if in_population(c, substances=("alcohol",))], period
        ),
        abstinent=abstinent_after_treatment(pool, period),
        reduced=reduced_after_treatment(pool, period),
        returns=return_within_12_months(pool, period, as_of, all_courses=courses),
        move_under_30=offered_move_under_30(pool, period, move_services),
        guarantee=started_within_guarantee(pool, period, as_of),
        waiting=waiting_days(pool, period),
        follow_ups=follow_ups_on_time(pool, period, as_of),
        plan_reviews=plan_reviews_on_time(pool, period, as_of),
        complaints=complaints_on_time(complaints, period, as_of),
        capacity=capacity_use(pool, capacities, period),
    )
