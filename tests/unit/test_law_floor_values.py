"""Issue 12 § 1: values that are the law's (or the national statistics') live in the law floor
with their source, not as constants in code."""

from vendepunkt.rules.law import law_floor


def test_R6_the_contact_course_merge_gap_is_data_with_its_source():
    rule = law_floor().contact_course
    assert (rule.merge_gap.amount, str(rule.merge_gap.unit)) == (10, "day")
    assert rule.merge_gap_days == 10
    assert rule.verified and "stofmisbrugsbehandling" in rule.citation
