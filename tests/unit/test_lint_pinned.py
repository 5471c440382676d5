"""The linter's findings on each shipped standard, pinned (as of PINNED_TODAY).

These are the real deviations of the four municipal standards from the law floor and from
themselves. A change in a standard file or in the linter that changes a finding must change the
pinned file too: regenerate with `UPDATE_GOLDEN=1 pytest tests/unit/test_lint_pinned.py` and
review the diff.
"""

import json
import os

import pytest

from tests.conftest import PINNED_TODAY, PROJECT, SHIPPED
from vendepunkt.rules.standards.lint import lint

GOLDEN = PROJECT / "tests" / "golden" / "lint"


def pinned_form(findings):
    return [
        {"severity": str(f.severity), "rule": f.rule, "path": f.path, "citation": f.citation}
        for f in findings
    ]


@pytest.mark.parametrize("std_id", SHIPPED)
def test_findings_are_pinned(shipped, std_id):
    actual = pinned_form(lint(shipped[std_id], PINNED_TODAY))
    golden = GOLDEN / f"{std_id}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("std_id", SHIPPED)
def test_every_finding_has_a_place_and_two_languages(shipped, std_id):
    loaded = shipped[std_id]
    for f in lint(loaded, PINNED_TODAY):
        assert f.message_da and f.message_en and f.message_da != f.message_en
        if f.path in (
            "action_plans",
            "gift_vouchers",
            "complaints",
            "plan",
            "staff",
            "user_involvement",
        ):
            continue  # a whole mandatory section that is absent has no line
        assert f.line is not None, f


def test_the_real_deviations_are_reported(shipped):
    """The deviations the seeds are known for (LAW.md, REQUIREMENTS.md) are among the findings."""

    def rules(std_id):
        return {(f.rule, f.severity) for f in lint(shipped[std_id], PINNED_TODAY)}

    assert ("follow-up-offset", "error") in rules("odsherred")  # 1 and 3 months, law: 1 and 6
    assert ("complaint-not-appealable", "error") in rules("odsherred")  # § 101a to Ankestyrelsen
    assert ("repealed-provision", "warning") in rules("odsherred")  # SEL § 153 → Barnets Lov § 133
    assert ("guarantee-counts-from", "warning") in rules("odsherred")  # from personal attendance
    assert ("follow-up-missing", "error") in rules("hjoerring")
    assert ("complaint-route-missing", "error") in rules("hjoerring")
    assert ("revision-overdue", "error") in rules("herning")  # 2020–2021
    assert ("outdated-body", "warning") in rules("herning")  # Den Sociale Ankestyrelse
    assert ("outdated-body", "warning") in rules("haderslev")  # Patientklagenævnet, Embedslæge
