"""Follow-ups after discharge (R37)."""

import pytest

from vendepunkt.rules.deadlines import FollowUpRecord

from .common import D, discharged, of, run

# --- R37: follow-ups after discharge -----------------------------------------------------


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


def test_R37_a_6_month_follow_up_not_reached_does_not_close_the_1_month_follow_up():
    # issue 12: "6 months, not reached" closed the 1-month follow-up as met
    records = (FollowUpRecord(D(2026, 9, 20), reached=False, subject="follow_up:6m"),)
    fus = of(run("haderslev", discharged(follow_ups=records), D(2026, 9, 21)), "follow_up")
    assert [(f.subject, f.status, f.closed_on) for f in fus] == [
        ("follow_up:1m", "open", None),
        ("follow_up:6m", "open", None),
    ]


def test_R37_not_reached_is_an_attempt_and_the_default_three_attempts_close_it():
    def miss(day):
        return FollowUpRecord(day, reached=False, subject="follow_up:1m")

    two = (miss(D(2026, 9, 10)), miss(D(2026, 9, 15)))
    fus = of(run("haderslev", discharged(follow_ups=two), D(2026, 9, 16)), "follow_up")
    assert (fus[0].status, fus[0].closed_on) == ("open", None)
    assert "2 of 3 attempts" in fus[0].reason_en and "2 af 3 forsøg" in fus[0].reason_da
    three = (*two, miss(D(2026, 9, 20)))
    fus = of(run("haderslev", discharged(follow_ups=three), D(2026, 9, 21)), "follow_up")
    assert (fus[0].status, fus[0].closed_on) == ("met", D(2026, 9, 20))
    assert "Closed after 3 attempts" in fus[0].reason_en
    assert fus[1].status == "open"


def test_R37_the_standard_sets_how_many_attempts_close_a_follow_up():
    from vendepunkt.rules.standards.schema import DeadlineKind

    from .common import std

    had = std("haderslev")
    deadlines = tuple(
        d.model_copy(update={"attempts": 1}) if d.kind == DeadlineKind.follow_up else d
        for d in had.deadlines
    )
    one_attempt = had.model_copy(update={"deadlines": deadlines})
    records = (FollowUpRecord(D(2026, 9, 10), reached=False, subject="follow_up:1m"),)
    fus = of(
        run("haderslev", discharged(follow_ups=records), D(2026, 9, 11), standard=one_attempt),
        "follow_up",
    )
    assert (fus[0].status, fus[0].closed_on) == ("met", D(2026, 9, 10))


def test_R37_each_follow_up_window_lies_around_its_own_due_day():
    """HAD: "lovpligtige krav om opfølgning efter 1 og 6 måneder" (BEK 1477 § 4 stk. 2: "senest 1
    måned og igen 6 måneder efter"): the 1-month follow-up from the discharge day, the 6-month one
    from the law floor's 14 days before its own due day, not 7 weeks after discharge (D77)."""
    from vendepunkt.rules.deadlines.follow_up import follow_up_slots
    from vendepunkt.rules.law import law_floor

    from .common import std

    assert law_floor().follow_up.opens_before_due_days == 14
    slots = follow_up_slots(std("haderslev"), law_floor(), "SEL-101", D(2026, 8, 31), "completed")
    assert [(s.subject, s.opens, s.due) for s in slots] == [
        ("follow_up:1m", D(2026, 8, 31), D(2026, 9, 30)),
        ("follow_up:6m", D(2027, 2, 14), D(2027, 2, 28)),
    ]
    # Odsherred's 3-month follow-up lies between: never before the day after the 1-month's due day
    slots = follow_up_slots(std("odsherred"), law_floor(), "SEL-101", D(2026, 8, 31), "completed")
    assert [(s.subject, s.opens) for s in slots] == [
        ("follow_up:1m", D(2026, 8, 31)),
        ("follow_up:3m", D(2026, 11, 16)),
        ("follow_up:6m", D(2027, 2, 14)),
    ]


def test_R37_a_record_naming_no_follow_up_answers_the_earliest_open_one():
    records = (FollowUpRecord(D(2026, 9, 20)), FollowUpRecord(D(2026, 12, 1)))
    fus = of(run("odsherred", discharged(follow_ups=records), D(2026, 12, 2)), "follow_up")
    assert [(f.subject, f.status, f.closed_on) for f in fus] == [
        ("follow_up:1m", "met", D(2026, 9, 20)),
        ("follow_up:3m", "breached", D(2026, 12, 1)),
        ("follow_up:6m", "open", None),
    ]
