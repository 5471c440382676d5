"""Issue 12 § 1: values that are the law's (or the national statistics') live in the law floor
with their source, not as constants in code."""

from vendepunkt.rules.law import law_floor


def test_R6_the_contact_course_merge_gap_is_data_with_its_source():
    rule = law_floor().contact_course
    assert (rule.merge_gap.amount, str(rule.merge_gap.unit)) == (10, "day")
    assert rule.merge_gap_days == 10
    assert rule.verified and "stofmisbrugsbehandling" in rule.citation


def test_R39_law_items_read_only_in_secondary_sources_stay_unverified_with_what_was_found():
    """Issue 12 § 2: the end of a citizen's period on a Saturday, Sunday or holiday (vejledning
    9533/2018) and SEL § 163 / BEK 1387 were read only in secondary sources or reproductions of
    the consolidated text: they stay `verified: false`, and the source says what was found (D79)."""
    floor = law_floor()
    holiday = floor.complaints.period_end_on_holiday
    assert holiday.moves_to_next_working_day and not holiday.verified
    assert "9533" in holiday.citation and "socialjura.dk" in holiday.source
    for provision_id in ("SEL-163", "BEK-1387"):
        provision = floor.provision(provision_id)
        assert provision is not None and not provision.verified
        assert "retsinformation.dk" in (provision.note or "")
