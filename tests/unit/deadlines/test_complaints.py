"""Complaints: the period to complain and the handling of a complaint (R39)."""

import pytest

from vendepunkt.rules.deadlines import Complaint, Decision
from vendepunkt.rules.standards.schema import Period

from .common import REQUEST, D, course, decision, of, one, run, std

# --- R39: complaints ---------------------------------------------------------------------


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


# --- issue 12 § 2: when the letter is received, and a period ending on a holiday -----------------


def test_R39_ordinary_post_is_received_six_working_days_after_sending():
    # Sent Wednesday 11 March 2026 by post: received Thursday 19 March; 4 weeks: 16 April.
    c = course(decisions=(decision(by="post"),))
    p = one(run("haderslev", c, today=D(2026, 4, 1)), "complaint_period")
    assert (p.trigger, p.due) == (D(2026, 3, 19), D(2026, 4, 16))
    assert "9533" in p.reason_en and "ordinary post" in p.reason_en
    # How it was sent not recorded: counted as ordinary post (the citizen's longer period).
    unknown = one(run("haderslev", course(decisions=(decision(by=None),))), "complaint_period")
    assert unknown.due == D(2026, 4, 16) and "not recorded" in unknown.reason_en


def test_R39_digital_post_is_received_the_day_it_is_available():
    p = one(run("haderslev", course(decisions=(decision(),))), "complaint_period")
    assert p.trigger == D(2026, 3, 11) and "§ 10, nr. 1" in p.reason_en


def test_R39_a_complaint_period_ending_on_a_holiday_runs_to_the_next_working_day():
    # Sent by Digital Post on Thursday 5 March 2026: 4 weeks end on Maundy Thursday 2 April;
    # Good Friday, the weekend and Easter Monday follow, so the period ends on Tuesday 7 April.
    c = course(
        decisions=(Decision("d1", "SEL-101", D(2026, 3, 5), D(2026, 3, 5), True, "digital_post"),)
    )
    p = one(run("haderslev", c, today=D(2026, 4, 7)), "complaint_period")
    assert p.due == D(2026, 4, 7) and p.status == "open"
    assert "next working day" in p.reason_en
    # A Saturday end moves too (Digital Post can arrive on a Saturday).
    sat = course(decisions=(decision(sent=D(2026, 3, 14)),))  # made 10 March
    assert one(run("haderslev", sat), "complaint_period").due == D(2026, 4, 13)
