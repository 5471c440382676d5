"""What the end of a course does to its deadlines (R36, R1), and what every deadline carries
(R20)."""

from vendepunkt.rules.deadlines import Discharge, Grant, Stay, TreatmentPlan

from .common import REQUEST, D, course, decision, of, one, run


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
    assert "6.3.2026" in g.reason_da


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
