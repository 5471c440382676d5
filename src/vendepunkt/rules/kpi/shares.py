"""Who is counted, and the shares: completed, abstinent, reduced, returns and MOVE (R42), and the
deadline metrics decided on `as_of` (guarantee, follow-ups, plan reviews, complaints)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from .facts import DRUG_SUBSTANCES, ComplaintFacts, CourseFacts, DeadlineFact, Period

RETURN_WINDOW_DAYS = 365

_T = TypeVar("_T")


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int
    excluded: int = 0

    @property
    def value(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator


def _share(items: Iterable[_T], hit: Callable[[_T], object], excluded: int = 0) -> Share:
    items = list(items)
    return Share(sum(1 for i in items if hit(i)), len(items), excluded)


def counted(courses: Iterable[CourseFacts]) -> list[CourseFacts]:
    return [c for c in courses if c.counted]


def _known(day: dt.date | None, as_of: dt.date) -> dt.date | None:
    return day if day is not None and day <= as_of else None


def known_on(courses: Iterable[CourseFacts], as_of: dt.date) -> list[CourseFacts]:
    """The courses as they stood on `as_of`: a course opened later is left out, and a request,
    grant, start, discharge, service or deadline after `as_of` is not seen yet."""
    out = []
    for c in courses:
        if c.opened_on is not None and c.opened_on > as_of:
            continue
        start = _known(c.start_on, as_of)
        discharged = _known(c.discharged_on, as_of) if start else None
        services = tuple(
            s if s.end_on is None or s.end_on <= as_of else replace(s, end_on=None)
            for s in c.services
            if s.start_on <= as_of
        )
        guarantee = c.guarantee if c.guarantee and c.guarantee.exists_on(as_of) else None
        follow_ups = tuple(d for d in c.follow_ups if d.exists_on(as_of))
        plan_reviews = tuple(d for d in c.plan_reviews if d.exists_on(as_of))
        changed = (
            _known(c.request_on, as_of) != c.request_on
            or _known(c.first_grant_on, as_of) != c.first_grant_on
            or start != c.start_on
            or discharged != c.discharged_on
            or services != c.services
            or guarantee is not c.guarantee
            or follow_ups != c.follow_ups
            or plan_reviews != c.plan_reviews
        )
        if changed:
            c = replace(
                c,
                request_on=_known(c.request_on, as_of),
                first_grant_on=_known(c.first_grant_on, as_of),
                start_on=start,
                discharged_on=discharged,
                discharge_status=c.discharge_status if discharged else None,
                discharge_outcome=c.discharge_outcome if discharged else None,
                services=services,
                guarantee=guarantee,
                follow_ups=follow_ups,
                plan_reviews=plan_reviews,
            )
        out.append(c)
    return out


def in_population(
    c: CourseFacts,
    *,
    substances: Sequence[str] = (),
    tracks: Sequence[str] = (),
    age_min: int | None = None,
    age_max: int | None = None,
) -> bool:
    """Does the course belong to a target's population (substance, legal track, age)? A
    population naming `drugs` takes every illicit drug; an unknown age is outside an age limit."""
    if substances:
        wanted = {("drugs" if s in DRUG_SUBSTANCES else s) for s in substances}
        if c.substance not in wanted:
            return False
    if tracks and c.track not in tracks:
        return False
    if age_min is not None or age_max is not None:
        if c.age is None:
            return False
        if age_min is not None and c.age < age_min:
            return False
        if age_max is not None and c.age > age_max:
            return False
    return True


def discharged_in(courses: Iterable[CourseFacts], period: Period) -> list[CourseFacts]:
    return [c for c in counted(courses) if c.discharged_on in period]


def completed_as_planned(courses: Iterable[CourseFacts], period: Period) -> Share:
    return _share(discharged_in(courses, period), lambda c: c.discharge_status == "completed")


def abstinent_after_treatment(courses: Iterable[CourseFacts], period: Period) -> Share:
    return _share(discharged_in(courses, period), lambda c: c.discharge_outcome == "abstinent")


def reduced_after_treatment(courses: Iterable[CourseFacts], period: Period) -> Share:
    return _share(discharged_in(courses, period), lambda c: c.discharge_outcome == "reduced")


def add_days(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


def return_within_12_months(
    courses: Iterable[CourseFacts],
    period: Period,
    as_of: dt.date,
    *,
    all_courses: Iterable[CourseFacts] | None = None,
) -> Share:
    """`all_courses` are the person's later courses to look for a return in (by default the same
    list); a return may fall outside the filters (another substance, another track)."""
    pool = list(courses)
    later = list(all_courses) if all_courses is not None else pool
    starts: dict[int, list[dt.date]] = defaultdict(list)
    for c in later:
        if c.start_on is not None and not c.anonymous:
            starts[c.client].append(c.start_on)
    population: list[CourseFacts] = []
    excluded = 0
    for c in discharged_in(pool, period):
        if c.discharged_on is None:  # discharged_in keeps courses discharged in the period
            continue
        if c.anonymous or add_days(c.discharged_on, RETURN_WINDOW_DAYS) > as_of:
            excluded += 1
            continue
        population.append(c)

    def returned(c: CourseFacts) -> bool:
        if c.discharged_on is None:  # the population was discharged in the period
            return False
        end = add_days(c.discharged_on, RETURN_WINDOW_DAYS)
        return any(c.discharged_on < s <= end for s in starts[c.client])

    return _share(population, returned, excluded)


def offered_move_under_30(
    courses: Iterable[CourseFacts],
    period: Period,
    move_services: Iterable[str],
    *,
    age_max: int = 29,
    age_min: int | None = None,
) -> Share:
    move = set(move_services)
    requested = [c for c in counted(courses) if c.requested in period]
    unknown = sum(1 for c in requested if c.age is None)
    population = [c for c in requested if in_population(c, age_min=age_min, age_max=age_max)]
    return _share(population, lambda c: bool(move & set(c.offered_services)), unknown)


def _deadline_share(
    deadlines: Iterable[DeadlineFact], period: Period, as_of: dt.date, by: str
) -> Share:
    population: list[str] = []
    excluded = 0
    for d in deadlines:
        day = d.trigger if by == "trigger" else d.due
        if day not in period or not d.exists_on(as_of):
            continue
        status = d.status_on(as_of)
        if status in ("met", "breached"):
            population.append(status)
        else:
            excluded += 1
    return _share(population, lambda s: s == "met", excluded)


def started_within_guarantee(
    courses: Iterable[CourseFacts], period: Period, as_of: dt.date
) -> Share:
    return _deadline_share(
        (c.guarantee for c in counted(courses) if c.guarantee is not None),
        period,
        as_of,
        "trigger",
    )


def follow_ups_on_time(courses: Iterable[CourseFacts], period: Period, as_of: dt.date) -> Share:
    return _deadline_share(
        (d for c in counted(courses) for d in c.follow_ups), period, as_of, "due"
    )


def plan_reviews_on_time(courses: Iterable[CourseFacts], period: Period, as_of: dt.date) -> Share:
    return _deadline_share(
        (d for c in counted(courses) for d in c.plan_reviews), period, as_of, "due"
    )


def complaints_on_time(
    complaints: Iterable[ComplaintFacts], period: Period, as_of: dt.date
) -> Share:
    """A complaint is on time when its re-assessment is met and, where the decision was kept,
    its forwarding too; it is late when either is breached."""
    population, excluded = [], 0
    for c in complaints:
        r = c.reassessment
        if r is None or r.due not in period or c.received_on > as_of:
            continue
        parts = [r.status_on(as_of)] + ([c.forwarding.status_on(as_of)] if c.forwarding else [])
        if "breached" in parts:
            population.append(False)
        elif all(p == "met" for p in parts):
            population.append(True)
        else:
            excluded += 1
    return _share(population, bool, excluded)
