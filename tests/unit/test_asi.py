"""ASI composite scores (R7 assessment, R8 outreach eligibility, R10 repeated assessment).

Known answers are computed by hand in the comments (ln values to 6 decimals); the composites are
rounded to 3 decimals.
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendepunkt.rules.asi import DEFINITION_FILE as ASI_FILE
from vendepunkt.rules.asi import (
    DOMAINS,
    AnswerProblem,
    AnswersError,
    Composite,
    Kind,
    composite,
    composites,
    definition,
    items_of,
    load_definition_text,
    possible_range,
    validate_answers,
)

# Every item at 0 (F3 "yes", the recoded 0): every composite 0, employment 1 (a complement).
ZERO = {item.id: ("yes" if item.kind == Kind.choice else 0) for item in definition().items}


def answers_for(domain, **values):
    """The domain's items at 0 (F3 "yes"), overridden by `values`."""
    return {i: ZERO[i] for i in items_of(domain)} | values


# --- the definition -----------------------------------------------------------------------


def test_definition_covers_the_seven_domains_with_known_items():
    spec = definition()
    assert DOMAINS == (
        "medical",
        "employment",
        "alcohol",
        "drug",
        "legal",
        "family_social",
        "psychiatric",
    )
    assert tuple(spec.domains) == DOMAINS
    known = {item.id for item in spec.items}
    for domain in DOMAINS:
        assert set(items_of(domain)) <= known
    assert len(known) == 55
    for item in spec.items:
        assert item.label_da and item.label_en and item.vista_field


def test_formula_text_agrees_with_the_terms_that_are_computed():
    for domain, formula in definition().domains.items():
        assert formula.render() == formula.formula, domain


def test_source_is_the_vista_routines_and_europ_asi_is_unverified():
    spec = definition()
    assert [r.routine for r in spec.source.routines] == ["YSASCSB", "YSASCSC"]
    assert spec.europ_asi.verified is False
    assert "IKKE verificeret" in spec.europ_asi.note_da
    assert "NOT yet verified" in spec.europ_asi.note_en


def test_items_marked_unverified_are_the_money_items_and_F18_to_F26():
    unverified = {item.id for item in definition().items if not item.verified}
    assert unverified == {"E12", "E17", "D23"} | {f"F{n}" for n in range(18, 27)}


def test_items_of_names_the_items_in_formula_order():
    assert items_of("medical") == ("M6", "M7", "M8")
    assert items_of("employment") == ("E4", "E5", "E11", "E12")
    assert items_of("legal") == ("L24", "L27", "L28", "L29", "E17")
    with pytest.raises(ValueError, match="unknown ASI domain"):
        items_of("social")


def test_the_definition_refuses_inconsistent_data():
    text = ASI_FILE.read_text(encoding="utf-8")
    load_definition_text(text)  # the shipped text itself is fine
    with pytest.raises(ValueError, match="unknown items"):
        load_definition_text(text.replace("{item: M7, divisor: 12}", "{item: M9, divisor: 12}"))
    with pytest.raises(ValueError, match="greater than 0"):
        load_definition_text(text.replace("{item: M7, divisor: 12}", "{item: M7, divisor: 0}"))
    with pytest.raises(ValueError, match="ln of a choice item"):
        load_definition_text(
            text.replace("{item: F3, divisor: 10}", "{op: ln, item: F3, divisor: 10}")
        )
    with pytest.raises(ValueError, match="twice"):
        load_definition_text(text.replace("decimals: 3\n", "decimals: 3\ndecimals: 2\n"))
    with pytest.raises(ValueError, match="min <= max"):
        load_definition_text(
            text.replace(
                'kind: days, min: 0, max: 30, vista_field: "8.08"',
                'kind: days, min: 31, max: 30, vista_field: "8.08"',
            )
        )


# --- known answers, one per domain (R7) -----------------------------------------------------


def test_R7_medical_known_answer():
    # M6/90 + M7/12 + M8/12 = 15/90 + 2/12 + 3/12 = 0.166667 + 0.166667 + 0.25 = 0.583333
    result = composite("medical", {"M6": 15, "M7": 2, "M8": 3})
    assert result == Composite("medical", 0.583, ())


def test_R7_employment_known_answer():
    # 1 - (E4/4 + E5/4 + E11/120 + ln(E12)/36)
    # = 1 - (1/4 + 0/4 + 10/120 + ln(1000)/36) = 1 - (0.25 + 0 + 0.083333 + 6.907755/36)
    # = 1 - (0.25 + 0.083333 + 0.191882) = 1 - 0.525215 = 0.474785
    result = composite("employment", {"E4": True, "E5": False, "E11": 10, "E12": 1000})
    assert result == Composite("employment", 0.475, ())


def test_R7_alcohol_known_answer():
    # D1/180 + D2/180 + D26/180 + D28/24 + D30/24 + ln(D23)/44
    # = 10/180 + 5/180 + 8/180 + 3/24 + 2/24 + ln(500)/44
    # = 23/180 + 5/24 + 6.214608/44 = 0.127778 + 0.208333 + 0.141241 = 0.477352
    answers = {"D1": 10, "D2": 5, "D26": 8, "D28": 3, "D30": 2, "D23": 500}
    assert composite("alcohol", answers) == Composite("alcohol", 0.477, ())


def test_R7_drug_known_answer():
    # (D3 + ... + D11 + D13 + D27)/390 + D29/52 + D31/52
    # = (10 heroin + 5 cocaine + 20 cannabis + 5 more-than-one + 15 problem days)/390 + 3/52 + 4/52
    # = 55/390 + 7/52 = 0.141026 + 0.134615 = 0.275641
    answers = answers_for("drug", D3=10, D8=5, D10=20, D13=5, D27=15, D29=3, D31=4)
    assert composite("drug", answers) == Composite("drug", 0.276, ())


def test_R7_legal_known_answer():
    # L24/5 + L27/150 + L28/20 + L29/20 + ln(E17)/46
    # = 1/5 + 6/150 + 2/20 + 1/20 + ln(2000)/46 = 0.2 + 0.04 + 0.1 + 0.05 + 7.600902/46
    # = 0.39 + 0.165237 = 0.555237
    answers = {"L24": 1, "L27": 6, "L28": 2, "L29": 1, "E17": 2000}
    assert composite("legal", answers) == Composite("legal", 0.555, ())


def test_R7_family_social_known_answer():
    # F3/10 + F30/150 + F32/20 + F34/20 + mean(F18..F26)/5, F3 "no" recoded to 2
    # = 2/10 + 3/150 + 2/20 + 1/20 + (3 of 9 yes)/9/5 = 0.2 + 0.02 + 0.1 + 0.05 + 0.066667
    # = 0.436667
    answers = answers_for("family_social", F3="no", F30=3, F32=2, F34=1, F18=1, F21=True, F26=1)
    assert composite("family_social", answers) == Composite("family_social", 0.437, ())


def test_R7_psychiatric_known_answer():
    # (P3 + ... + P10)/11 + P11/330 + P12/44 + P13/44
    # = (depression + anxiety)/11 + 10/330 + 3/44 + 2/44 = 0.181818 + 0.030303 + 0.068182 + 0.045455
    # = 0.325758
    answers = answers_for("psychiatric", P3=1, P4=True, P11=10, P12=3, P13=2)
    assert composite("psychiatric", answers) == Composite("psychiatric", 0.326, ())


def test_R7_all_items_at_zero_and_at_their_maximum():
    # All 0: every sum is 0; employment is 1 - 0 = 1.
    low = composites(ZERO)
    assert {d: c.score for d, c in low.items()} == {
        d: (1.0 if d == "employment" else 0.0) for d in DOMAINS
    }
    # All at max (F3 "no" = 2): medical 30/90 + 4/12 + 4/12 = 1; drug 11*30/390 + 2*4/52 = 1;
    # family/social 2/10 + 30/150 + 4/20 + 4/20 + 1/5 = 1; psychiatric 8/11 + 30/330 + 2*4/44 = 1.
    high = {
        item.id: ("no" if item.kind == Kind.choice else item.max) for item in definition().items
    }
    scores = composites(high)
    for domain in ("medical", "drug", "family_social", "psychiatric"):
        assert scores[domain].score == 1.0, domain


# --- ln terms -----------------------------------------------------------------------------


def test_R7_ln_of_zero_contributes_zero():
    # E12 = 0: ln is not taken, the term is 0: 1 - (0 + 0 + 0 + 0) = 1.
    assert composite("employment", answers_for("employment", E12=0)).score == 1.0
    # E12 = 1: ln(1) = 0, the same score.
    assert composite("employment", answers_for("employment", E12=1)).score == 1.0
    # D23 = 0 and E17 = 0 likewise contribute nothing.
    assert composite("alcohol", answers_for("alcohol", D23=0)).score == 0.0
    assert composite("legal", answers_for("legal", E17=0)).score == 0.0


def test_R7_ln_terms_take_the_natural_logarithm():
    # ln(D23)/44 with D23 = 1000: 6.907755/44 = 0.156994
    assert composite("alcohol", answers_for("alcohol", D23=1000)).score == 0.157
    # ln(E17)/46 with E17 = 100: 4.605170/46 = 0.100112
    assert composite("legal", answers_for("legal", E17=100)).score == 0.1
    # Employment at its calibration point: E4 = E5 = 1, E11 = 30, E12 = 8103 (about e^9):
    # 1 - (0.25 + 0.25 + 0.25 + 8.999990/36) = 1 - 0.999999.. = 0.0
    maxed = {"E4": 1, "E5": 1, "E11": 30, "E12": 8103}
    assert composite("employment", maxed).score == 0.0


def test_R7_large_money_answers_leave_the_unit_interval_and_are_reported():
    # Nothing is clamped. E12 = 1,000,000 DKK: ln = 13.815511, /36 = 0.383764;
    # 1 - (0.75 + 0.383764) = -0.133764 -> -0.134
    result = composite("employment", {"E4": 1, "E5": 1, "E11": 30, "E12": 1_000_000})
    assert result.score == -0.134 and result.outside_unit_interval
    # Alcohol: 5/6 + 13.815511/44 = 0.833333 + 0.313989 = 1.147322
    alcohol = {"D1": 30, "D2": 30, "D26": 30, "D28": 4, "D30": 4, "D23": 1_000_000}
    assert composite("alcohol", alcohol).score == 1.147
    # Legal: 0.8 + 13.815511/46 = 0.8 + 0.300337 = 1.100337
    legal = {"L24": 1, "L27": 30, "L28": 4, "L29": 4, "E17": 1_000_000}
    assert composite("legal", legal).score == 1.1
    assert possible_range("employment") == (-0.134, 1.0)
    assert possible_range("alcohol") == (0.0, 1.147)
    assert possible_range("legal") == (0.0, 1.1)
    for domain in ("medical", "drug", "family_social", "psychiatric"):
        assert possible_range(domain) == (0.0, 1.0)
    assert not composite("medical", {"M6": 30, "M7": 4, "M8": 4}).outside_unit_interval


# --- F3 and the F18-F26 mean ----------------------------------------------------------------


@pytest.mark.parametrize(("answer", "score"), [("yes", 0.0), ("indifferent", 0.1), ("no", 0.2)])
def test_R7_F3_is_recoded_yes_0_indifferent_1_no_2(answer, score):
    # F3/10 with the recoded value: 0/10, 1/10, 2/10; all other items 0.
    assert composite("family_social", answers_for("family_social", F3=answer)).score == score


@pytest.mark.parametrize(
    ("yes_count", "score"),
    [
        (0, 0.0),  # 0/9/5 = 0
        (1, 0.022),  # 1/9/5 = 0.022222
        (5, 0.111),  # 5/9/5 = 0.111111
        (9, 0.2),  # 9/9/5 = 0.2
    ],
)
def test_R7_F18_to_F26_are_averaged_before_dividing_by_5(yes_count, score):
    mean_items = [f"F{n}" for n in range(18, 27)]
    answers = answers_for("family_social", **dict.fromkeys(mean_items[:yes_count], 1))
    assert composite("family_social", answers).score == score


# --- missing items: no composite, never a partial score -------------------------------------


def test_R7_a_missing_item_gives_no_composite_and_names_it():
    assert composite("medical", {"M6": 15, "M8": 3}) == Composite("medical", None, ("M7",))
    # None counts as missing, like leaving the item out.
    assert composite("medical", {"M6": 15, "M7": None, "M8": 3}).missing == ("M7",)


def test_R7_missing_items_are_named_exactly_in_formula_order():
    answers = answers_for("family_social")
    del answers["F22"], answers["F3"]
    result = composite("family_social", answers)
    assert result.score is None and result.missing == ("F3", "F22")
    # Legal needs E17, asked in the employment section.
    legal = composite("legal", {"L24": 0, "L27": 0, "L28": 0, "L29": 0})
    assert legal == Composite("legal", None, ("E17",))


def test_R10_no_answers_give_seven_empty_composites():
    result = composites({})
    assert list(result) == list(DOMAINS)
    for domain, c in result.items():
        assert c.score is None and c.missing == items_of(domain)


# --- invalid answers ----------------------------------------------------------------------


def test_R7_invalid_answers_are_reported_in_danish_and_english():
    answers = {
        "M6": 31,  # out of range
        "M7": "2",  # a string for a rating
        "M8": 2.5,  # not a whole number
        "E4": True,  # fine
        "E12": -5,  # negative money
        "D1": True,  # a bool for days
        "F3": "maybe",  # not one of yes/no/indifferent
        "F18": "yes",  # yes/no items take 0/1 or True/False
        "P3": 2,  # yes/no out of range
        "X1": 1,  # unknown item
        "M6b": None,  # unknown, even when None
    }
    problems = validate_answers(answers)
    assert [p.item for p in problems] == [
        "M6",
        "M7",
        "M8",
        "E12",
        "D1",
        "F3",
        "F18",
        "P3",
        "M6b",  # unknown ids come last, sorted
        "X1",
    ]
    for p in problems:
        assert isinstance(p, AnswerProblem) and p.message_da and p.message_en
        assert p.message_da != p.message_en
    by_item = {p.item: p for p in problems}
    assert "mellem 0 og 30" in by_item["M6"].message_da
    assert "between 0 and 30" in by_item["M6"].message_en
    assert "helt tal" in by_item["M8"].message_da and "whole number" in by_item["M8"].message_en
    assert "DKK" in by_item["E12"].message_da
    assert "'indifferent'" in by_item["F3"].message_da and "one of" in by_item["F3"].message_en
    assert "ja/nej" in by_item["F18"].message_da and "yes/no" in by_item["F18"].message_en
    assert "ikke et ASI-spørgsmål" in by_item["X1"].message_da
    assert "not an ASI item" in by_item["X1"].message_en


def test_R7_valid_answers_have_no_problems():
    ok = ZERO | {"E4": True, "E5": 0.0, "M6": 12.0, "F3": "indifferent", "P9": False, "M7": None}
    assert validate_answers(ok) == []
    assert validate_answers({"E12": float("nan")})[0].item == "E12"
    assert validate_answers({"E12": float("inf")})[0].item == "E12"


def test_R7_computing_with_invalid_answers_raises_with_the_problems():
    with pytest.raises(ValueError, match="Invalid ASI answers") as raised:
        composite("medical", {"M6": 31, "M7": 2, "M8": 3})
    assert isinstance(raised.value, AnswersError)
    assert [p.item for p in raised.value.problems] == ["M6"]
    assert "mellem 0 og 30" in str(raised.value) and "between 0 and 30" in str(raised.value)
    # An invalid answer in another domain is still an error: the answer set is wrong.
    with pytest.raises(ValueError, match="P3"):
        composite("medical", {"M6": 1, "M7": 2, "M8": 3, "P3": 7})
    with pytest.raises(ValueError, match="X1"):
        composites({"X1": 1})


def test_R7_unknown_domain_raises():
    with pytest.raises(ValueError, match="Ukendt ASI-domæne"):
        composite("social", {})
    with pytest.raises(ValueError):
        possible_range("Medical")


# --- properties ---------------------------------------------------------------------------
# Answers are drawn per domain (4-13 items) to keep the file fast; every domain is a parameter.

# The ln terms stay within their share (so the composite within 0..1) up to these amounts:
# E12 <= e^9 = 8103.08 (share 1/4), D23 <= e^(44/6) = 1530.47 (share 1/6),
# E17 <= e^(46/5) = 9897.13 (share 1/5).
CALIBRATED_MONEY = {"E12": 8103, "D23": 1530, "E17": 9897}
ITEMS = {item.id: item for item in definition().items}


def value_strategy(item_id, calibrated=False):
    item = ITEMS[item_id]
    if item.kind == Kind.choice:
        return st.sampled_from(sorted(item.recode))
    if item.kind == Kind.yes_no:
        return st.sampled_from([0, 1, True, False])
    top = CALIBRATED_MONEY[item.id] if calibrated and item.kind == Kind.money else item.max
    return st.integers(min_value=item.min, max_value=top)


def answers_strategy(item_ids, calibrated=False):
    return st.fixed_dictionaries({i: value_strategy(i, calibrated) for i in item_ids})


def test_calibrated_money_limits_match_the_definition():
    # The limits above are where ln(x)/divisor reaches the share the other terms leave.
    shares = {"E12": ("employment", 1 / 4), "D23": ("alcohol", 1 / 6), "E17": ("legal", 1 / 5)}
    for item_id, (domain, share) in shares.items():
        [term] = [t for t in definition().domains[domain].terms if t.item == item_id]
        assert CALIBRATED_MONEY[item_id] == math.floor(math.exp(term.divisor * share))


@pytest.mark.parametrize("domain", DOMAINS)
@settings(max_examples=20)
@given(data=st.data())
def test_R7_every_composite_is_within_0_and_1_for_calibrated_answers(domain, data):
    answers = data.draw(answers_strategy(items_of(domain), calibrated=True))
    assert validate_answers(answers) == []
    result = composite(domain, answers)
    assert result.missing == () and result.score is not None
    assert 0.0 <= result.score <= 1.0
    assert not result.outside_unit_interval


@pytest.mark.parametrize("domain", DOMAINS)
@settings(max_examples=20)
@given(data=st.data())
def test_R7_every_composite_is_within_its_reported_range(domain, data):
    answers = data.draw(answers_strategy(items_of(domain)))
    low, high = possible_range(domain)
    score = composite(domain, answers).score
    assert low <= score <= high
    if not 0.0 <= score <= 1.0:
        assert domain in ("employment", "alcohol", "legal")


@settings(max_examples=20)
@given(answers_strategy(ITEMS))
def test_R10_composites_are_deterministic(answers):
    first = composites(answers)
    assert composites(answers) == first
    assert composites(dict(reversed(answers.items()))) == first
    assert {d: composite(d, answers) for d in DOMAINS} == first


@settings(max_examples=40)
@given(domain=st.sampled_from(DOMAINS), data=st.data())
def test_R7_an_unrelated_item_does_not_change_a_domains_score(domain, data):
    own = data.draw(answers_strategy(items_of(domain)), label="own")
    others = sorted(set(ITEMS) - set(own))
    extra_ids = data.draw(st.lists(st.sampled_from(others), unique=True, min_size=1, max_size=6))
    extra = data.draw(answers_strategy(extra_ids), label="unrelated")
    assert composite(domain, own | extra) == composite(domain, own)
    assert composite(domain, extra | own) == composite(domain, own)


@settings(max_examples=40)
@given(domain=st.sampled_from(DOMAINS), data=st.data())
def test_R7_any_missing_item_gives_no_score(domain, data):
    needed = items_of(domain)
    answers = data.draw(answers_strategy(needed), label="complete")
    dropped = data.draw(st.lists(st.sampled_from(needed), unique=True, min_size=1))
    for i in dropped:
        if data.draw(st.booleans(), label=f"{i} as None"):
            answers[i] = None  # answered "missing"
        else:
            del answers[i]  # left out
    result = composite(domain, answers)
    assert result.score is None
    assert result.missing == tuple(i for i in needed if i in dropped)
