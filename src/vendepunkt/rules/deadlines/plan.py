"""The treatment plan: at the start of treatment (R24) and its reviews (R25)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from ..dates import date_text
from ..standards.schema import Deadline, DeadlineKind, Event, ReviewTrigger
from .engine import _covers, _Ctx, _deadline, _first_on_or_after, _std_deadline
from .facts import TreatmentPlan
from .periods import _en, _every_da, add_period
from .result import ComputedDeadline, Kind

# R24 ----------------------------------------------------------------------------------------


def _plans(c: _Ctx) -> list[TreatmentPlan]:
    return sorted(c.course.plans, key=lambda p: p.made_on)


def plan_at_start(c: _Ctx) -> Iterator[ComputedDeadline]:
    law = c.floor.plan_at_start
    law_applies = c.track in law.applies_to
    mine = _std_deadline(c, DeadlineKind.plan_at_start)
    if not law_applies and mine is None:
        return
    course = c.course
    plans = _plans(c)
    first = plans[0].made_on if plans else None
    start = course.treatment_started_on
    if start is None:
        trigger, due = course.requested_on, None
        da = [
            "Behandlingsplanen skal foreligge ved behandlingens start, som ikke er registreret endnu."
        ]
        en = ["The treatment plan is due at the treatment start, which is not recorded yet."]
    else:
        trigger = due = start
        da = [f"Behandlingsplanen skal foreligge ved behandlingens start ({date_text(start)})."]
        en = [f"The treatment plan is due at the treatment start ({date_text(start)})."]
    if not law_applies:
        da.append("Loven kræver ikke planen på dette spor; standarden gør.")
        en.append("The law does not require the plan on this track; the standard does.")
    source = mine.source if mine else (c.std.plan.source if c.std.plan.at_start else None)
    yield _deadline(
        Kind.plan_at_start,
        "course",
        trigger,
        due,
        first,
        c,
        citation=law.citation if law_applies else None,
        source=source,
        da=da,
        en=en,
    )


# R25 ----------------------------------------------------------------------------------------


def plan_reviews(c: _Ctx) -> Iterator[ComputedDeadline]:
    plans = _plans(c)
    if not plans:
        return
    course = c.course
    end = course.discharge.on if course.discharge else None
    # A review, or a later plan (a revised plan), closes a review deadline; none after discharge.
    reviews = sorted(
        set(course.reviews) | {p.made_on for p in plans[1:]},
    )
    if end is not None:
        reviews = [r for r in reviews if r <= end]
    seen: set[str] = set()
    for mine in c.std.deadlines_of(DeadlineKind.plan_review):
        if not _covers(mine, c.track):
            continue
        found: list[ComputedDeadline] = []
        if mine.within is not None:
            found.extend(_interval_reviews(c, mine, plans[0].made_on, reviews, end))
        if ReviewTrigger.service_change in mine.triggers:
            found.extend(_change_reviews(c, mine, plans[0].made_on, reviews, end))
        if (
            ReviewTrigger.end_of_agreed_period in mine.triggers
            or mine.counts_from == Event.end_of_agreed_period
        ):
            found.extend(_period_reviews(c, mine, plans, reviews, end))
        for d in found:
            if d.subject not in seen:
                seen.add(d.subject)
                yield d


def _interval_reviews(
    c: _Ctx, mine: Deadline, base: dt.date, reviews: Sequence[dt.date], end: dt.date | None
) -> Iterator[ComputedDeadline]:
    if mine.within is None:  # the caller only passes a review deadline with an interval
        return
    while True:
        due = add_period(base, mine.within)
        closing = next((r for r in reviews if r > base), None)
        if closing is None and end is not None and end <= due:
            return
        yield _deadline(
            Kind.plan_review,
            f"review:{base}",
            base,
            due,
            closing,
            c,
            citation=None,
            source=mine.source,
            da=[
                f"Behandlingsplanen revideres mindst {_every_da(mine.within)}: senest {date_text(due)} (regnet fra {date_text(base)})."
            ],
            en=[
                f"The plan is reviewed at least every {_en(mine.within)}: by {date_text(due)} (from {date_text(base)})."
            ],
        )
        if closing is None:
            return
        base = closing


def _change_reviews(
    c: _Ctx, mine: Deadline, plan_day: dt.date, reviews: Sequence[dt.date], end: dt.date | None
) -> Iterator[ComputedDeadline]:
    for change in sorted(set(c.course.service_changes)):
        if change <= plan_day or (end is not None and change > end):
            continue
        yield _deadline(
            Kind.plan_review,
            f"review:change:{change}",
            change,
            change,
            _first_on_or_after(reviews, change),
            c,
            citation=None,
            source=mine.source,
            da=[f"Behandlingsydelserne blev ændret {change}; planen revideres ved ændringen."],
            en=[f"The services changed on {change}; the plan is reviewed at the change."],
        )


def _period_reviews(
    c: _Ctx,
    mine: Deadline,
    plans: Sequence[TreatmentPlan],
    reviews: Sequence[dt.date],
    end: dt.date | None,
) -> Iterator[ComputedDeadline]:
    for i, plan in enumerate(plans):
        closing = next((r for r in reviews if r > plan.made_on), None)
        if plan.agreed_period_end is None:
            if i < len(plans) - 1 or end is not None:
                continue  # replaced by a later plan, or the course has ended
            yield _deadline(
                Kind.plan_review,
                f"review:period:{plan.made_on}",
                plan.made_on,
                None,
                closing,
                c,
                citation=None,
                source=mine.source,
                da=[
                    f"Planen ({date_text(plan.made_on)}) evalueres ved den aftalte periodes afslutning, men planen angiver ingen periode."
                ],
                en=[
                    f"The plan ({date_text(plan.made_on)}) is evaluated at the end of its agreed period, but it states no period."
                ],
            )
            continue
        due = plan.agreed_period_end
        if closing is None and end is not None and end <= due:
            continue
        yield _deadline(
            Kind.plan_review,
            f"review:period:{plan.made_on}",
            plan.made_on,
            due,
            closing,
            c,
            citation=None,
            source=mine.source,
            da=[
                f"Den tidsbegrænsede plan ({date_text(plan.made_on)}) evalueres ved den aftalte periodes afslutning, {date_text(due)}."
            ],
            en=[
                f"The time-limited plan ({date_text(plan.made_on)}) is evaluated at the end of its agreed period, {date_text(due)}."
            ],
        )
