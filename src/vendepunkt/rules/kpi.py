"""Key figures (KPIs) of the treatment centre, the goal-attainment annex and the leaders' figures
(R42, R43, R44). Pure: plain frozen facts in, figures out; no Django, no clock (`as_of` is an
argument). Every metric is defined as data (`METRICS`), and `docs/kpi.md` writes the same
definitions down; the functions below follow them line by line.

Conventions (see `docs/kpi.md`):
- A period is `[start, end]`, both days included.
- Anonymous courses under SEL § 101 a are excluded from every course-based metric: they are
  counselling without a case, not reported to the registers, and their citizens cannot be followed.
- So are courses on the counselling track (anonymous counselling, relatives, information talks)
  and courses without a request for treatment (`request_on`): they are not treatment cases.
- Every figure is the picture on `as_of`: requests, grants, starts, discharges, services and
  deadlines after `as_of` are not seen, and a deadline closed after `as_of` was still open then.
- A share is `numerator / denominator`; with a denominator of 0 the value is `None` (not
  measurable), never 0 or 100 %.
- Deadline-based metrics (guarantee, follow-ups, plan reviews, complaints) use the stored
  deadlines with the status decided on `as_of`: open and past due is breached; open and not yet
  due is not counted (it may still be met); waived is excluded.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from .dates import add_years, months_of

DRUG_SUBSTANCES = frozenset({"drugs", "cannabis", "opioids", "cocaine", "amphetamine", "other"})
ANONYMOUS_TRACK = "SEL-101a"
COUNSELLING_TRACK = "counselling"
RETURN_WINDOW_DAYS = 365
WAITING_BUCKETS = ((0, 7), (8, 14), (15, 30), (31, 60), (61, None))


# --- facts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineFact:
    """A stored deadline: its due date, the closing event's date and its stored status
    (met, breached, open, waived, lapsed)."""

    due: dt.date | None
    closed_on: dt.date | None
    status: str
    trigger: dt.date | None = None

    def status_on(self, as_of: dt.date) -> str:
        """The status as it was on `as_of`: closed after `as_of` means still open then (and so
        breached when already past due); open and past due is breached."""
        status = self.status
        if self.closed_on is not None and self.closed_on > as_of:
            status = "open"
        if status == "open" and self.due is not None and self.due < as_of:
            return "breached"
        return status

    def exists_on(self, as_of: dt.date) -> bool:
        """A deadline whose trigger lies after `as_of` did not exist yet."""
        return self.trigger is None or self.trigger <= as_of


@dataclass(frozen=True)
class ServiceSpan:
    service_id: str
    start_on: dt.date
    end_on: dt.date | None


@dataclass(frozen=True)
class CourseFacts:
    """One contact course and its treatment course, as the KPIs need them."""

    id: int
    client: int  # the same for every course of one person (a linked anonymous client counts once)
    track: str  # SEL-101, SEL-101a, SUL-141, SUL-142
    anonymous: bool
    substance: str | None  # "alcohol", "drugs" (any illicit drug) or None when not recorded
    age: int | None  # at the request (or the course's opening)
    centre: int | None = None
    request_on: dt.date | None = None
    opened_on: dt.date | None = None
    first_grant_on: dt.date | None = None
    start_on: dt.date | None = None
    discharged_on: dt.date | None = None
    discharge_status: str | None = None  # completed, to_other_offer, to_hospital, ...
    discharge_outcome: str | None = None  # abstinent, reduced, stabilised, unchanged
    offered_services: tuple[str, ...] = ()  # services applied for or given
    services: tuple[ServiceSpan, ...] = ()
    guarantee: DeadlineFact | None = None
    follow_ups: tuple[DeadlineFact, ...] = ()
    follow_ups_reached: int = 0
    follow_ups_recorded: int = 0
    plan_reviews: tuple[DeadlineFact, ...] = ()

    @property
    def requested(self) -> dt.date | None:
        """The request for treatment; a course without one is only counselling."""
        return self.request_on

    @property
    def counted(self) -> bool:
        """Outside every course metric: anonymous courses under SEL § 101 a, courses on the
        counselling track and courses without a request for treatment."""
        if self.track == ANONYMOUS_TRACK and self.anonymous:
            return False
        return self.track != COUNSELLING_TRACK and self.request_on is not None

    def in_treatment_on(self, day: dt.date) -> bool:
        return (
            self.start_on is not None
            and self.start_on <= day
            and (self.discharged_on is None or self.discharged_on > day)
        )


@dataclass(frozen=True)
class ComplaintFacts:
    id: int
    received_on: dt.date
    reassessment: DeadlineFact | None
    forwarding: DeadlineFact | None = None


@dataclass(frozen=True)
class Capacity:
    """A capacity the standard states, for a service or a centre."""

    key: str  # the service's or the centre's id in the standard
    name: str
    amount: int
    unit: str  # courses (per year), places (at the same time), participants
    substance: str | None = None
    service_ids: tuple[str, ...] = ()  # for a centre: every service; for a service: itself
    centre: int | None = None  # the centre record, when the capacity is a centre's


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("period ends before it starts / perioden slutter før den begynder")

    def __contains__(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))


# --- metric definitions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """A text in Danish and English."""

    da: str
    en: str

    def __str__(self) -> str:
        return self.en

    def get(self, lang: str) -> str:
        return self.en if lang.startswith("en") else self.da


@dataclass(frozen=True)
class MetricDef:
    id: str
    name_da: str
    name_en: str
    population: Words  # the courses (or deadlines, complaints) looked at
    numerator: Words
    denominator: Words
    period: Words
    exclusions: Words
    source: str  # requirement, law or standard the metric answers
    unit: str = "share"  # share, days, count


W = Words
_EXCL = W(
    "anonyme forløb efter SEL § 101 a; forløb på rådgivningssporet (anonym rådgivning, pårørende, "
    "informationssamtaler); forløb uden en henvendelse om behandling",
    "anonymous courses under SEL § 101 a; courses on the counselling track (anonymous "
    "counselling, relatives, information talks); courses without a request for treatment",
)
_DISCHARGED = W(
    "behandlingsforløb udskrevet i perioden", "treatment courses discharged in the period"
)
_ALL_DISCHARGES = W("alle udskrivninger i populationen", "all discharges in the population")
_DISCHARGE_DATE = W("udskrivningsdato i perioden", "discharge date in the period")
_THE_POPULATION = W("populationen", "the population")
METRICS: dict[str, MetricDef] = {
    m.id: m
    for m in (
        MetricDef(
            "completed_as_planned",
            "Forløb afsluttet som planlagt (færdigbehandlede)",
            "Courses completed as planned",
            _DISCHARGED,
            W(
                "udskrivninger med status «færdigbehandlet» (completed)",
                "discharges with status 'completed' (færdigbehandlet)",
            ),
            _ALL_DISCHARGES,
            _DISCHARGE_DATE,
            _EXCL,
            "R42; HAD 9.1, HER 8",
        ),
        MetricDef(
            "abstinent_after_treatment",
            "Clean/ædru ved afslutning",
            "Abstinent at the end of treatment",
            _DISCHARGED,
            W("udskrivninger med resultatet «clean/ædru»", "discharges with outcome 'abstinent'"),
            _ALL_DISCHARGES,
            _DISCHARGE_DATE,
            _EXCL,
            "R42; ODS Monitorering af indsatsen",
        ),
        MetricDef(
            "reduced_after_treatment",
            "Reduceret forbrug ved afslutning",
            "Reduced use at the end of treatment",
            _DISCHARGED,
            W(
                "udskrivninger med resultatet «reduceret forbrug»",
                "discharges with outcome 'reduced'",
            ),
            _ALL_DISCHARGES,
            _DISCHARGE_DATE,
            _EXCL,
            "R42; ODS Monitorering af indsatsen",
        ),
        MetricDef(
            "return_within_12_months",
            "Tilbage i behandling inden for 12 måneder",
            "Back in treatment within 12 months",
            W(
                "behandlingsforløb udskrevet i perioden, hvis 12 måneder er gået på "
                "beregningsdagen",
                "treatment courses discharged in the period whose 12 months have passed by the "
                "as-of date",
            ),
            W(
                "forløb, hvor samme person startede et nyt behandlingsforløb inden for 12 måneder "
                "(365 dage) efter udskrivningen",
                "courses after which the same person started a new treatment course within 12 "
                "months (365 days) of the discharge",
            ),
            _THE_POPULATION,
            _DISCHARGE_DATE,
            W(
                _EXCL.da + "; alle anonyme borgere (en tilbagevenden kan ikke ses); udskrivninger, "
                "hvis 12 måneder endnu ikke er gået",
                _EXCL.en + "; every anonymous client (a return cannot be seen); discharges whose "
                "12 months have not yet passed",
            ),
            "R42; ODS Monitorering af indsatsen, HER 8",
        ),
        MetricDef(
            "offered_move_under_30",
            "Unge under 30 tilbudt MOVE",
            "Under-30s offered MOVE",
            W(
                "forløb med en henvendelse om behandling i perioden fra borgere under 30 år ved "
                "henvendelsen",
                "courses with a request for treatment in the period by citizens under 30 at the "
                "request",
            ),
            W(
                "forløb, hvor der er søgt om eller givet en MOVE-ydelse (standardens ydelser, "
                "der nævner MOVE)",
                "courses where a MOVE service (the standard's services naming MOVE) was applied "
                "for or given",
            ),
            _THE_POPULATION,
            W("henvendelsesdato i perioden", "request date in the period"),
            W(
                _EXCL.da + "; forløb, hvor alderen ikke kendes",
                _EXCL.en + "; courses whose age is unknown",
            ),
            "R42; HAD 9.1",
        ),
        MetricDef(
            "started_within_guarantee",
            "Behandling startet inden for behandlingsgarantien",
            "Treatment started within the guarantee",
            W(
                "forløb med en frist for behandlingsgarantien, hvis udgangspunkt (henvendelsen "
                "eller den hændelse, standarden nævner) ligger i perioden",
                "courses with a treatment-guarantee deadline whose trigger (the request, or the "
                "event the standard names) falls in the period",
            ),
            W(
                "garantier overholdt (behandlingen startet senest på fristdagen)",
                "guarantees met (treatment started on or before the due date)",
            ),
            W(
                "garantier overholdt eller overskredet (åben og forfalden tæller som overskredet)",
                "guarantees met or breached (open and past due counts as breached)",
            ),
            W(
                "garantiens udgangspunkt (fristens startdato) i perioden",
                "the guarantee's trigger (the deadline's start date) in the period",
            ),
            W(
                _EXCL.da + "; fravegne garantier (R18); garantier, der stadig er åbne og ikke "
                "forfaldne",
                _EXCL.en + "; waived guarantees (R18); guarantees still open and not yet due",
            ),
            "R17, R42; SEL § 101 stk. 4, SUL § 141 stk. 2, SUL § 142 stk. 6; HJO Kvalitetsmål",
        ),
        MetricDef(
            "waiting_days",
            "Ventetid fra henvendelse til behandlingsstart (median)",
            "Waiting time from request to treatment start (median)",
            W("behandlingsforløb startet i perioden", "treatment courses started in the period"),
            W(
                "dage fra henvendelsen om behandling til opstarten",
                "days from the request for treatment to the start",
            ),
            W("—", "—"),
            W("startdato i perioden", "start date in the period"),
            _EXCL,
            "R17, R44",
            unit="days",
        ),
        MetricDef(
            "follow_ups_on_time",
            "Opfølgninger gennemført til tiden",
            "Follow-ups done on time",
            W("opfølgningsfrister med forfald i perioden", "follow-up deadlines due in the period"),
            W(
                "opfølgninger registreret senest på fristdagen",
                "follow-ups recorded on or before the due date",
            ),
            W("opfølgninger overholdt eller overskredet", "follow-ups met or breached"),
            W("fristdato i perioden", "due date in the period"),
            W(
                _EXCL.da + "; opfølgninger, der stadig er åbne og ikke forfaldne",
                _EXCL.en + "; follow-ups still open and not yet due",
            ),
            "R37; BEK 1477 § 4 stk. 2",
        ),
        MetricDef(
            "plan_reviews_on_time",
            "Planrevisioner til tiden",
            "Plan reviews on time",
            W("frister for planrevision i perioden", "plan review deadlines due in the period"),
            W(
                "revisioner registreret senest på fristdagen",
                "reviews recorded on or before the due date",
            ),
            W("revisioner overholdt eller overskredet", "reviews met or breached"),
            W("fristdato i perioden", "due date in the period"),
            W(
                _EXCL.da + "; revisioner, der stadig er åbne og ikke forfaldne",
                _EXCL.en + "; reviews still open and not yet due",
            ),
            "R25",
        ),
        MetricDef(
            "complaints_on_time",
            "Klager genvurderet til tiden",
            "Complaints handled on time",
            W(
                "klager, hvis genvurdering havde frist i perioden",
                "complaints whose re-assessment was due in the period",
            ),
            W(
                "klager genvurderet (og, når afgørelsen fastholdes, videresendt) senest på "
                "fristdagen",
                "complaints re-assessed (and, when the decision was kept, forwarded) on or before "
                "the due date",
            ),
            W("klager overholdt eller overskredet", "complaints met or breached"),
            W("fristdato for genvurderingen i perioden", "re-assessment due date in the period"),
            W(
                "klager, der stadig er åbne og ikke forfaldne; klager uden genvurderingsfrist "
                "(SEL § 101 a)",
                "complaints still open and not yet due; complaints without a re-assessment "
                "deadline (SEL § 101 a)",
            ),
            "R39; Retssikkerhedsloven §§ 66-67",
        ),
        MetricDef(
            "capacity_use",
            "Kapacitetsudnyttelse",
            "Capacity use",
            W(
                "kapaciteter, standarden angiver, pr. ydelse eller center",
                "capacities the standard states, per service or centre",
            ),
            W(
                "forløb: behandlingsforløb i ydelsen (eller centret) på noget tidspunkt i "
                "perioden; pladser: dage i ydelsen i perioden divideret med periodens dage",
                "courses: treatment courses in the service (or centre) at any time in the period; "
                "places: days in the service in the period divided by the period's days",
            ),
            W(
                "den angivne kapacitet (forløb pr. år omregnet til periodens længde; pladser)",
                "the stated capacity (courses per year scaled to the period's length; places)",
            ),
            W("ethvert overlap med perioden", "any overlap with the period"),
            _EXCL,
            "R44",
        ),
    )
}


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int
    excluded: int = 0

    @property
    def value(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator


def _share(items: Iterable, hit: Callable, excluded: int = 0) -> Share:
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
    courses: Iterable[CourseFacts], period: Period, as_of: dt.date, *, all_courses=None
) -> Share:
    """`all_courses` are the person's later courses to look for a return in (by default the same
    list); a return may fall outside the filters (another substance, another track)."""
    pool = list(courses)
    later = list(all_courses) if all_courses is not None else pool
    starts: dict[int, list[dt.date]] = defaultdict(list)
    for c in later:
        if c.start_on is not None and not c.anonymous:
            starts[c.client].append(c.start_on)
    population, excluded = [], 0
    for c in discharged_in(pool, period):
        if c.anonymous or add_days(c.discharged_on, RETURN_WINDOW_DAYS) > as_of:
            excluded += 1
            continue
        population.append(c)

    def returned(c: CourseFacts) -> bool:
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


def _deadline_share(deadlines: Iterable[DeadlineFact], period: Period, as_of: dt.date, by: str):
    population, excluded = [], 0
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
        if c.start_on in period and c.requested is not None
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
            if day in period:
                table[step][(day.year, day.month)] += 1
    return table


def outcomes(courses: Iterable[CourseFacts], period: Period) -> dict:
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
    courses: Iterable[CourseFacts], period: Period, as_of: dt.date, group: Callable
) -> dict[str, list[KMPoint]]:
    """Kaplan–Meier curves of time in treatment for courses started in the period, per group
    (service or programme): the event is the discharge; a course still running on `as_of` (or
    on the period's end, if earlier) is censored there."""
    horizon = min(as_of, period.end)
    data: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for c in counted(courses):
        if c.start_on not in period or c.start_on > horizon:
            continue
        ended = c.discharged_on is not None and c.discharged_on <= horizon
        end = c.discharged_on if ended else horizon
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


def judge(spec: TargetSpec, share: Share, previous: Share | None = None) -> tuple:
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
