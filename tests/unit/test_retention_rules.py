"""Retention rules as data (R49): the shipped file, the cut-off arithmetic and bad files."""

import datetime as dt

import pytest

from vendepunkt.rules.retention import (
    RETENTION_FILE,
    RetentionFileError,
    cutoff,
    load,
    retention_rules,
)


def test_R49_every_class_has_a_period_an_action_and_a_legal_source():
    rules = load(RETENTION_FILE)
    assert {c.id for c in rules.classes} == {
        "social_case",
        "client_identity",
        "medical_record",
        "read_log",
    }
    medical = rules.get("medical_record")
    assert (medical.keep.amount, str(medical.keep.unit), medical.verified) == (10, "year", True)
    assert "Autorisationsloven § 25" in medical.citation
    # the social part's period is not settled by law: it says so
    assert rules.get("social_case").verified is False
    assert all(c.citation and c.name_da and c.name_en for c in rules.classes)


def test_R49_cutoff_is_the_last_expired_day():
    medical = retention_rules().get("medical_record")
    # kept 10 years: a record of 2016-06-01 is kept up to and including 2026-06-01
    assert cutoff(medical, dt.date(2026, 6, 2)) == dt.date(2016, 6, 1)
    assert cutoff(medical, dt.date(2026, 6, 1)) == dt.date(2016, 5, 31)
    # 29 February clamps to 28 February
    assert cutoff(medical, dt.date(2028, 2, 29)) == dt.date(2018, 2, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("classes: [", "ugyldige"),
        ("classes: []", "social_case"),
        (
            "classes:\n  - {id: social_case, name_da: a, name_en: a, keep: {amount: 0, unit: day},"
            " counts_from: record_date, action: delete, citation: x, verified: false}",
            "social_case",
        ),
    ],
)
def test_a_bad_retention_file_is_refused_in_danish_and_english(tmp_path, text, expected):
    path = tmp_path / "retention.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RetentionFileError) as info:
        load(path)
    assert expected in info.value.message_da or expected in str(info.value)
    assert "invalid" in info.value.message_en
