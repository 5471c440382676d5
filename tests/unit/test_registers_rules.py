"""The pure register layer: code lists, the adapter, validation with known findings, the diff
and the one-pass pipeline. Hand-made facts only (synthetic CPR-like numbers)."""

import copy
import csv
import datetime as dt
import io

import pytest
import yaml

from vendepunkt.rules.registers import (
    CodesFileError,
    CourseFacts,
    Period,
    PeriodError,
    Severity,
    StreamingDiff,
    SubstitutionFacts,
    diff,
    digests,
    include,
    load_codes,
    run_extract,
    to_row,
    validate_row,
)
from vendepunkt.rules.registers.codes import CODES_FILE, parse

TODAY = dt.date(2026, 11, 10)
OCT = Period.parse("2026-10")
CODES = load_codes()
SMDB, NAB, SUB = (CODES.registers[r] for r in ("smdb", "nab", "substitution"))


def facts(**kw) -> CourseFacts:
    base = dict(
        course_id=1,
        municipality="herning",
        legal_track="SEL-101",
        anonymous=False,
        cpr="0101901235",
        birth_year=1990,
        sex="male",
        request_on=dt.date(2026, 10, 1),
        start_on=dt.date(2026, 10, 8),
        main_substance="cannabis",
        substances=("cannabis",),
        setting="ambulant",
        guarantee_due=dt.date(2026, 10, 15),
    )
    base.update(kw)
    return CourseFacts(**base)


def rules_of(register, f, period=OCT, today=TODAY):
    row = to_row(register, f, period, CODES)
    return {(x.rule, x.field, x.severity) for x in validate_row(register, f, row, period, today)}


# --- periods and code lists -------------------------------------------------------------------


def test_period_parse_and_bounds():
    p = Period.parse("2024-02")
    assert (p.first, p.last, str(p)) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29), "2024-02")
    assert Period.parse("2026-12").last == dt.date(2026, 12, 31)
    for bad in ("2026-13", "2026-1", "26-10", "", "2026-10-01", "abcd-ef"):
        with pytest.raises(PeriodError) as exc:
            Period.parse(bad)
        assert "ÅÅÅÅ-MM" in exc.value.message_da and "YYYY-MM" in exc.value.message_en


def test_every_variable_and_code_list_says_how_sure_it_is():
    for reg in CODES.registers.values():
        for var in reg.variables:
            assert var.status in ("published", "provisional")
            assert var.source in CODES.sources
    for cl in CODES.code_lists.values():
        assert cl.status in ("published", "provisional")
    # No code value is claimed to be verified: the national code lists are not public.
    assert CODES.code_lists["end_status"].status == "published"  # the categories, not the codes


def test_code_file_errors_are_reported():
    data = yaml.safe_load(CODES_FILE.read_text(encoding="utf-8"))
    bad = copy.deepcopy(data)
    bad["registers"]["smdb"]["variables"][0]["codes"] = "nope"
    with pytest.raises(CodesFileError, match="unknown code list"):
        parse(bad)
    bad = copy.deepcopy(data)
    bad["code_lists"]["sex"]["status"] = "verified"
    with pytest.raises(CodesFileError, match="code list sex"):
        parse(bad)


# --- the adapter ----------------------------------------------------------------------------


def test_smdb_row_maps_through_the_code_lists():
    row = to_row(
        SMDB,
        facts(
            end_on=dt.date(2026, 10, 30),
            discharge_status="completed",
            outcome="abstinent",
            substances=("cannabis", "alcohol"),
            children_under_18=2,
        ),
        OCT,
        CODES,
    )
    v = row.values
    assert row.key == "000000000001"
    assert list(v) == list(SMDB.columns)
    assert v["kommune"] == "657" and v["lovgrundlag"] == "SEL101"
    assert v["henvendelsesdato"] == "2026-10-01" and v["behandlingsstart"] == "2026-10-08"
    assert v["ventetid_dage"] == "7"
    assert v["afslutningsstatus"] == "STOFFRI" and v["afslutningsaarsag"] == "PLANMAESSIG"
    assert v["hovedstof"] == "CANNABIS" and v["andre_stoffer"] == "ALKOHOL"
    assert v["boern_under_18"] == "2" and v["behandlingstype"] == "AMBULANT"
    assert v["boligforhold"] == ""  # not recorded on this course: empty


def test_R41_the_social_indicators_of_a_started_course_map_to_their_codes():
    recorded = (("housing", "homeless"), ("income", "public_benefit"), ("route", "injection"))
    row = to_row(SMDB, facts(sib=recorded), OCT, CODES)
    v = row.values
    assert (v["boligforhold"], v["indkomst"], v["indtagelsesmaade"]) == ("3", "3", "1")
    assert v["uddannelse"] == "" and v["risikoadfaerd"] == ""  # not recorded: empty
    # before the start nothing is reported about the treatment course
    waiting = to_row(SMDB, facts(start_on=None, sib=recorded), OCT, CODES)
    assert waiting.values["boligforhold"] == ""


def test_dates_after_the_period_are_left_out():
    row = to_row(
        SMDB,
        facts(start_on=dt.date(2026, 11, 2), end_on=dt.date(2026, 11, 5), outcome="reduced"),
        OCT,
        CODES,
    )
    v = row.values
    assert v["behandlingsstart"] == "" and v["afslutningsdato"] == ""
    assert v["afslutningsstatus"] == "" and v["ventetid_dage"] == ""


def test_inclusion_by_register_track_anonymity_and_period():
    assert include(SMDB, facts(), OCT)
    assert not include(SMDB, facts(legal_track="SEL-101a", anonymous=True, cpr=None), OCT)
    assert not include(SMDB, facts(anonymous=True, cpr=None), OCT)
    assert not include(SMDB, facts(legal_track="SUL-141"), OCT)
    assert include(NAB, facts(legal_track="SUL-141", anonymous=True, cpr=None), OCT)
    quiet = facts(request_on=dt.date(2026, 8, 1), start_on=dt.date(2026, 8, 3))
    assert not include(SMDB, quiet, OCT)  # nothing happened in October


def test_nab_row_for_an_anonymous_client_has_no_identifier():
    f = facts(legal_track="SUL-141", anonymous=True, cpr=None, birth_year=1980, sex="female")
    v = to_row(NAB, f, OCT, CODES).values
    assert v["cpr"] == "" and v["anonym"] == "1"
    assert v["foedselsaar"] == "1980" and v["koen"] == "K"
    assert rules_of(NAB, f) == set()


# --- validation: known findings on hand-made records ------------------------------------------


def test_a_clean_course_has_no_row_findings():
    assert rules_of(SMDB, facts()) == set()


def test_anonymous_101a_wrongly_included():
    found = rules_of(SMDB, facts(legal_track="SEL-101a", anonymous=True, cpr="0101901235"))
    assert ("excluded_track_included", "lovgrundlag", Severity.error) in found
    assert ("anonymous_included", "cpr", Severity.error) in found
    # the adapter never writes an anonymous client's CPR number, even if the facts carried one
    assert ("cpr_for_anonymous", "cpr", Severity.error) not in found


def test_missing_cpr_and_missing_fields():
    found = rules_of(SMDB, facts(cpr=None, request_on=None, main_substance=""))
    assert ("missing_cpr", "cpr", Severity.error) in found
    assert ("missing_field", "hovedstof", Severity.error) in found
    # a course with only a start in the period and no request date
    assert ("missing_field", "henvendelsesdato", Severity.error) in found


def test_dates_out_of_order_and_in_the_future():
    found = rules_of(
        SMDB,
        facts(request_on=dt.date(2026, 10, 9), start_on=dt.date(2026, 10, 8)),
    )
    assert ("dates_out_of_order", "behandlingsstart", Severity.error) in found
    later = rules_of(SMDB, facts(start_on=dt.date(2026, 10, 20)), today=dt.date(2026, 10, 12))
    assert ("date_in_future", "behandlingsstart", Severity.error) in later


def test_end_without_status_and_unmapped_values():
    found = rules_of(SMDB, facts(end_on=dt.date(2026, 10, 20), outcome="", discharge_status=""))
    assert ("end_without_status", "afslutningsstatus", Severity.error) in found
    odd = rules_of(SMDB, facts(main_substance="kratom"))
    assert ("unmapped_value", "hovedstof", Severity.error) in odd
    assert ("missing_field", "hovedstof", Severity.error) not in odd


def test_guarantee_exceeded_without_a_recorded_reason():
    late = facts(start_on=dt.date(2026, 10, 20), guarantee_due=dt.date(2026, 10, 15))
    assert ("guarantee_exceeded_without_reason", "behandlingsstart", Severity.warning) in rules_of(
        SMDB, late
    )
    waived = facts(
        start_on=dt.date(2026, 10, 20),
        guarantee_due=dt.date(2026, 10, 15),
        waiver_kinds=("citizen_request",),
    )
    assert rules_of(SMDB, waived) == set()
    assert to_row(SMDB, waived, OCT, CODES).values["garanti_undtagelse"] == "citizen_request"
    # not started at all by the end of the period, due before it: exceeded too
    waiting = facts(start_on=None, guarantee_due=dt.date(2026, 10, 15))
    assert ("guarantee_exceeded_without_reason", "behandlingsstart", Severity.warning) in rules_of(
        SMDB, waiting
    )


def test_substitution_rows_and_findings():
    ok = SubstitutionFacts(
        course_id=5,
        municipality="haderslev",
        legal_track="SUL-142",
        anonymous=False,
        cpr="0101901235",
        product="methadone",
        prescriber="ABC12",
        last_on=dt.date(2026, 10, 3),
    )
    v = to_row(SUB, ok, OCT, CODES).values
    assert v == {
        "forloeb_id": "5",
        "cpr": "0101901235",
        "kommune": "510",
        "maaned": "2026-10",
        "praeparat": "METADON",
        "ordinerende_laege": "ABC12",
        "seneste_ordination": "2026-10-03",
    }
    assert rules_of(SUB, ok) == set()
    bad = SubstitutionFacts(
        course_id=6,
        municipality="haderslev",
        legal_track="SUL-142",
        anonymous=False,
        cpr="0101901235",
        last_on=dt.date(2026, 10, 3),
    )
    found = rules_of(SUB, bad)
    assert ("missing_field", "praeparat", Severity.error) in found
    assert ("missing_field", "ordinerende_laege", Severity.error) in found


# --- diff and pipeline ------------------------------------------------------------------------


def test_diff_added_removed_changed():
    key = b"k"
    a = to_row(SMDB, facts(course_id=1), OCT, CODES)
    b = to_row(SMDB, facts(course_id=2), OCT, CODES)
    b2 = to_row(
        SMDB, facts(course_id=2, end_on=dt.date(2026, 10, 30), outcome="reduced"), OCT, CODES
    )
    c = to_row(SMDB, facts(course_id=3), OCT, CODES)
    old = [(a.key, digests(a, key)), (b.key, digests(b, key))]
    new = [(b2.key, digests(b2, key)), (c.key, digests(c, key))]
    summary = diff(old, new)
    assert (summary.added, summary.removed, summary.changed, summary.unchanged) == (1, 1, 1, 0)
    changed = next(ch for ch in summary.changes if ch.kind == "changed")
    assert changed.key == b2.key and "afslutningsdato" in changed.fields
    assert diff(old, old).unchanged == 2 and diff(old, old).total == 0
    with pytest.raises(ValueError, match="increasing key order"):
        merger = StreamingDiff([])
        merger.push("2", {})
        merger.push("1", {})


def test_digests_are_keyed_and_hold_no_personal_data():
    row = to_row(SMDB, facts(), OCT, CODES)
    one, two = digests(row, b"key-one"), digests(row, b"key-two")
    assert one["cpr"] != two["cpr"]
    assert "0101901235" not in "".join(one.values())


def test_pipeline_writes_csv_validates_and_diffs():
    items = [
        facts(course_id=1),
        facts(course_id=2, legal_track="SEL-101a", anonymous=True, cpr=None),  # left out
        facts(course_id=3, main_substance=""),
    ]
    out = io.BytesIO()
    result = run_extract("smdb", items, OCT, today=TODAY, digest_key=b"k", out=out, previous=[])
    text = out.getvalue().decode("utf-8")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0] == list(SMDB.columns)
    assert [line[0] for line in lines[1:]] == ["1", "3"]
    assert text.endswith("\r\n")
    assert (result.rows, result.skipped) == (2, 1)
    assert not result.ok and result.findings.by_rule["missing_field"] == 1
    assert result.diff.added == 2
    import hashlib

    assert result.sha256 == hashlib.sha256(out.getvalue()).hexdigest()
    # validate only: same hash, nothing written
    again = run_extract("smdb", items, OCT, today=TODAY, digest_key=b"k")
    assert again.sha256 == result.sha256 and again.diff is None


def test_findings_and_changes_are_counted_but_only_the_first_are_kept():
    from vendepunkt.rules.registers import Finding, FindingTally

    tally = FindingTally(keep=3)
    for i in range(10):
        tally.add(Finding("r", Severity.warning, "f", "da", "en", row=str(i)))
    assert (tally.total, len(tally.kept), tally.truncated) == (10, 3, True)
    assert tally.by_rule == {"r": 10} and tally.errors == 0
    rows = [(f"{i:012d}", {"a": str(i)}) for i in range(50)]
    summary = diff([], rows, keep=5)
    assert summary.added == 50 and len(summary.changes) == 5 and summary.as_dict()["truncated"]


def test_the_rules_layer_imports_no_django():
    import subprocess
    import sys

    code = "import sys, vendepunkt.rules.registers; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
