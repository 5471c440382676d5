"""The treatment guarantee (R17, R18), its risk from the forums' calendar (R11, R20) and the
doctor's consultation (R19)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendepunkt.rules.deadlines import Application, Waiver
from vendepunkt.rules.standards.schema import GuaranteeException, Period

from .common import REQUEST, D, course, of, one, run, std, with_deadline

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


def test_R17_odsherred_counts_from_personal_attendance_but_the_law_date_is_stored():
    """Issue 12 § 2: Odsherred counts the 14 days from personal attendance (5 March); the law
    counts from the request (2 March). The stored due date is the law's, 16 March; the
    standard's 19 March is shown beside it and never used."""
    c = course(personal_attendance_on=D(2026, 3, 5))
    g = one(run("odsherred", c), "treatment_guarantee")
    assert (g.trigger, g.due, g.standard_due) == (REQUEST, D(2026, 3, 16), D(2026, 3, 19))
    assert g.source == "ODS Behandlingsgaranti" and g.citation == "SEL § 101 stk. 4"
    assert "personlige fremmøde" in g.reason_da and "19.3.2026" in g.reason_da
    assert "personal attendance" in g.reason_en and "The law prevails" in g.reason_en
    # A start on 18 March is within the standard's date but after the law's: breached.
    late = course(personal_attendance_on=D(2026, 3, 5), treatment_started_on=D(2026, 3, 18))
    assert one(run("odsherred", late, today=D(2026, 3, 18)), "treatment_guarantee").status == (
        "breached"
    )


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
    assert "7.4.2026" in g.reason_en and "Døgnvisitationsudvalget" in g.reason_da


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
    assert "7.4.2026" in early.reason_en and "8.4.2026" in early.reason_da
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
    assert ods.due == D(2026, 3, 16)  # the guarantee's date, which is the law's


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
