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

The package follows the seams of the figures: `facts` (the frozen facts and the period),
`metrics` (the definitions as data), `shares` (who is counted; the shares of R42 and the
deadline metrics), `waiting`, `activity` (flow, outcomes, capacity), `survival` (retention,
Kaplan–Meier), `targets` (the goal-attainment annex, R43) and `leaders` (the leaders' figures,
R44). Every public name is importable from `vendepunkt.rules.kpi` itself; no module is named
after a function it holds, so `kpi.annex`, `kpi.flow` and `kpi.retention` are the functions.
"""

from __future__ import annotations

from .activity import FLOW_STEPS, CapacityUse, capacity_use, flow, months, outcomes
from .facts import (
    ANONYMOUS_TRACK,
    COUNSELLING_TRACK,
    DRUG_SUBSTANCES,
    Capacity,
    ComplaintFacts,
    CourseFacts,
    DeadlineFact,
    Period,
    ServiceSpan,
)
from .leaders import Filters, LeaderFigures, leader_figures
from .metrics import METRICS, MetricDef, W, Words
from .shares import (
    RETURN_WINDOW_DAYS,
    Share,
    abstinent_after_treatment,
    add_days,
    complaints_on_time,
    completed_as_planned,
    counted,
    discharged_in,
    follow_ups_on_time,
    in_population,
    known_on,
    offered_move_under_30,
    plan_reviews_on_time,
    reduced_after_treatment,
    return_within_12_months,
    started_within_guarantee,
)
from .survival import KMPoint, kaplan_meier, retention, survival_at
from .targets import TargetResult, TargetSpec, annex, judge, measure, shift_year
from .waiting import WAITING_BUCKETS, Waiting, waiting_days

__all__ = [
    "ANONYMOUS_TRACK",
    "COUNSELLING_TRACK",
    "DRUG_SUBSTANCES",
    "FLOW_STEPS",
    "METRICS",
    "RETURN_WINDOW_DAYS",
    "WAITING_BUCKETS",
    "Capacity",
    "CapacityUse",
    "ComplaintFacts",
    "CourseFacts",
    "DeadlineFact",
    "Filters",
    "KMPoint",
    "LeaderFigures",
    "MetricDef",
    "Period",
    "ServiceSpan",
    "Share",
    "TargetResult",
    "TargetSpec",
    "W",
    "Waiting",
    "Words",
    "abstinent_after_treatment",
    "add_days",
    "annex",
    "capacity_use",
    "complaints_on_time",
    "completed_as_planned",
    "counted",
    "discharged_in",
    "flow",
    "follow_ups_on_time",
    "in_population",
    "judge",
    "kaplan_meier",
    "known_on",
    "leader_figures",
    "measure",
    "months",
    "offered_move_under_30",
    "outcomes",
    "plan_reviews_on_time",
    "reduced_after_treatment",
    "retention",
    "return_within_12_months",
    "shift_year",
    "started_within_guarantee",
    "survival_at",
    "waiting_days",
]
