"""Who is counted and the shares (R42), and the deadline metrics decided on the as-of day (R17,
R37, R25, R39)."""

from __future__ import annotations

import datetime as dt

import pytest

from vendepunkt.rules import kpi
from vendepunkt.rules.kpi import ComplaintFacts, DeadlineFact, TargetSpec

from .common import AS_OF, Y2025, D, course, discharged

# --- R42: completed as planned, abstinent, reduced -----------------------------------------


def test_R42_completed_as_planned_counts_discharges_in_the_period():
    data = [
        discharged(1, D(2025, 1, 1), "completed"),
        discharged(2, D(2025, 12, 31), "dropped_out"),
        discharged(3, D(2025, 6, 1), "to_other_offer"),
        discharged(4, D(2025, 6, 1), "completed"),
        discharged(5, D(2024, 12, 31), "completed"),  # before the period
        discharged(6, D(2026, 1, 1), "completed"),  # after
        course(7, start_on=D(2025, 3, 1)),  # still in treatment
    ]
    share = kpi.completed_as_planned(data, Y2025)
    assert (share.numerator, share.denominator) == (2, 4)
    assert share.value == 0.5


def test_R42_anonymous_101a_courses_are_excluded():
    data = [
        discharged(1, D(2025, 5, 1), "completed"),
        discharged(2, D(2025, 5, 1), "completed", track="SEL-101a", anonymous=True),
        discharged(3, D(2025, 5, 1), "dropped_out", track="SEL-101a", anonymous=True),
        # anonymous alcohol treatment (SUL § 141 stk. 7) is counted
        discharged(4, D(2025, 5, 1), "dropped_out", track="SUL-141", anonymous=True),
    ]
    share = kpi.completed_as_planned(data, Y2025)
    assert (share.numerator, share.denominator) == (1, 2)


def test_R42_no_population_is_not_measurable_not_zero():
    share = kpi.completed_as_planned([], Y2025)
    assert share.value is None and share.denominator == 0


def test_R42_abstinent_and_reduced_are_separate_shares():
    data = [
        discharged(1, D(2025, 2, 1), outcome="abstinent"),
        discharged(2, D(2025, 2, 1), outcome="reduced"),
        discharged(3, D(2025, 2, 1), outcome="reduced"),
        discharged(4, D(2025, 2, 1), outcome="unchanged"),
        discharged(5, D(2025, 2, 1), outcome="stabilised"),
    ]
    assert kpi.abstinent_after_treatment(data, Y2025).value == pytest.approx(0.2)
    assert kpi.reduced_after_treatment(data, Y2025).value == pytest.approx(0.4)


def test_R42_population_by_substance_takes_every_drug():
    c = course(1, substance="drugs")
    assert kpi.in_population(c, substances=("drugs",))
    assert not kpi.in_population(c, substances=("alcohol",))
    assert not kpi.in_population(course(2, substance=None), substances=("drugs",))
    assert kpi.in_population(course(3, age=29), age_max=29)
    assert not kpi.in_population(course(4, age=30), age_max=29)
    assert not kpi.in_population(course(5, age=None), age_max=29)


# --- R42: returns within 12 months -----------------------------------------------------------


def test_R42_return_within_12_months():
    data = [
        discharged(1, D(2025, 1, 10), client=100),
        course(2, client=100, start_on=D(2025, 12, 1)),  # returns after 325 days
        discharged(3, D(2025, 2, 1), client=200),
        course(4, client=200, start_on=D(2026, 2, 2)),  # 366 days: not a return
        discharged(5, D(2025, 3, 1), client=300),  # never back
        discharged(6, D(2025, 3, 1), client=400, anonymous=True, track="SUL-141"),  # not traceable
        discharged(7, D(2025, 12, 31), client=500),  # window ends 2026-12-31 > as_of: excluded
    ]
    share = kpi.return_within_12_months(data, Y2025, AS_OF)
    assert (share.numerator, share.denominator, share.excluded) == (1, 3, 2)


def test_R42_return_boundary_is_365_days_after_the_discharge():
    """docs/kpi.md: a new start within 365 days after the discharge is a return; the
    discharge is in the population once its 365 days have passed on the as-of date."""
    out = D(2025, 1, 10)
    day_365, day_366 = out + dt.timedelta(days=365), out + dt.timedelta(days=366)
    on_365 = [discharged(1, out, client=1), course(2, client=1, start_on=day_365)]
    on_366 = [discharged(1, out, client=1), course(2, client=1, start_on=day_366)]
    on_day_0 = [discharged(1, out, client=1), course(2, client=1, start_on=out)]
    assert kpi.return_within_12_months(on_365, Y2025, day_366).numerator == 1
    assert kpi.return_within_12_months(on_366, Y2025, day_366 + dt.timedelta(days=1)).numerator == 0
    assert kpi.return_within_12_months(on_day_0, Y2025, day_366).numerator == 0
    # the 365 days have passed on day 365 itself, not the day before
    assert kpi.return_within_12_months(on_365, Y2025, day_365).denominator == 1
    before = kpi.return_within_12_months(on_365, Y2025, day_365 - dt.timedelta(days=1))
    assert (before.denominator, before.excluded) == (0, 1)


def test_R42_a_return_may_be_for_another_substance():
    first = discharged(1, D(2025, 1, 10), client=1, substance="alcohol")
    back = course(2, client=1, substance="drugs", start_on=D(2025, 6, 1))
    spec = TargetSpec("t", "return_within_12_months", "", 0.3, "at_most", substances=("alcohol",))
    share = kpi.measure(spec, [first, back], Y2025, AS_OF)
    assert (share.numerator, share.denominator) == (1, 1)


# --- R42: MOVE under 30 ---------------------------------------------------------------------


def test_R42_under_30s_offered_move():
    data = [
        course(1, age=22, request_on=D(2025, 3, 1), offered_services=("move",)),
        course(2, age=29, request_on=D(2025, 3, 1), offered_services=("individuelle-samtaler",)),
        course(3, age=30, request_on=D(2025, 3, 1)),  # not under 30
        course(4, age=None, request_on=D(2025, 3, 1)),  # unknown age: excluded
        course(5, age=19, request_on=D(2024, 3, 1), offered_services=("move",)),  # other year
    ]
    share = kpi.offered_move_under_30(data, Y2025, ["move"])
    assert (share.numerator, share.denominator, share.excluded) == (1, 2, 1)


def counselling_courses():
    """Anonymous counselling (R2), relatives (R5) and information talks: the counselling track,
    usually without a request for treatment; and a course opened without a request."""
    return [
        course(11, age=22, track="counselling", request_on=None, opened_on=D(2025, 4, 1)),
        course(
            12,
            age=24,
            track="counselling",
            anonymous=True,
            request_on=None,
            opened_on=D(2025, 5, 1),
        ),
        course(13, age=25, track="counselling", request_on=D(2025, 6, 1)),
        course(14, age=26, request_on=None, opened_on=D(2025, 7, 1)),  # no request for treatment
    ]


def test_R42_counselling_and_courses_without_a_request_are_not_counted():
    base = [course(1, age=22, request_on=D(2025, 3, 1), offered_services=("move",))]
    data = base + counselling_courses()
    move = kpi.offered_move_under_30(data, Y2025, ["move"])
    assert (move.numerator, move.denominator, move.excluded) == (1, 1, 0)
    f = kpi.flow(data, Y2025)
    assert sum(f["requests"].values()) == 1 and f["requests"][(2025, 3)] == 1
    # not in treatment metrics either, even with a start or a discharge recorded
    treated = [
        discharged(21, D(2025, 6, 1), track="counselling", request_on=None),
        discharged(22, D(2025, 6, 1), request_on=None),
        discharged(23, D(2025, 6, 1)),
    ]
    assert kpi.completed_as_planned(treated, Y2025).denominator == 1
    # waiting time runs from the request for treatment, not from the opening of the course
    waits = [
        course(24, opened_on=D(2025, 1, 1), request_on=None, start_on=D(2025, 2, 1)),
        course(25, opened_on=D(2025, 1, 1), request_on=D(2025, 1, 21), start_on=D(2025, 2, 1)),
    ]
    w = kpi.waiting_days(waits, Y2025)
    assert (w.n, w.median) == (1, 11.0)
    assert all(not c.counted for c in counselling_courses())


# --- R17/R42: guarantee, deadlines ----------------------------------------------------------


def guarantee(trigger, due, status, closed=None):
    return DeadlineFact(due=due, closed_on=closed, status=status, trigger=trigger)


def test_R42_started_within_guarantee_by_request_date():
    data = [
        course(1, guarantee=guarantee(D(2025, 1, 1), D(2025, 1, 15), "met", D(2025, 1, 10))),
        course(2, guarantee=guarantee(D(2025, 2, 1), D(2025, 2, 15), "breached", D(2025, 3, 1))),
        course(3, guarantee=guarantee(D(2025, 12, 25), D(2026, 1, 8), "open")),  # past due
        course(4, guarantee=guarantee(D(2025, 5, 1), D(2025, 5, 15), "waived")),  # excluded
        course(5, guarantee=guarantee(D(2024, 12, 30), D(2025, 1, 13), "met")),  # other year
        course(6, guarantee=None),
    ]
    share = kpi.started_within_guarantee(data, Y2025, AS_OF)
    assert (share.numerator, share.denominator, share.excluded) == (1, 3, 1)
    # on 2026-01-05 course 3 is still open and not yet due: not counted
    early = kpi.started_within_guarantee(data, Y2025, D(2026, 1, 5))
    assert (early.numerator, early.denominator, early.excluded) == (1, 2, 2)


def test_deadline_status_is_decided_on_the_as_of_date():
    met_late = DeadlineFact(D(2025, 1, 15), D(2025, 3, 1), "met", D(2025, 1, 1))
    assert met_late.status_on(D(2025, 1, 10)) == "open"  # closed after as_of, not yet due
    assert met_late.status_on(D(2025, 2, 1)) == "breached"  # closed after as_of, past due
    assert met_late.status_on(D(2025, 3, 1)) == "met"
    waived = DeadlineFact(D(2025, 1, 15), D(2025, 3, 1), "waived", D(2025, 1, 1))
    assert waived.status_on(D(2025, 2, 1)) == "breached"
    # a guarantee met in March counts as breached when measured in February
    data = [course(1, guarantee=met_late)]
    feb = kpi.started_within_guarantee(data, Y2025, D(2025, 2, 1))
    assert (feb.numerator, feb.denominator) == (0, 1)
    # a deadline triggered after as_of did not exist yet
    later = [course(2, guarantee=guarantee(D(2025, 6, 1), D(2025, 6, 15), "met", D(2025, 6, 2)))]
    may = kpi.started_within_guarantee(later, Y2025, D(2025, 5, 1))
    assert (may.denominator, may.excluded) == (0, 0)


def test_events_after_the_as_of_date_are_not_counted():
    as_of = D(2025, 6, 30)
    data = [
        discharged(1, D(2025, 5, 1), "completed"),
        discharged(2, D(2025, 9, 1), "dropped_out"),  # discharged after as_of: still in treatment
        course(3, request_on=D(2025, 5, 1), start_on=D(2025, 8, 1)),  # starts after as_of
        course(4, request_on=D(2025, 8, 1), opened_on=D(2025, 8, 1), start_on=D(2025, 8, 5)),
    ]
    figures = kpi.leader_figures(data, [], [], Y2025, as_of)
    assert (figures.completed_drugs.numerator, figures.completed_drugs.denominator) == (1, 1)
    assert figures.waiting.n == 2  # courses 1 and 2 started by as_of; 3 and 4 later
    spec = TargetSpec("t", "completed_as_planned", "", 0.4, "at_least")
    (result,) = kpi.annex([spec], data, Y2025, as_of)
    assert (result.share.numerator, result.share.denominator) == (1, 1)
    known = {c.id: c for c in kpi.known_on(data, as_of)}
    assert set(known) == {1, 2, 3}  # course 4 was opened after as_of
    assert known[2].discharged_on is None and known[2].discharge_status is None
    assert known[3].start_on is None


def test_R37_R25_follow_ups_and_plan_reviews_on_time_by_due_date():
    data = [
        course(
            1,
            follow_ups=(
                DeadlineFact(D(2025, 2, 1), D(2025, 1, 30), "met"),
                DeadlineFact(D(2025, 7, 1), None, "open"),  # past due on AS_OF: breached
                DeadlineFact(D(2026, 12, 1), None, "open"),  # other year
            ),
            plan_reviews=(
                DeadlineFact(D(2025, 3, 1), D(2025, 3, 2), "breached"),
                DeadlineFact(D(2025, 6, 1), D(2025, 6, 1), "met"),
                DeadlineFact(D(2025, 9, 1), D(2025, 8, 1), "met"),
            ),
        ),
    ]
    fu = kpi.follow_ups_on_time(data, Y2025, AS_OF)
    assert (fu.numerator, fu.denominator) == (1, 2)
    pr = kpi.plan_reviews_on_time(data, Y2025, AS_OF)
    assert (pr.numerator, pr.denominator) == (2, 3)


def test_R39_complaints_on_time_needs_reassessment_and_forwarding():
    data = [
        ComplaintFacts(1, D(2025, 1, 1), DeadlineFact(D(2025, 1, 29), D(2025, 1, 20), "met")),
        ComplaintFacts(
            2,
            D(2025, 2, 1),
            DeadlineFact(D(2025, 3, 1), D(2025, 2, 20), "met"),
            DeadlineFact(D(2025, 3, 1), D(2025, 3, 5), "breached"),
        ),
        ComplaintFacts(3, D(2025, 4, 1), DeadlineFact(D(2025, 4, 29), None, "open")),  # late
        ComplaintFacts(4, D(2025, 4, 1), None),  # no deadline (SEL § 101 a)
    ]
    share = kpi.complaints_on_time(data, Y2025, AS_OF)
    assert (share.numerator, share.denominator) == (1, 3)
