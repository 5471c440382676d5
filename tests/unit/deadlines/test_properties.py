"""Properties that hold for any course on the four shipped standards (R17, R18, R39)."""

import datetime as dt

import holidays
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
)
from vendepunkt.rules.standards.schema import GuaranteeException

from .common import D, course, one, run

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
    """4 weeks from receipt (Digital Post: the sending day) end on the same weekday, or, when
    that is a Saturday, Sunday or public holiday, on the next working day."""
    c = course(
        requested_on=sent, decisions=(Decision("d1", basis, sent, sent, True, "digital_post"),)
    )
    p = one(run(name, c, sent), "complaint_period")
    end = sent + dt.timedelta(days=28)
    while end.weekday() >= 5 or end in DK_HOLIDAYS:
        end += dt.timedelta(days=1)
    assert p.due == end and (p.due - sent).days >= 28


@settings(max_examples=20, deadline=None)
@given(NAMES, courses(), day(0, 900))
def test_property_the_result_is_deterministic(name, c, today):
    first = run(name, c, today)
    again = run(name, Course(**{f: getattr(c, f) for f in c.__dataclass_fields__}), today)
    assert first == again == run(name, c, today)


DK_HOLIDAYS = holidays.country_holidays("DK", years=range(2024, 2040))
