"""The outreach programme's target-group rule (R8) and its phases (R26)."""

import pytest

from vendepunkt.rules.programmes import assess, programmes

ALL_CRITERIA = {
    "sel-101-target-group": True,
    "intense-mixed-use": True,
    "little-use-of-services": True,
    "burdened-by-situation": True,
}


@pytest.fixture
def outreach():
    return programmes()["outreach"]


def test_three_areas_at_half_or_more_are_eligible_R8(outreach):
    scores = {"medical": 0.6, "employment": 0.5, "legal": 0.7, "family_social": 0.2}
    result = assess(outreach, scores, ALL_CRITERIA)
    assert result.eligible and set(result.areas_met) == {"health", "economy", "crime"}


def test_two_areas_are_not_enough(outreach):
    result = assess(
        outreach,
        {"medical": 0.9, "legal": 0.9, "employment": 0.49, "family_social": 0.1},
        ALL_CRITERIA,
    )
    assert not result.eligible and len(result.areas_met) == 2


def test_physical_and_mental_health_count_as_one_area(outreach):
    scores = {
        "medical": 0.8,
        "psychiatric": 0.8,
        "legal": 0.6,
        "employment": 0.0,
        "family_social": 0.0,
    }
    result = assess(outreach, scores, ALL_CRITERIA)
    assert not result.eligible and set(result.areas_met) == {"health", "crime"}
    assert assess(outreach, {**scores, "medical": 0.1}, ALL_CRITERIA).areas_met == (
        "health",
        "crime",
    )


def test_missing_scores_are_unknown_never_met(outreach):
    result = assess(outreach, {"medical": 0.9, "legal": 0.9}, ALL_CRITERIA)
    assert not result.eligible and set(result.areas_unknown) == {"economy", "family-social"}


def test_every_judgement_criterion_must_hold(outreach):
    scores = {"medical": 0.9, "employment": 0.9, "legal": 0.9, "family_social": 0.9}
    result = assess(outreach, scores, {**ALL_CRITERIA, "intense-mixed-use": False})
    assert not result.eligible and result.criteria_unmet == ("intense-mixed-use",)


def test_phases_and_components_R26(outreach):
    assert [p.id for p in outreach.phases] == ["contact", "treatment", "bridging", "follow-up"]
    assert len(outreach.components) == 12
    assert outreach.score_rule.minimum_score == 0.5 and outreach.score_rule.at_least_areas == 3
