"""Issue 12 § 1-2: every deadline a standard can express is computed (the decision within 14
days of the contact, the first appointment), and the law floor always wins in the stored date."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from vendepunkt.rules.deadlines import Complaint, Decision, compute_deadlines
from vendepunkt.rules.law import law_floor
from vendepunkt.rules.standards.schema import Event, Period, TimeUnit

from .common import REQUEST, D, course, of, one, run, std, with_deadline
from .test_properties import NAMES, courses, day

# --- the decision within 14 days of the contact (HAD 7.1) ---------------------------------------


def test_haderslev_decision_within_14_days_of_the_contact_is_computed():
    """HAD 7.1: "Inden for 14 dage efter borgerens henvendelse, træffes der afgørelse om
    behandling." Request Monday 2 March 2026: a decision by 16 March."""
    d = one(run("haderslev", course()), "decision")
    assert (d.trigger, d.due, d.status, d.source) == (REQUEST, D(2026, 3, 16), "open", "HAD 7.1")
    made = course(decisions=(Decision("d1", "SEL-101", D(2026, 3, 12), None, True),))
    assert one(run("haderslev", made, today=D(2026, 3, 20)), "decision").status == "met"
    late = course(decisions=(Decision("d1", "SEL-101", D(2026, 3, 17), None, True),))
    assert one(run("haderslev", late, today=D(2026, 3, 20)), "decision").status == "breached"
    # The other standards promise no decision deadline.
    assert not of(run("herning", course()), "decision")


def test_a_decision_deadline_longer_than_the_guarantee_is_the_guarantee_date():
    longer = with_deadline(std("haderslev"), "afgoerelse", within=Period(amount=30, unit="day"))
    d = one(run("haderslev", course(), standard=longer), "decision")
    assert (d.due, d.standard_due) == (D(2026, 3, 16), D(2026, 4, 1))
    assert d.citation == "SEL § 101 stk. 4" and "the law prevails" in d.reason_en


def test_first_appointment_deadlines_are_computed():
    """HJO module 1: "Disse går i gang inden for 14 dage efter borger har ansøgt om at komme i
    behandling"; HER: a first talk "så hurtigt som muligt" (no date, open until held)."""
    hjo = one(run("hjoerring", course()), "first_appointment")
    assert (hjo.due, hjo.status) == (D(2026, 3, 16), "open")
    held = course(first_appointment_on=D(2026, 3, 9))
    assert one(run("hjoerring", held), "first_appointment").status == "met"
    her = one(run("herning", course()), "first_appointment")
    assert her.due is None and "as soon as possible" in her.reason_en
    assert one(run("herning", held), "first_appointment").status == "met"


# --- the property: no stored deadline is later than the law's -----------------------------------

EVENTS = st.sampled_from([None, *Event])
PERIODS = st.none() | st.builds(
    Period, amount=st.integers(0, 60), unit=st.sampled_from(list(TimeUnit))
)


@st.composite
def standards(draw):
    standard = std(draw(NAMES))
    deadlines = tuple(
        d.model_copy(update={"counts_from": draw(EVENTS), "within": draw(PERIODS)})
        for d in standard.deadlines
    )
    routes = tuple(
        r.model_copy(update={"period": draw(PERIODS), "reassessment": draw(PERIODS)})
        for r in standard.complaints.routes
    )
    return standard.model_copy(
        update={
            "deadlines": deadlines,
            "complaints": standard.complaints.model_copy(update={"routes": routes}),
        }
    )


LAW_GUARANTEE = {"treatment_guarantee", "decision"}


@settings(max_examples=150, deadline=None)
@given(standards(), courses(), day(0, 900))
def test_property_no_stored_deadline_is_later_than_the_law(standard, c, today):
    floor = law_floor()
    law = floor.complaints.social_decision
    four_weeks = dt.timedelta(weeks=law.reassessment.amount)
    guarantee = floor.guarantee(c.legal_basis)
    complaints = {f"complaint:{k.id}": k for k in c.complaints}
    for d in compute_deadlines(c, standard, floor, today):
        if d.due is None:
            continue
        if guarantee is not None and (
            d.kind in LAW_GUARANTEE
            or (
                d.kind == "doctor_consultation"
                and c.legal_basis in floor.doctor_consultation.applies_to
            )
        ):
            law_due = c.requested_on + dt.timedelta(days=guarantee.days)
            assert d.due <= law_due, (d.kind, d.due, law_due, d.reason_en)
            if d.standard_due is not None:
                assert d.standard_due > d.due
        if d.kind in ("complaint_reassessment", "complaint_forwarding"):
            received = complaints[d.subject].received_on
            assert d.due <= received + four_weeks, (d.kind, d.due, d.reason_en)
        if d.kind == "complaint_period":
            # The citizen's period is never shorter than the law's 4 weeks from receipt.
            assert d.due >= d.trigger + dt.timedelta(weeks=law.period.amount)


def test_the_law_wins_for_odsherred_attendance_after_the_request():
    c = course(
        personal_attendance_on=D(2026, 3, 10),
        complaints=(Complaint("k1", "d1", D(2026, 3, 20)),),
        decisions=(Decision("d1", "SEL-101", D(2026, 3, 12), D(2026, 3, 12), True, "post"),),
    )
    g = one(run("odsherred", c), "treatment_guarantee")
    assert g.due == D(2026, 3, 16) and g.standard_due == D(2026, 3, 24)


# --- a deadline the engine cannot compute is refused by the schema ------------------------------


def _deadline(**kw):
    from vendepunkt.rules.standards.schema import Deadline

    data = {"id": "x", "legal_bases": [], "source": "HAD 7.1", **kw}
    return Deadline.model_validate(data)


def test_every_deadline_kind_the_schema_knows_is_computed_by_the_engine():
    from vendepunkt.rules.deadlines import Kind
    from vendepunkt.rules.standards.schema import COMPUTED_FROM, DeadlineKind

    assert set(COMPUTED_FROM) == set(DeadlineKind)
    assert {str(k) for k in DeadlineKind} <= {str(k) for k in Kind}


def test_the_schema_refuses_a_deadline_the_engine_cannot_compute():
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="cannot count from 'discharge'"):
        _deadline(kind="decision", within={"amount": 14, "unit": "day"}, counts_from="discharge")
    with pytest.raises(ValidationError, match="needs 'within'"):
        _deadline(kind="follow_up", within=None, counts_from="discharge")
    with pytest.raises(ValidationError, match="plan review needs"):
        _deadline(kind="plan_review", within=None, counts_from="previous_review")
    ok = _deadline(kind="decision", within={"amount": 14, "unit": "day"}, counts_from="contact")
    assert ok.counts_from == "contact"


# --- the standard's later date is a linter finding ----------------------------------------------


def test_lint_names_a_standard_deadline_later_than_the_law(shipped):
    from tests.unit.test_lint_rules import deadline, fired, variant

    # Odsherred counts the guarantee from personal attendance: the finding says the law's date
    # is stored and the standard's shown beside it.
    [counts] = fired(variant(shipped, "odsherred"), "guarantee-counts-from")
    assert (
        "stores the law's date" in counts.message_en and "gemmer lovens dato" in counts.message_da
    )

    def decision_in_30_days(data):
        deadline(data, "afgoerelse")["within"] = {"amount": 30, "unit": "day"}

    assert not fired(variant(shipped, "haderslev"), "deadline-after-guarantee")
    [late] = fired(variant(shipped, "haderslev", decision_in_30_days), "deadline-after-guarantee")
    assert late.path == "deadlines[4]" and late.citation == "SEL § 101 stk. 4"
