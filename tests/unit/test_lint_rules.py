"""Each lint rule on a standard changed in one place: the rule fires, with its citation, and
does not fire on the unchanged file."""

import copy
import datetime as dt

import yaml

from vendepunkt.rules.standards.lint import Severity, lint, worst
from vendepunkt.rules.standards.loader import load_standard_text

TODAY = dt.date(2026, 11, 23)


def variant(shipped, std_id, change=None, today=TODAY):
    data = copy.deepcopy(shipped[std_id].data)
    if change:
        change(data)
    loaded = load_standard_text(
        yaml.safe_dump(data, allow_unicode=True), name=f"{std_id}-variant.yaml"
    )
    return lint(loaded, today)


def fired(findings, rule):
    return [f for f in findings if f.rule == rule]


def deadline(data, deadline_id):
    return next(d for d in data["deadlines"] if d["id"] == deadline_id)


def test_follow_up_after_6_months_is_required_R37(shipped):
    assert not fired(variant(shipped, "herning"), "follow-up-offset")

    def three_months(data):
        deadline(data, "opfoelgning-6-maaneder")["within"]["amount"] = 3

    [f] = fired(variant(shipped, "herning", three_months), "follow-up-offset")
    assert f.severity == Severity.error and f.citation == "BEK 1477 § 4 stk. 2"
    assert "6 måneder" in f.message_da and "law prevails" in f.message_en


def test_guarantee_longer_than_14_days_is_an_error_R17(shipped):
    def longer(data):
        deadline(data, "behandlingsgaranti")["within"] = {"amount": 3, "unit": "week"}

    [f] = fired(variant(shipped, "herning", longer), "guarantee-too-long")
    assert f.severity == Severity.error and f.citation == "SEL § 101 stk. 4"
    assert f.path.startswith("deadlines[") and f.line is not None


def test_guarantee_counted_from_personal_attendance_is_a_warning_R17(shipped):
    def attendance(data):
        deadline(data, "behandlingsgaranti")["counts_from"] = "personal_attendance"

    [f] = fired(variant(shipped, "herning", attendance), "guarantee-counts-from")
    assert f.severity == Severity.warning and "personligt fremmøde" in f.message_da


def test_missing_guarantee_for_a_covered_legal_basis(shipped):
    def no_guarantee(data):
        data["deadlines"] = [d for d in data["deadlines"] if d["kind"] != "treatment_guarantee"]

    findings = variant(shipped, "herning", no_guarantee)
    assert [f.citation for f in fired(findings, "guarantee-missing")] == ["SEL § 101 stk. 4"]
    assert worst(findings) == Severity.error


def test_101a_decisions_cannot_be_appealed_R12(shipped):
    assert not fired(variant(shipped, "herning"), "complaint-not-appealable")

    def appeal_101a(data):
        data["complaints"]["routes"][0]["legal_bases"] = ["SEL-101", "SEL-101a"]

    [f] = fired(variant(shipped, "herning", appeal_101a), "complaint-not-appealable")
    assert f.citation == "SEL § 101 a stk. 6" and f.severity == Severity.error


def test_short_complaint_period_is_an_error_R39(shipped):
    def two_weeks(data):
        route = next(r for r in data["complaints"]["routes"] if r["kind"] == "social_decision")
        route["period"] = {"amount": 2, "unit": "week"}

    [f] = fired(variant(shipped, "herning", two_weeks), "complaint-period-short")
    assert "4 uger" in f.message_da


def test_revision_overdue_depends_on_the_date_R45(shipped):
    assert not fired(variant(shipped, "herning", today=dt.date(2021, 6, 1)), "revision-overdue")
    [f] = fired(variant(shipped, "herning", today=dt.date(2022, 1, 1)), "revision-overdue")
    assert f.citation == "BEK 1477 § 4"


def test_revision_interval_above_two_years(shipped):
    def three_years(data):
        data["document"]["revision_interval"] = {"amount": 3, "unit": "year"}

    assert fired(variant(shipped, "odsherred", three_years), "revision-interval")


def test_unknown_legal_basis_and_provision(shipped):
    def unknown(data):
        data["legal_bases"].append("SEL-999")
        data["references"][0]["provision"] = "XYZ-1"

    findings = variant(shipped, "herning", unknown)
    assert fired(findings, "unknown-legal-basis") and fired(findings, "unknown-provision")


def test_forum_no_service_uses_and_service_no_forum_grants(shipped):
    def orphan(data):
        data["visitation"]["forums"].append(
            {
                "id": "extra",
                "name": "Ekstra møde",
                "kind": "visitation_meeting",
                "schedule": None,
                "source": "HER 7",
            }
        )
        data["services"][0]["requires_visitation"] = True
        data["services"][0]["granted_by"] = []

    findings = variant(shipped, "herning", orphan)
    assert any("Ekstra møde" in f.message_da for f in fired(findings, "forum-unused"))
    assert any(f.path == "services[0].granted_by" for f in fired(findings, "service-ungranted"))


def test_reference_to_an_unknown_forum_or_centre(shipped):
    def broken(data):
        data["services"][0]["granted_by"] = ["nowhere"]
        data["services"][0]["delivery"] = {"kind": "own_centre", "centre": "nowhere"}

    findings = variant(shipped, "herning", broken)
    assert fired(findings, "unknown-forum") and fired(findings, "unknown-centre")


def test_overlapping_intensity_tiers_R13(shipped):
    findings = variant(shipped, "odsherred")
    pairs = {f.message_en for f in fired(findings, "tier-overlap")}
    assert any("Lav intensiv" in m and "Mellem intensiv" in m for m in pairs)

    def separate(data):
        for s in data["services"]:
            if s.get("intensity") == "medium":
                s["frequency"] = {"min": 3, "max": 3, "per": "month"}
            if s.get("intensity") in ("intensive", "day"):
                s["frequency"] = {
                    "min": 10 if s["intensity"] == "day" else 4,
                    "max": 20 if s["intensity"] == "day" else 4,
                    "per": "month",
                }

    assert not fired(variant(shipped, "odsherred", separate), "tier-overlap")


def test_anonymous_101a_needs_no_other_social_problems_R14(shipped):
    def loosen(data):
        s = next(s for s in data["services"] if "SEL-101a" in s["legal_bases"])
        s["eligibility"]["no_other_social_problems"] = False

    assert fired(variant(shipped, "odsherred", loosen), "anonymous-101a-condition")


def test_anonymous_alcohol_must_end_with_medication_R47(shipped):
    def forever(data):
        rule = next(
            a for a in data["anonymity"] if "SUL-141" in a["legal_bases"] and a.get("whole_course")
        )
        rule["ends_when"] = []

    [f] = fired(variant(shipped, "odsherred", forever), "anonymity-medication")
    assert f.citation == "SUL § 141 stk. 7"


def test_missing_mandatory_sections_R45(shipped):
    def strip(data):
        data["free_choice"] = []
        data["narrative"].pop("staff", None)

    rules = {f.rule for f in variant(shipped, "herning", strip)}
    assert {"mandatory-free-choice", "mandatory-staff"} <= rules


def test_unknown_programme(shipped):
    def enable(data):
        data["programmes"] = ["outreach", "teleport"]

    [f] = fired(variant(shipped, "herning", enable), "unknown-programme")
    assert "teleport" in f.message_en


def test_open_points_are_reported_as_information(shipped):
    findings = variant(shipped, "hjoerring")
    assert len(fired(findings, "open-point")) == len(shipped["hjoerring"].standard.open_points) > 0
    assert all(f.severity == Severity.info for f in fired(findings, "open-point"))
