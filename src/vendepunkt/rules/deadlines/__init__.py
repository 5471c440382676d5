"""The deadline engine: every deadline of one contact course, computed from the facts of the
course, the municipality's standard and the law floor (R17–R20, R3, R11, R15, R19, R22, R24,
R25, R32, R37, R39).

Pure and deterministic: no Django, no clock. `today` is an argument, so the same facts give
the same deadlines. `compute_deadlines()` returns a tuple of `ComputedDeadline`s; each says
what counts from which event, when it is due, whether it is open, met, breached, waived or
lapsed, its legal citation, where in the standard file it comes from, and why (Danish and
English). How the standard and the law combine for each rule is described in
`docs/deadlines.md`.

The package follows the seams of the engine: `facts` (the frozen facts of a course), `result`
(what a deadline is: kind, status, `ComputedDeadline`), `periods` (periods of the standard and
their words), `engine` (the context and the helpers every rule shares), one module per group of
rules (`treatment_guarantee`, `counselling`, `plan`, `follow_up`, `complaints`, `stays`,
`grants`, `forums`), and here the order they run in and what a course's end does to them. No
module is named after a function it holds, so `deadlines.guarantee` is the rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..dates import add_months, date_text
from ..law import LawFloor
from ..standards.schema import Standard
from .attendance import NO_SHOW_CONTACT_WORKING_DAYS, no_show_contact
from .complaints import complaint_handling, complaint_periods, deemed_received
from .counselling import open_counselling
from .decision import decision_deadline, first_appointment
from .engine import _Ctx
from .facts import (
    Application,
    Complaint,
    Course,
    Decision,
    Discharge,
    FollowUpRecord,
    Grant,
    NoShow,
    SentBy,
    Stay,
    TreatmentPlan,
    Waiver,
)
from .follow_up import FOLLOW_UP_LAW_TRACKS, follow_ups
from .forums import forum_meetings
from .grants import grant_expiries
from .notification import notification_check
from .periods import add_period
from .plan import plan_at_start, plan_reviews
from .result import KIND_ORDER, ComputedDeadline, Kind, Status
from .stays import status_meetings
from .treatment_guarantee import doctor_consultation, guarantee

__all__ = [
    "FOLLOW_UP_LAW_TRACKS",
    "KIND_ORDER",
    "NO_SHOW_CONTACT_WORKING_DAYS",
    "OUTLIVES_THE_COURSE",
    "RULES",
    "Application",
    "Complaint",
    "ComputedDeadline",
    "Course",
    "Decision",
    "Discharge",
    "FollowUpRecord",
    "Grant",
    "Kind",
    "NoShow",
    "SentBy",
    "Status",
    "Stay",
    "TreatmentPlan",
    "Waiver",
    "add_months",
    "add_period",
    "complaint_handling",
    "complaint_periods",
    "compute_deadlines",
    "decision_deadline",
    "deemed_received",
    "doctor_consultation",
    "first_appointment",
    "follow_ups",
    "forum_meetings",
    "grant_expiries",
    "guarantee",
    "no_show_contact",
    "notification_check",
    "open_counselling",
    "plan_at_start",
    "plan_reviews",
    "status_meetings",
]


RULES = (
    guarantee,  # first: the doctor's consultation uses its due date
    doctor_consultation,
    open_counselling,
    decision_deadline,  # after the guarantee: a decision is due by its date on the law's tracks
    first_appointment,
    plan_at_start,
    plan_reviews,
    follow_ups,
    complaint_periods,
    complaint_handling,
    status_meetings,
    grant_expiries,
    forum_meetings,
    notification_check,
    no_show_contact,
)


def compute_deadlines(
    course: Course, standard: Standard, floor: LawFloor, today: dt.date
) -> tuple[ComputedDeadline, ...]:
    """Every deadline of one contact course under `standard` and the law `floor`, as of
    `today`, ordered by kind, trigger and subject."""
    c = _Ctx(course, standard, floor, today)
    found = [_after_end(d, course) for rule in RULES for d in rule(c)]
    return tuple(sorted(found, key=_order))


# Deadlines owed to the citizen after the course has ended (a follow-up; a complaint's handling
# and the period to complain) stay; every other deadline ends with the course.
OUTLIVES_THE_COURSE = frozenset(
    {Kind.follow_up, Kind.complaint_period, Kind.complaint_reassessment, Kind.complaint_forwarding}
)


def _course_end(course: Course) -> dt.date | None:
    return course.discharge.on if course.discharge else course.closed_on


def _after_end(d: ComputedDeadline, course: Course) -> ComputedDeadline:
    """A deadline still unmet when the course ended (discharge, or a contact course closed
    without treatment) is closed on that day: breached when it was already due, lapsed (no
    longer owed) when it was not. It no longer stands on anyone's worklist."""
    end = _course_end(course)
    if (
        end is None
        or d.closed_on is not None
        or d.status not in (Status.open, Status.breached)
        or d.kind in OUTLIVES_THE_COURSE
    ):
        return d
    if d.due is not None and d.due < end:
        return replace(
            d,
            status=str(Status.breached),
            closed_on=end,
            at_risk=False,
            at_risk_from=None,
            reason_da=f"{d.reason_da} Forløbet sluttede {date_text(end)}, uden at fristen var overholdt.",
            reason_en=f"{d.reason_en} The course ended on {date_text(end)} without the deadline being met.",
        )
    return replace(
        d,
        status=str(Status.lapsed),
        closed_on=None,
        at_risk=False,
        at_risk_from=None,
        reason_da=f"{d.reason_da} Forløbet sluttede {date_text(end)}; fristen bortfaldt.",
        reason_en=f"{d.reason_en} The course ended on {date_text(end)}; the deadline no longer applies.",
    )


def _order(d: ComputedDeadline) -> tuple[int, dt.date, bool, dt.date]:
    # Ties keep the order the rules made them in (before, midway, final), which is fixed.
    return (KIND_ORDER.index(Kind(d.kind)), d.trigger, d.due is None, d.due or d.trigger)
