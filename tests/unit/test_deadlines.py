"""The deadline engine on the four shipped standards, each seed with its own variant, plus
properties that hold for any course (R17–R20, R3, R11, R15, R19, R22, R24, R25, R32, R37, R39)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendepunkt.rules.deadlines import (
    Application,
    Complaint,
    ComputedDeadline,
    Course,
    Decision,
    Discharge,
    FollowUpRecord,
    Grant,
    Stay,
    TreatmentPlan,
    Waiver,
    add_months,
    compute_deadlines,
)
from vendepunkt.rules.law import law_floor
from vendepunkt.rules.standards import registry
from vendepunkt.rules.standards.schema import GuaranteeException, Period, Schedule

D = dt.date
REQUEST = D(2026, 3, 2)  # a Monday


def std(name):
    return registry.load_all()[name].standard


def run(name, course, today=REQUEST, standard=None):
    return compute_deadlines(course, standard or std(name), law_floor(), today)


def course(**kw):
    kw.setdefault("legal_basis", "SEL-101")
    kw.setdefault("requested_on", REQUEST)
    return Course(**kw)


def of(deadlines, kind, subject=None):
    return [d for d in deadlines if d.kind == kind and (subject is None or d.subject == subject)]


def one(deadlines, kind, subject=None):
    [found] = of(deadlines, kind, subject)
    return found


def with_deadline(standard, deadline_id, **changes):
    deadlines = tuple(
        d.model_copy(update=changes) if d.id == deadline_id else d for d in standard.deadlines
    )
    return standard.model_copy(update={"deadlines": deadlines})


# --- R17: the treatment guarantee --------------------------------------------------------


def test_R17_guarantee_is_14_days_from_the_request_haderslev():
    g = one(run("haderslev", course()), "treatment_guarantee")
    assert (g.subject, g.trigger, g.due, g.status) == ("course", REQUEST, D(2026, 3, 16), "open")
    assert g.citation == "SEL § 101 stk. 4" and g.source == "HAD 6.2"
    assert "14 dage" in g.reason_da and "14 days" in g.reason_en


def test_R17_start_on_the_due_date_is_met_and_later_is_breached():
    met = one(run("herning", course(treatment_started_on=D(2026, 3, 16))), "treatment_guarantee")
    assert (met.status, met.closed_on) == ("met", D(2026, 3, 16))
    late = course(treatment_started_on=D(2026, 3, 17))
    late_g = one(run("herning", late, today=D(2026, 4, 1)), "treatment_guarantee")
    assert (late_g.status, late_g.closed_on) == ("breached", D(2026, 3, 17))


def test_R17_no_start_after_the_due_date_is_breached():
    assert one(run("herning", course(), today=D(2026, 3, 16)), "treatment_guarantee").status == (
        "open"
    )
    g = one(run("herning", course(), today=D(2026, 3, 17)), "treatment_guarantee")
    assert g.status == "breached" and g.closed_on is None


def test_R17_odsherred_counts_from_personal_attendance_and_gives_the_law_date():
    c = course(personal_attendance_on=D(2026, 3, 5))
    g = one(run("odsherred", c), "treatment_guarantee")
    assert (g.trigger, g.due) == (D(2026, 3, 5), D(2026, 3, 19))
    assert g.source == "ODS Behandlingsgaranti" and g.citation == "SEL § 101 stk. 4"
    assert "personlige fremmøde" in g.reason_da and "2026-03-16" in g.reason_da
    assert "personal attendance" in g.reason_en and "2026-03-16" in g.reason_en


def test_R17_odsherred_counts_from_the_request_until_attendance_is_recorded():
    g = one(run("odsherred", course()), "treatment_guarantee")
    assert (g.trigger, g.due) == (REQUEST, D(2026, 3, 16))
    assert "not recorded yet" in g.reason_en


@pytest.mark.parametrize("name", ["odsherred", "hjoerring"])
def test_R17_R18_no_guarantee_for_sel_101a(name):
    c = course(legal_basis="SEL-101a", treatment_started_on=D(2026, 5, 1))
    assert not of(run(name, c, today=D(2026, 6, 1)), "treatment_guarantee")


def test_R17_the_law_applies_where_the_standard_has_no_guarantee_for_the_track():
    # Hjørring's guarantee covers SEL § 101 only; Haderslev states none for SUL § 142.
    alcohol = one(run("hjoerring", course(legal_basis="SUL-141")), "treatment_guarantee")
    assert alcohol.citation == "SUL § 141 stk. 2" and alcohol.source is None
    assert alcohol.due == D(2026, 3, 16) and "law's applies" in alcohol.reason_en
    medical = one(run("haderslev", course(legal_basis="SUL-142")), "treatment_guarantee")
    assert medical.citation == "SUL § 142 stk. 6" and medical.due == D(2026, 3, 16)


def test_R17_a_standard_guarantee_longer_than_the_law_is_cut_to_the_law():
    longer = with_deadline(
        std("herning"), "behandlingsgaranti", within=Period(amount=3, unit="week")
    )
    g = one(run("herning", course(), standard=longer), "treatment_guarantee")
    assert g.due == D(2026, 3, 16) and "the law prevails" in g.reason_en


# --- R18: exceptions with a reason -------------------------------------------------------


@pytest.mark.parametrize("kind", list(GuaranteeException))
def test_R18_hjoerring_accepts_each_of_its_five_exceptions(kind):
    waiver = Waiver(
        kind=kind,
        reason="Borgeren ønsker først at starte efter ferien.",
        recorded_on=D(2026, 3, 10),
    )
    g = one(run("hjoerring", course(waivers=(waiver,)), today=D(2026, 4, 1)), "treatment_guarantee")
    assert (g.status, g.closed_on) == ("waived", D(2026, 3, 10))
    assert "efter ferien" in g.reason_da


def test_R18_an_exception_the_standard_and_law_do_not_allow_is_ignored_and_noted():
    no_show = Waiver(kind="no_show", reason="Udeblev to gange.", recorded_on=D(2026, 3, 10))
    g = one(
        run("haderslev", course(waivers=(no_show,)), today=D(2026, 4, 1)), "treatment_guarantee"
    )
    assert g.status == "breached" and "no-show" in g.reason_en and "ignored" in g.reason_en
    # Haderslev's alcohol guarantee has no exceptions, and SUL § 141 has none: free choice too.
    free = Waiver(kind="free_choice", reason="Valgt andet sted.", recorded_on=D(2026, 3, 10))
    alcohol = course(legal_basis="SUL-141", waivers=(free,))
    assert one(run("haderslev", alcohol, today=D(2026, 4, 1)), "treatment_guarantee").status == (
        "breached"
    )
    # The law's free choice applies under SEL § 101 even where the standard names no exception.
    herning = one(run("herning", course(waivers=(free,)), D(2026, 4, 1)), "treatment_guarantee")
    assert herning.status == "waived"


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_R18_a_waiver_needs_a_reason(reason):
    with pytest.raises(ValueError):
        Waiver(kind="free_choice", reason=reason, recorded_on=REQUEST)


def test_R18_a_start_in_time_is_met_even_with_a_waiver():
    w = Waiver(kind="free_choice", reason="Frit valg.", recorded_on=D(2026, 3, 3))
    c = course(treatment_started_on=D(2026, 3, 9), waivers=(w,))
    assert one(run("hjoerring", c, today=D(2026, 4, 1)), "treatment_guarantee").status == "met"


# --- R17, R11, R20: at risk from the request day -----------------------------------------


def test_R17_R11_herning_residential_request_is_at_risk_from_the_request_day():
    # The residential committee meets on the first Tuesday: 3 March, then 7 April 2026.
    request = D(2026, 3, 4)
    c = course(requested_on=request, applications=(Application("a1", "primaer-doegn", request),))
    g = one(run("herning", c, today=request), "treatment_guarantee")
    assert g.due == D(2026, 3, 18) and g.at_risk is True
    assert "2026-04-07" in g.reason_en and "Døgnvisitationsudvalget" in g.reason_da


def test_R17_R11_herning_residential_request_before_the_meeting_is_not_at_risk():
    request = D(2026, 3, 25)  # due 8 April, the committee meets 7 April
    c = course(requested_on=request, applications=(Application("a1", "primaer-doegn", request),))
    g = one(run("herning", c, today=request), "treatment_guarantee")
    assert g.due == D(2026, 4, 8) and g.at_risk is False


def test_R17_R11_a_meeting_passed_without_decision_puts_the_guarantee_at_risk():
    request = D(2026, 3, 25)
    c = course(requested_on=request, applications=(Application("a1", "primaer-doegn", request),))
    g = one(run("herning", c, today=D(2026, 4, 8)), "treatment_guarantee")
    assert g.status == "open" and g.at_risk is True  # next meeting 5 May


def test_R17_R11_an_open_calendar_raises_no_flag_and_says_so():
    # Haderslev's weekly visitation meeting names no weekday.
    g = one(run("haderslev", course()), "treatment_guarantee")
    assert g.at_risk is False and "calendar is open" in g.reason_en
    herning = course(applications=(Application("a1", "mi", REQUEST),))
    g = one(run("herning", herning), "treatment_guarantee")
    assert g.at_risk is False and "Mødekalenderen er åben" in g.reason_da


def test_R17_R11_no_risk_once_decided_or_closed():
    decided = course(applications=(Application("a1", "primaer-doegn", REQUEST, D(2026, 3, 3)),))
    assert one(run("herning", decided), "treatment_guarantee").at_risk is False
    started = course(
        treatment_started_on=REQUEST, applications=(Application("a1", "primaer-doegn", REQUEST),)
    )
    assert one(run("herning", started), "treatment_guarantee").at_risk is False


def test_R17_R11_at_risk_from_the_day_after_the_last_meeting_before_the_due_date():
    # Due 8 April; the residential committee meets 7 April: from 8 April no meeting can decide
    # in time. The stored row carries that day, so a worklist read later needs no recomputation.
    request = D(2026, 3, 25)
    c = course(requested_on=request, applications=(Application("a1", "primaer-doegn", request),))
    early = one(run("herning", c, today=request), "treatment_guarantee")
    assert (early.at_risk, early.at_risk_from) == (False, D(2026, 4, 8))
    assert "2026-04-07" in early.reason_en and "2026-04-08" in early.reason_da
    late = one(run("herning", c, today=D(2026, 4, 8)), "treatment_guarantee")
    assert (late.at_risk, late.at_risk_from) == (True, D(2026, 4, 8))


def test_R17_R11_at_risk_from_the_request_day_when_no_meeting_comes_in_time():
    request = D(2026, 3, 4)  # due 18 March, next meeting 7 April
    c = course(requested_on=request, applications=(Application("a1", "primaer-doegn", request),))
    g = one(run("herning", c, today=request), "treatment_guarantee")
    assert (g.at_risk, g.at_risk_from) == (True, request)


@settings(max_examples=60, deadline=None)
@given(offset=st.integers(min_value=0, max_value=40), read=st.integers(min_value=0, max_value=20))
def test_R17_at_risk_on_read_agrees_with_a_recomputation(offset, read):
    """The stored `at_risk_from` gives, on any later day, the flag a recomputation would give."""
    request = D(2026, 1, 5) + dt.timedelta(days=offset)
    c = course(requested_on=request, applications=(Application("a1", "primaer-doegn", request),))
    stored = one(run("herning", c, today=request), "treatment_guarantee")
    day = request + dt.timedelta(days=read)
    fresh = one(run("herning", c, today=day), "treatment_guarantee")
    if fresh.status == "open":
        on_read = stored.at_risk_from is not None and stored.at_risk_from <= day
        assert on_read == fresh.at_risk


# --- R19: the doctor's consultation ------------------------------------------------------


def test_R19_hjoerring_doctor_talk_within_14_days_of_the_request():
    d = one(run("hjoerring", course(doctor_consultation_on=D(2026, 3, 12))), "doctor_consultation")
    assert (d.trigger, d.due, d.status, d.closed_on) == (
        REQUEST,
        D(2026, 3, 16),
        "met",
        D(2026, 3, 12),
    )
    assert d.source == "HJO Lægesamtale" and d.citation == "SUL § 142 stk. 1-2"


def test_R19_without_a_standard_deadline_the_law_gives_the_guarantee_date():
    d = one(run("herning", course(), today=D(2026, 3, 20)), "doctor_consultation")
    assert d.due == D(2026, 3, 16) and d.status == "breached" and d.source is None
    assert d.citation == "SUL § 142 stk. 1-2" and "the law does" in d.reason_en
    ods = one(run("odsherred", course(personal_attendance_on=D(2026, 3, 5))), "doctor_consultation")
    assert ods.due == D(2026, 3, 19)  # follows the guarantee's variant


def test_R19_a_start_without_the_consultation_closes_it_as_breached_on_the_start_day():
    started = course(treatment_started_on=D(2026, 3, 10))
    d = one(run("herning", started, today=D(2026, 9, 1)), "doctor_consultation")
    assert (d.status, d.closed_on) == ("breached", D(2026, 3, 10))
    assert "without a prior doctor's consultation" in d.reason_en
    held = course(treatment_started_on=D(2026, 3, 10), doctor_consultation_on=D(2026, 3, 9))
    d = one(run("herning", held, today=D(2026, 9, 1)), "doctor_consultation")
    assert (d.status, d.closed_on) == ("met", D(2026, 3, 9))


def test_R19_no_doctor_deadline_for_alcohol_where_neither_standard_nor_law_sets_one():
    assert not of(run("odsherred", course(legal_basis="SUL-141")), "doctor_consultation")
    # Haderslev's doctor's talk names no track: it applies to alcohol too, from the standard only.
    had = one(run("haderslev", course(legal_basis="SUL-141")), "doctor_consultation")
    assert had.citation is None and had.source == "HAD 6.2" and had.due == D(2026, 3, 16)


# --- R3: open counselling ----------------------------------------------------------------


def test_R3_haderslev_open_counselling_within_one_week_of_contact():
    d = one(run("haderslev", course(open_counselling_on=D(2026, 3, 9))), "open_counselling")
    assert (d.due, d.status, d.source) == (D(2026, 3, 9), "met", "HAD 5.4")
    late = one(run("haderslev", course(), today=D(2026, 3, 10)), "open_counselling")
    assert late.status == "breached"


@pytest.mark.parametrize("name", ["odsherred", "hjoerring", "herning"])
def test_R3_no_open_counselling_deadline_where_the_standard_has_none(name):
    assert not of(run(name, course()), "open_counselling")


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


def test_R36_discharge_closes_what_the_course_still_owed_and_keeps_follow_ups():
    # A review due before the discharge and never held is breached on the discharge day; a
    # stay's final meeting due after it lapses; the follow-ups after discharge stay open.
    c = course(
        treatment_started_on=REQUEST,
        doctor_consultation_on=REQUEST,
        plans=(TreatmentPlan(REQUEST),),
        stays=(Stay("s1", D(2026, 4, 1), D(2026, 9, 1)),),
        discharge=Discharge(D(2026, 7, 1), "completed"),
    )
    found = run("odsherred", c, today=D(2026, 7, 2))
    assert all(
        d.status not in ("open", "breached") or d.closed_on
        for d in found
        if d.kind
        not in ("follow_up", "complaint_period", "complaint_reassessment", "complaint_forwarding")
    )
    final = one(found, "residential_status_meeting", "stay:s1:final")
    assert (final.status, final.closed_on) == ("lapsed", None)
    assert "no longer applies" in final.reason_en
    before = one(found, "residential_status_meeting", "stay:s1:before")
    assert (before.status, before.closed_on) == ("breached", D(2026, 7, 1))
    assert {d.status for d in of(found, "follow_up")} == {"open"}
    reviews = of(run("haderslev", c, today=D(2026, 7, 2)), "plan_review")
    assert [(r.due, r.status, r.closed_on) for r in reviews] == [
        (D(2026, 6, 2), "breached", D(2026, 7, 1))
    ]


def test_R1_a_contact_course_closed_without_treatment_lapses_its_guarantee():
    c = course(closed_on=D(2026, 3, 6))
    g = one(run("haderslev", c, today=D(2026, 4, 1)), "treatment_guarantee")
    assert (g.status, g.at_risk, g.closed_on) == ("lapsed", False, None)
    assert "2026-03-06" in g.reason_da


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


# --- R37: follow-ups after discharge -----------------------------------------------------


def discharged(status="completed", **kw):
    return course(treatment_started_on=REQUEST, discharge=Discharge(D(2026, 8, 31), status), **kw)


def test_R37_haderslev_follows_up_after_1_and_6_months():
    fus = of(run("haderslev", discharged(), today=D(2026, 9, 1)), "follow_up")
    assert [(f.subject, f.due) for f in fus] == [
        ("follow_up:1m", D(2026, 9, 30)),
        ("follow_up:6m", D(2027, 2, 28)),
    ]
    assert all(f.citation == "BEK 1477 § 4 stk. 2" and f.source == "HAD 7.1" for f in fus)
    # The standard lists no statuses: the law's apply (to hospital is one of them).
    assert len(of(run("haderslev", discharged("to_hospital")), "follow_up")) == 2


def test_R37_odsherred_gets_1_3_and_6_months_the_law_adding_6():
    fus = {f.subject: f for f in of(run("odsherred", discharged()), "follow_up")}
    assert list(fus) == ["follow_up:1m", "follow_up:3m", "follow_up:6m"]
    assert fus["follow_up:3m"].citation is None and fus["follow_up:3m"].due == D(2026, 11, 30)
    six = fus["follow_up:6m"]
    assert six.citation == "BEK 1477 § 4 stk. 2" and six.source is None
    assert "the law adds it" in six.reason_en and "loven tilføjer" in six.reason_da


def test_R37_hjoerring_without_follow_ups_gets_the_laws_1_and_6_months():
    fus = of(run("hjoerring", discharged()), "follow_up")
    assert [(f.subject, f.source, f.citation) for f in fus] == [
        ("follow_up:1m", None, "BEK 1477 § 4 stk. 2"),
        ("follow_up:6m", None, "BEK 1477 § 4 stk. 2"),
    ]


@pytest.mark.parametrize("name", ["haderslev", "odsherred", "hjoerring", "herning"])
def test_R37_dropped_out_gets_no_follow_up(name):
    assert not of(run(name, discharged("dropped_out")), "follow_up")


def test_R37_a_follow_up_not_reached_also_closes_it():
    records = (FollowUpRecord(D(2026, 9, 20), reached=False), FollowUpRecord(D(2026, 12, 1)))
    fus = of(run("odsherred", discharged(follow_ups=records), D(2026, 12, 2)), "follow_up")
    assert [(f.subject, f.status, f.closed_on) for f in fus] == [
        ("follow_up:1m", "met", D(2026, 9, 20)),
        ("follow_up:3m", "breached", D(2026, 12, 1)),
        ("follow_up:6m", "open", None),
    ]


# --- R39: complaints ---------------------------------------------------------------------


def decision(basis="SEL-101", sent=D(2026, 3, 11), guidance=True):
    return Decision("d1", basis, D(2026, 3, 10), sent, guidance)


def test_R39_complaint_period_4_weeks_same_weekday_then_lapsed():
    c = course(decisions=(decision(),))
    p = one(run("haderslev", c, today=D(2026, 4, 8)), "complaint_period", "decision:d1")
    assert (p.trigger, p.due, p.status) == (D(2026, 3, 11), D(2026, 4, 8), "open")
    assert p.due.weekday() == p.trigger.weekday() and p.source == "HAD 6.4"
    assert p.citation == "Retssikkerhedsloven §§ 66-67"
    assert one(run("haderslev", c, today=D(2026, 4, 9)), "complaint_period").status == "lapsed"
    # Herning states 4 weeks itself.
    assert one(run("herning", c), "complaint_period").due == D(2026, 4, 8)


def test_R39_a_complaint_within_the_period_meets_it():
    c = course(decisions=(decision(),), complaints=(Complaint("k1", "d1", D(2026, 4, 8)),))
    p = one(run("herning", c, today=D(2026, 5, 1)), "complaint_period")
    assert (p.status, p.closed_on) == ("met", D(2026, 4, 8))
    late = course(decisions=(decision(),), complaints=(Complaint("k1", "d1", D(2026, 4, 9)),))
    p = one(run("herning", late, today=D(2026, 5, 1)), "complaint_period")
    assert p.status == "lapsed" and "after the period" in p.reason_en


def test_R39_no_period_runs_without_complaint_guidance():
    c = course(decisions=(decision(guidance=False),))
    p = one(run("haderslev", c, today=D(2026, 9, 1)), "complaint_period")
    assert p.due is None and p.status == "open" and "Forvaltningsloven § 25" in p.reason_en
    unsent = one(run("haderslev", course(decisions=(decision(sent=None),))), "complaint_period")
    assert unsent.due is None and "not been sent" in unsent.reason_en


def test_R39_a_standard_period_shorter_than_the_law_gives_way():
    std_ = std("herning")
    routes = tuple(
        r.model_copy(update={"period": Period(amount=2, unit="week")})
        if r.id == "afgoerelser"
        else r
        for r in std_.complaints.routes
    )
    short = std_.model_copy(
        update={"complaints": std_.complaints.model_copy(update={"routes": routes})}
    )
    p = one(run("herning", course(decisions=(decision(),)), standard=short), "complaint_period")
    assert p.due == D(2026, 4, 8) and "the law prevails" in p.reason_en


def test_R39_no_complaint_deadlines_for_sel_101a_decisions():
    c = course(
        legal_basis="SEL-101a",
        decisions=(decision("SEL-101a"),),
        complaints=(Complaint("k1", "d1", D(2026, 3, 20), D(2026, 4, 1), True),),
    )
    found = run("odsherred", c, today=D(2026, 5, 1))
    assert not [d for d in found if d.kind.startswith("complaint")]


def test_R39_reassessment_within_4_weeks_then_forwarding_when_kept():
    kept = Complaint("k1", "d1", D(2026, 3, 20), D(2026, 4, 10), True, D(2026, 4, 20))
    found = run("odsherred", course(decisions=(decision(),), complaints=(kept,)), D(2026, 5, 1))
    r = one(found, "complaint_reassessment", "complaint:k1")
    assert (r.trigger, r.due, r.status, r.closed_on) == (
        D(2026, 3, 20),
        D(2026, 4, 17),
        "met",
        D(2026, 4, 10),
    )
    f = one(found, "complaint_forwarding", "complaint:k1")
    assert (f.due, f.status, f.closed_on) == (D(2026, 4, 17), "breached", D(2026, 4, 20))
    assert "Ankestyrelsen" in f.reason_da and f.source == "ODS Sagsbehandling og klageadgang"
    changed = Complaint("k1", "d1", D(2026, 3, 20), D(2026, 4, 10), False)
    found = run("odsherred", course(decisions=(decision(),), complaints=(changed,)), D(2026, 5, 1))
    assert not of(found, "complaint_forwarding")


def test_R39_a_complaint_about_an_unknown_decision_is_refused():
    with pytest.raises(ValueError):
        course(complaints=(Complaint("k1", "nope", REQUEST),))


# --- R22, R32: status meetings of residential stays --------------------------------------


def test_R22_R32_odsherred_status_meetings_before_midway_and_final():
    stay = Stay("s1", D(2026, 4, 1), D(2026, 5, 31), before_meeting_on=D(2026, 3, 30))
    meetings = of(
        run("odsherred", course(stays=(stay,)), D(2026, 5, 5)), "residential_status_meeting"
    )
    assert [(m.subject, m.trigger, m.due, m.status) for m in meetings] == [
        ("stay:s1:before", D(2026, 4, 1), D(2026, 4, 1), "met"),
        ("stay:s1:midway", D(2026, 4, 1), D(2026, 5, 1), "breached"),
        ("stay:s1:final", D(2026, 4, 1), D(2026, 5, 31), "open"),
    ]
    assert meetings[0].source == "ODS Krav til eksterne udbydere af rusmiddelbehandling"


def test_R22_R32_unknown_end_and_standards_without_meetings():
    stay = Stay("s1", D(2026, 4, 1), None)
    meetings = of(run("odsherred", course(stays=(stay,))), "residential_status_meeting")
    assert [m.due for m in meetings] == [D(2026, 4, 1), None, None]
    assert not of(run("haderslev", course(stays=(stay,))), "residential_status_meeting")


# --- R15: time-limited grants ------------------------------------------------------------


def test_R15_grant_expiry_closed_by_extension_later_grant_or_discharge():
    g = Grant("g1", "intensiv", D(2026, 3, 10), D(2026, 6, 10))
    plain = one(run("odsherred", course(grants=(g,)), D(2026, 6, 11)), "grant_expiry")
    assert (plain.subject, plain.due, plain.status) == ("grant:g1", D(2026, 6, 10), "breached")
    assert plain.source == "ODS Tilbuddet (indhold og omfang)"
    extended = Grant("g1", "intensiv", D(2026, 3, 10), D(2026, 6, 10), extended_on=D(2026, 6, 1))
    assert (
        one(run("odsherred", course(grants=(extended,)), D(2026, 7, 1)), "grant_expiry").status
        == "met"
    )
    later = Grant("g2", "mellem-intensiv", D(2026, 6, 5), None)
    assert (
        one(run("odsherred", course(grants=(g, later)), D(2026, 7, 1)), "grant_expiry").status
        == "met"
    )
    gone = course(grants=(g,), discharge=Discharge(D(2026, 5, 1), "completed"))
    assert one(run("odsherred", gone, D(2026, 7, 1)), "grant_expiry").closed_on == D(2026, 5, 1)


def test_R15_a_grant_without_end_date_has_no_expiry():
    g = Grant("g1", "modul-2-individuel", REQUEST, None)
    assert not of(run("hjoerring", course(grants=(g,))), "grant_expiry")


# --- R11: the next forum meeting ---------------------------------------------------------


def test_R11_herning_residential_application_waits_for_the_first_tuesday():
    a = Application("a1", "primaer-doegn", D(2026, 3, 4), decided_on=D(2026, 4, 7))
    m = one(run("herning", course(applications=(a,)), D(2026, 4, 8)), "forum_meeting")
    assert (m.subject, m.trigger, m.due, m.status) == (
        "application:a1",
        D(2026, 3, 4),
        D(2026, 4, 7),
        "met",
    )
    pending = Application("a1", "primaer-doegn", D(2026, 3, 4))
    m = one(run("herning", course(applications=(pending,)), D(2026, 4, 8)), "forum_meeting")
    assert m.status == "breached"


def test_R11_open_calendars_and_on_demand_forums():
    mi = one(
        run("herning", course(applications=(Application("a1", "mi", REQUEST),))), "forum_meeting"
    )
    assert mi.due is None and "calendar is open" in mi.reason_en
    # Hjørring's caseworker talk is booked on demand: there is no meeting to wait for.
    hjo = course(applications=(Application("a1", "modul-1", REQUEST),))
    assert not of(run("hjoerring", hjo), "forum_meeting")


def test_R11_a_forum_followed_by_another_decides_at_the_follower():
    # Herning: the doctor's consultation, then the health team the same day. With the doctor's
    # weekdays known, the decision falls on the next consultation day.
    s = std("herning")
    forums = tuple(
        f.model_copy(
            update={
                "schedule": Schedule(recurrence="twice_weekly", weekdays=("monday", "thursday"))
            }
        )
        if f.id == "laegekonsultation"
        else f
        for f in s.visitation.forums
    )
    s = s.model_copy(update={"visitation": s.visitation.model_copy(update={"forums": forums})})
    a = Application("a1", "substitution-ambulatorium", D(2026, 3, 3))  # a Tuesday
    m = one(run("herning", course(applications=(a,)), standard=s), "forum_meeting")
    assert m.due == D(2026, 3, 5)


# --- the whole result --------------------------------------------------------------------


def test_R20_every_deadline_carries_its_reason_in_both_languages():
    c = course(
        personal_attendance_on=D(2026, 3, 3),
        treatment_started_on=D(2026, 3, 10),
        plans=(TreatmentPlan(D(2026, 3, 10), D(2026, 6, 10)),),
        discharge=Discharge(D(2026, 8, 1), "completed"),
        decisions=(decision(),),
        stays=(Stay("s1", D(2026, 4, 1), D(2026, 5, 1)),),
        grants=(Grant("g1", "intensiv", D(2026, 3, 10), D(2026, 6, 10)),),
    )
    for name in ("haderslev", "odsherred", "hjoerring", "herning"):
        found = run(name, c, D(2026, 9, 1))
        assert found and all(d.reason_da and d.reason_en for d in found)
        assert len({(d.kind, d.subject) for d in found}) == len(found)


# --- properties --------------------------------------------------------------------------

NAMES = st.sampled_from(["haderslev", "odsherred", "hjoerring", "herning"])
TRACKS = st.sampled_from(["SEL-101", "SEL-101a", "SUL-141", "SUL-142"])
SERVICES = st.sampled_from(["primaer-doegn", "mi", "intensiv", "modul-1", "move", "unknown"])
BASE = D(2026, 1, 1)


def day(lo=0, hi=400):
    return st.integers(lo, hi).map(lambda n: BASE + dt.timedelta(days=n))


def after(start, hi=200):
    return st.integers(0, hi).map(lambda n: start + dt.timedelta(days=n))


@st.composite
def courses(draw):
    request = draw(day(0, 200))
    maybe = lambda s: draw(st.none() | s)  # noqa: E731
    plans = tuple(
        TreatmentPlan(p, maybe(after(p, 200)))
        for p in sorted(set(draw(st.lists(after(request), max_size=3))))
    )
    decisions = tuple(
        Decision(f"d{i}", draw(TRACKS), made, maybe(after(made, 10)), draw(st.booleans()))
        for i, made in enumerate(draw(st.lists(after(request), max_size=2)))
    )
    complaints = tuple(
        Complaint(f"k{i}", d.id, r, maybe(after(r, 60)), maybe(st.booleans()), maybe(after(r, 60)))
        for i, d in enumerate(decisions)
        if (r := maybe(after(d.made_on, 60))) is not None
    )
    discharge = maybe(
        st.builds(Discharge, after(request, 300), st.sampled_from(["completed", "dropped_out"]))
    )
    return Course(
        legal_basis=draw(TRACKS),
        requested_on=request,
        personal_attendance_on=maybe(after(request - dt.timedelta(days=3), 20)),
        open_counselling_on=maybe(after(request, 20)),
        doctor_consultation_on=maybe(after(request, 40)),
        treatment_started_on=maybe(after(request - dt.timedelta(days=3), 40)),
        plans=plans,
        reviews=tuple(draw(st.lists(after(request, 400), max_size=4))),
        service_changes=tuple(draw(st.lists(after(request, 300), max_size=2))),
        discharge=discharge,
        follow_ups=tuple(
            FollowUpRecord(d) for d in draw(st.lists(after(request, 600), max_size=3))
        ),
        applications=tuple(
            Application(f"a{i}", draw(SERVICES), a, maybe(after(a, 60)))
            for i, a in enumerate(draw(st.lists(after(request, 30), max_size=2)))
        ),
        decisions=decisions,
        complaints=complaints,
        stays=tuple(
            Stay(f"s{i}", s, maybe(after(s, 120)), maybe(after(s, 100)))
            for i, s in enumerate(draw(st.lists(after(request, 100), max_size=2)))
        ),
        grants=tuple(
            Grant(f"g{i}", draw(SERVICES), g, maybe(after(g, 200)), maybe(after(g, 200)))
            for i, g in enumerate(draw(st.lists(after(request, 100), max_size=2)))
        ),
        waivers=tuple(
            Waiver(draw(st.sampled_from(list(GuaranteeException))), "Begrundet.", w)
            for w in draw(st.lists(after(request, 40), max_size=2))
        ),
    )


@settings(max_examples=40, deadline=None)
@given(NAMES, courses(), day(0, 900))
def test_property_no_deadline_is_due_before_its_trigger(name, c, today):
    for d in run(name, c, today):
        assert isinstance(d, ComputedDeadline)
        assert d.due is None or d.due >= d.trigger, d
        assert d.closed_on is None or d.status in ("met", "breached", "waived")


@settings(max_examples=60, deadline=None)
@given(
    NAMES,
    st.sampled_from(["SEL-101", "SUL-141", "SUL-142"]),
    day(0, 300),
    st.integers(0, 10),
    st.integers(0, 14),
    day(0, 900),
    st.lists(st.sampled_from(list(GuaranteeException)), max_size=2),
)
def test_property_R17_a_start_on_or_before_the_due_date_is_met(
    name, track, request, attend, within, today, kinds
):
    trigger_course = course(
        legal_basis=track,
        requested_on=request,
        personal_attendance_on=request + dt.timedelta(attend),
    )
    g = one(run(name, trigger_course), "treatment_guarantee")
    start = min(g.trigger + dt.timedelta(days=within), g.due)
    waivers = tuple(Waiver(k, "Begrundet.", request) for k in kinds)
    c = course(
        legal_basis=track,
        requested_on=request,
        personal_attendance_on=request + dt.timedelta(attend),
        treatment_started_on=start,
        waivers=waivers,
    )
    g = one(run(name, c, today), "treatment_guarantee")
    assert (g.status, g.closed_on, g.at_risk) == ("met", start, False)


@given(st.sampled_from(list(GuaranteeException)), st.text(max_size=20), day())
def test_property_R18_a_waiver_needs_a_reason(kind, reason, recorded):
    if reason.strip():
        assert Waiver(kind, reason, recorded).reason == reason
    else:
        with pytest.raises(ValueError):
            Waiver(kind, reason, recorded)


@settings(max_examples=60, deadline=None)
@given(NAMES, day(0, 3000), st.sampled_from(["SEL-101", "SUL-141", "SUL-142"]))
def test_property_R39_the_complaint_period_ends_on_the_same_weekday(name, sent, basis):
    c = course(requested_on=sent, decisions=(Decision("d1", basis, sent, sent, True),))
    p = one(run(name, c, sent), "complaint_period")
    assert p.due.weekday() == sent.weekday() and (p.due - sent).days == 28


@settings(max_examples=20, deadline=None)
@given(NAMES, courses(), day(0, 900))
def test_property_the_result_is_deterministic(name, c, today):
    first = run(name, c, today)
    again = run(name, Course(**{f: getattr(c, f) for f in c.__dataclass_fields__}), today)
    assert first == again == run(name, c, today)
