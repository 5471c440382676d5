"""The plan at the start of treatment (R24) and its reviews (R25)."""

from vendepunkt.rules.deadlines import Discharge, TreatmentPlan, add_months

from .common import REQUEST, D, course, of, one, run

# --- R24: the plan at start --------------------------------------------------------------


def test_R24_plan_due_at_the_treatment_start():
    waiting = one(run("haderslev", course()), "plan_at_start")
    assert waiting.due is None and waiting.status == "open" and "not recorded" in waiting.reason_en
    start = D(2026, 3, 12)
    on_time = course(treatment_started_on=start, plans=(TreatmentPlan(start),))
    d = one(run("haderslev", on_time, today=start), "plan_at_start")
    assert (d.trigger, d.due, d.status, d.citation) == (start, start, "met", "SEL § 101 stk. 8")
    late = course(treatment_started_on=start, plans=(TreatmentPlan(D(2026, 3, 20)),))
    assert one(run("haderslev", late, today=D(2026, 4, 1)), "plan_at_start").status == "breached"


def test_R24_plan_at_start_on_other_tracks_only_where_the_standard_promises_it():
    assert not of(run("herning", course(legal_basis="SUL-141")), "plan_at_start")
    ods = one(run("odsherred", course(legal_basis="SUL-141")), "plan_at_start")
    assert ods.citation is None and ods.source == "ODS Behandlingsplan, opfølgning og koordinering"


# --- R25: plan reviews -------------------------------------------------------------------


def test_R25_months_are_calendar_months_clamped_to_the_month_end():
    assert add_months(D(2026, 1, 31), 3) == D(2026, 4, 30)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 8, 15), 6) == D(2027, 2, 15)


def test_R25_haderslev_review_every_3_months_one_open_at_a_time():
    plan = TreatmentPlan(D(2026, 1, 31))
    c = course(
        requested_on=D(2026, 1, 20),
        treatment_started_on=D(2026, 1, 31),
        plans=(plan,),
        reviews=(D(2026, 4, 20), D(2026, 7, 25)),
    )
    reviews = of(run("haderslev", c, today=D(2026, 8, 1)), "plan_review")
    assert [(r.subject, r.due, r.status) for r in reviews] == [
        ("review:2026-01-31", D(2026, 4, 30), "met"),
        ("review:2026-04-20", D(2026, 7, 20), "breached"),
        ("review:2026-07-25", D(2026, 10, 25), "open"),
    ]
    assert reviews[1].closed_on == D(2026, 7, 25) and reviews[0].source == "HAD 7.1"
    assert all(r.citation is None for r in reviews)  # local configuration, not law


def test_R25_an_overdue_review_is_one_breached_deadline_not_a_series():
    c = course(treatment_started_on=REQUEST, plans=(TreatmentPlan(REQUEST),))
    reviews = of(run("herning", c, today=D(2027, 3, 1)), "plan_review")
    assert [(r.due, r.status) for r in reviews] == [(D(2026, 6, 2), "breached")]


def test_R25_haderslev_reviews_on_changed_services_and_herning_does_not():
    c = course(
        treatment_started_on=REQUEST,
        plans=(TreatmentPlan(REQUEST),),
        service_changes=(D(2026, 3, 20), D(2026, 4, 10)),
        reviews=(D(2026, 3, 20), D(2026, 4, 14)),
    )
    changes = [d for d in run("haderslev", c, D(2026, 5, 1)) if "change" in d.subject]
    assert [(d.subject, d.trigger, d.due, d.status, d.closed_on) for d in changes] == [
        ("review:change:2026-03-20", D(2026, 3, 20), D(2026, 3, 20), "met", D(2026, 3, 20)),
        ("review:change:2026-04-10", D(2026, 4, 10), D(2026, 4, 10), "breached", D(2026, 4, 14)),
    ]
    assert not [d for d in run("herning", c, D(2026, 5, 1)) if "change" in d.subject]


def test_R25_no_review_after_discharge():
    c = course(
        treatment_started_on=REQUEST,
        plans=(TreatmentPlan(REQUEST),),
        discharge=Discharge(D(2026, 5, 1), "completed"),
    )
    assert not of(run("haderslev", c, today=D(2026, 9, 1)), "plan_review")


def test_R25_odsherred_reviews_at_the_end_of_the_agreed_period():
    plan = TreatmentPlan(D(2026, 3, 16), agreed_period_end=D(2026, 7, 15))
    c = course(treatment_started_on=D(2026, 3, 16), plans=(plan,), reviews=(D(2026, 7, 10),))
    [r] = of(run("odsherred", c, today=D(2026, 8, 1)), "plan_review")
    assert (r.subject, r.trigger, r.due, r.status) == (
        "review:period:2026-03-16",
        D(2026, 3, 16),
        D(2026, 7, 15),
        "met",
    )
    open_plan = course(treatment_started_on=D(2026, 3, 16), plans=(TreatmentPlan(D(2026, 3, 16)),))
    [r] = of(run("odsherred", open_plan), "plan_review")
    assert r.due is None and "states no period" in r.reason_en
