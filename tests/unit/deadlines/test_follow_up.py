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


def test_R37_a_follow_up_not_reached_also_closes_it():
    records = (FollowUpRecord(D(2026, 9, 20), reached=False), FollowUpRecord(D(2026, 12, 1)))
    fus = of(run("odsherred", discharged(follow_ups=records), D(2026, 12, 2)), "follow_up")
    assert [(f.subject, f.status, f.closed_on) for f in fus] == [
        ("follow_up:1m", "met", D(2026, 9, 20)),
        ("follow_up:3m", "breached", D(2026, 12, 1)),
        ("follow_up:6m", "open", None),
    ]
