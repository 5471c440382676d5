"""The KPI formulas (R42, R43, R44) pinned on small hand-made data sets with known answers.
Each test names the requirement and the definition in docs/kpi.md it checks."""

from __future__ import annotations

import datetime as dt

import pytest

from vendepunkt.rules import kpi
from vendepunkt.rules.kpi import (
    Capacity,
    ComplaintFacts,
    CourseFacts,
    DeadlineFact,
    Filters,
    Period,
    ServiceSpan,
    TargetSpec,
)

D = dt.date
Y2025 = Period.year(2025)
AS_OF = D(2026, 11, 1)


def course(n: int, **kw) -> CourseFacts:
    base = dict(
        id=n,
        client=kw.pop("client", n),
        track="SEL-101",
        anonymous=False,
        substance="drugs",
        age=35,
        request_on=D(2020, 1, 2),  # a request for treatment (before every period used here)
    )
    base.update(kw)
    return CourseFacts(**base)


def discharged(n, on, status="completed", outcome="abstinent", **kw):
    return course(
        n,
        start_on=kw.pop("start_on", on - dt.timedelta(days=100)),
        discharged_on=on,
        discharge_status=status,
        discharge_outcome=outcome,
        **kw,
    )


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


# --- R44: waiting time, flow, outcomes ------------------------------------------------------


def test_R44_waiting_time_median_mean_p90_and_distribution():
    data = [
        course(i, request_on=D(2025, 1, 1), start_on=D(2025, 1, 1) + dt.timedelta(days=w))
        for i, w in enumerate((0, 3, 7, 8, 14, 15, 30, 31, 61, 100), start=1)
    ] + [course(99, request_on=D(2024, 1, 1), start_on=D(2024, 2, 1))]  # started in 2024
    w = kpi.waiting_days(data, Y2025)
    assert w.n == 10
    assert w.median == 14.5
    assert w.mean == pytest.approx(26.9)
    assert w.p90 == 61
    assert dict(w.buckets) == {"0–7": 3, "8–14": 2, "15–30": 2, "31–60": 1, "61+": 2}


def test_R44_waiting_time_of_no_starts():
    w = kpi.waiting_days([], Y2025)
    assert (w.n, w.median, w.mean) == (0, None, None)


def test_R44_flow_counts_each_step_in_its_month():
    data = [
        course(
            1,
            request_on=D(2025, 1, 5),
            first_grant_on=D(2025, 1, 9),
            start_on=D(2025, 2, 1),
            discharged_on=D(2025, 3, 1),
        ),
        course(2, request_on=D(2025, 3, 5), first_grant_on=D(2025, 4, 1)),
        course(3, request_on=D(2025, 3, 5), track="SEL-101a", anonymous=True),  # excluded
    ]
    f = kpi.flow(data, Period(D(2025, 1, 1), D(2025, 3, 31)))
    assert f["requests"] == {(2025, 1): 1, (2025, 2): 0, (2025, 3): 1}
    assert f["decisions"] == {(2025, 1): 1, (2025, 2): 0, (2025, 3): 0}
    assert f["starts"][(2025, 2)] == 1 and f["discharges"][(2025, 3)] == 1


def test_R44_outcomes_at_discharge_and_follow_up():
    data = [
        discharged(
            1, D(2025, 2, 1), "completed", "abstinent", follow_ups_recorded=2, follow_ups_reached=1
        ),
        discharged(2, D(2025, 2, 1), "dropped_out", "unchanged"),
    ]
    o = kpi.outcomes(data, Y2025)
    assert o["n"] == 2
    assert o["status"] == {"completed": 1, "dropped_out": 1}
    assert o["outcome"] == {"abstinent": 1, "unchanged": 1}
    assert (o["follow_ups_recorded"], o["follow_ups_reached"]) == (2, 1)


def test_R44_capacity_use_courses_and_places():
    q1 = Period(D(2025, 1, 1), D(2025, 3, 31))  # 90 days
    data = [
        course(1, start_on=D(2024, 12, 1), services=(ServiceSpan("move", D(2024, 12, 1), None),)),
        course(
            2,
            start_on=D(2025, 2, 1),
            discharged_on=D(2025, 2, 10),
            services=(ServiceSpan("move", D(2025, 2, 1), None),),
        ),
        course(3, start_on=D(2025, 4, 1), services=(ServiceSpan("move", D(2025, 4, 1), None),)),
        course(
            4,
            start_on=D(2025, 1, 1),
            services=(ServiceSpan("halfway", D(2025, 1, 1), D(2025, 1, 45 - 14)),),
        ),
    ]
    caps = [
        Capacity("move", "MOVE", 73, "courses", service_ids=("move",)),
        Capacity("halfway", "Halvvejshus", 2, "places", service_ids=("halfway",)),
    ]
    use = {u.capacity.key: u for u in kpi.capacity_use(data, caps, q1)}
    assert use["move"].used == 2 and use["move"].available == pytest.approx(18.0)
    assert use["move"].value == pytest.approx(2 / 18)
    # 31 days in a 90-day period on 2 places
    assert use["halfway"].used == pytest.approx(round(31 / 90, 2))
    assert use["halfway"].value == pytest.approx(round(31 / 90, 2) / 2)


def test_R44_capacity_places_count_a_course_once_per_centre():
    q1 = Period(D(2025, 1, 1), D(2025, 3, 31))  # 90 days
    both = (
        ServiceSpan("dag", D(2025, 1, 1), D(2025, 1, 30)),
        ServiceSpan("aften", D(2025, 1, 11), D(2025, 2, 9)),  # overlaps 20 days
    )
    data = [course(1, start_on=D(2025, 1, 1), services=both)]
    cap = Capacity("centre", "Centret", 1, "places", service_ids=("dag", "aften"))
    (use,) = kpi.capacity_use(data, [cap], q1)
    # 1 Jan – 9 Feb is 40 days in the centre, not 30 + 30
    assert use.used == pytest.approx(round(40 / 90, 2)) and use.n == 1


# --- R44: Kaplan–Meier retention ------------------------------------------------------------


def test_R44_kaplan_meier_textbook_example():
    # 6 courses: ended at 3, 5, 5; censored at 4, 6, 8
    points = kpi.kaplan_meier([(3, True), (4, False), (5, True), (5, True), (6, False), (8, False)])
    # the last point marks the longest observed time (censored at 8 days)
    assert [(p.day, p.at_risk, p.events) for p in points] == [
        (0, 6, 0),
        (3, 6, 1),
        (5, 4, 2),
        (8, 1, 0),
    ]
    assert points[1].survival == pytest.approx(5 / 6)
    assert points[2].survival == pytest.approx(5 / 6 * 2 / 4)
    assert kpi.survival_at(points, 4) == pytest.approx(5 / 6)
    assert kpi.survival_at(points, 8) == pytest.approx(5 / 12)


def test_R44_survival_is_not_known_beyond_the_longest_observed_time():
    points = kpi.kaplan_meier([(3, True), (4, False), (5, True), (5, True), (6, False), (8, False)])
    assert kpi.survival_at(points, 9) is None
    assert kpi.survival_at(points, 100) is None
    # ending with an event: known up to that day, not after it
    ended = kpi.kaplan_meier([(10, True), (20, True)])
    assert kpi.survival_at(ended, 20) == 0.0 and kpi.survival_at(ended, 21) is None
    assert kpi.survival_at([], 1) is None


def test_R44_events_are_counted_before_the_censored_on_the_same_day():
    # day 5: one ends and one is censored; both are at risk when the event is counted
    points = kpi.kaplan_meier([(5, False), (5, True), (9, True)])
    assert [(p.day, p.at_risk, p.events) for p in points] == [(0, 3, 0), (5, 3, 1), (9, 1, 1)]
    assert points[1].survival == pytest.approx(2 / 3)
    # censored first would leave 2 at risk (1/2); the order of the input does not matter
    again = kpi.kaplan_meier([(5, True), (9, True), (5, False)])
    assert again == points


def test_R44_retention_censors_running_courses_at_the_horizon():
    data = [
        course(1, start_on=D(2025, 1, 1), discharged_on=D(2025, 1, 31)),  # 30 days, ended
        course(2, start_on=D(2025, 1, 1)),  # running: censored at as_of
        course(3, start_on=D(2025, 1, 1), discharged_on=D(2025, 12, 1)),  # ends after as_of
    ]
    curves = kpi.retention(data, Y2025, D(2025, 6, 30), group=lambda c: "all")
    pts = curves["all"]
    assert [(p.day, p.at_risk, p.events) for p in pts] == [(0, 3, 0), (30, 3, 1), (180, 2, 0)]
    assert pts[-1].survival == pytest.approx(2 / 3)
    assert kpi.survival_at(pts, 180) == pytest.approx(2 / 3)
    assert kpi.survival_at(pts, 365) is None  # no course followed that long by 2025-06-30


# --- R43: the annex ---------------------------------------------------------------------------


def test_R43_judge_every_direction():
    s = kpi.Share(2, 5)  # 40 %
    spec = lambda d, t: TargetSpec("x", "completed_as_planned", "", t, d)  # noqa: E731
    assert kpi.judge(spec("at_least", 0.4), s)[0] is True
    assert kpi.judge(spec("above", 0.4), s)[0] is False
    assert kpi.judge(spec("at_most", 0.3), s)[0] is False
    assert kpi.judge(spec("all", None), s)[0] is False
    assert kpi.judge(spec("all", None), kpi.Share(3, 3))[0] is True
    assert kpi.judge(spec("decrease", None), s, kpi.Share(1, 2))[0] is True
    assert kpi.judge(spec("decrease", None), s, kpi.Share(1, 5))[0] is False
    assert kpi.judge(spec("decrease", None), s, kpi.Share(0, 0))[0] is None
    assert kpi.judge(spec("at_least", None), s)[0] is None
    assert kpi.judge(spec("at_least", 0.4), kpi.Share(0, 0))[0] is None


def test_R43_annex_haderslev_like_targets():
    specs = [
        TargetSpec("stof", "completed_as_planned", "", 0.40, "at_least", substances=("drugs",)),
        TargetSpec("alk", "completed_as_planned", "", 0.50, "at_least", substances=("alcohol",)),
        TargetSpec("move", "offered_move_under_30", "", 1.0, "all", age_max=29),
    ]
    data = [
        discharged(1, D(2025, 3, 1), "completed"),
        discharged(2, D(2025, 3, 1), "dropped_out"),
        discharged(3, D(2025, 3, 1), "completed", substance="alcohol"),
        discharged(4, D(2025, 3, 1), "dropped_out", substance="alcohol"),
        discharged(5, D(2025, 3, 1), "dropped_out", substance="alcohol"),
        course(6, age=24, request_on=D(2025, 5, 1), offered_services=("move",)),
        course(7, age=27, request_on=D(2025, 5, 1)),
    ]
    results = {r.spec.id: r for r in kpi.annex(specs, data, Y2025, AS_OF, ["move"])}
    assert (results["stof"].share.value, results["stof"].met) == (0.5, True)
    assert results["alk"].share.value == pytest.approx(1 / 3) and results["alk"].met is False
    assert (results["move"].share.numerator, results["move"].share.denominator) == (1, 2)
    assert results["move"].met is False


def test_R43_annex_decrease_compares_with_the_year_before():
    spec = TargetSpec("ret", "return_within_12_months", "", None, "decrease")
    data = [
        discharged(1, D(2024, 3, 1), client=1),
        course(2, client=1, start_on=D(2024, 9, 1)),
        discharged(3, D(2024, 3, 1), client=3),
        discharged(4, D(2025, 3, 1), client=4),
        discharged(5, D(2025, 3, 1), client=5),
        discharged(6, D(2025, 3, 1), client=6),
    ]
    (result,) = kpi.annex([spec], data, Y2025, D(2026, 6, 1))
    assert result.previous.value == 0.5 and result.share.value == 0.0
    assert result.met is True


def test_R43_filters_and_period_checks():
    f = Filters(substance="alcohol", track="SUL-141")
    assert f.keep(course(1, substance="alcohol", track="SUL-141"))
    assert not f.keep(course(2, substance="drugs", track="SUL-141"))
    with pytest.raises(ValueError):
        Period(D(2025, 2, 1), D(2025, 1, 1))
    assert kpi.shift_year(Period(D(2024, 2, 29), D(2024, 12, 31))).start == D(2023, 2, 28)


def test_every_metric_has_a_full_definition_in_both_languages():
    for m in kpi.METRICS.values():
        assert m.name_da and m.name_en and m.source
        for attr in ("population", "numerator", "denominator", "period", "exclusions"):
            words = getattr(m, attr)
            assert words.da and words.en, (m.id, attr)
