"""The documentation's example standard is a valid file, and what the docs promise holds."""

import re

from tests.conftest import PINNED_TODAY, PROJECT
from vendepunkt.rules.standards.lint import lint
from vendepunkt.rules.standards.loader import load_standard_text


def test_the_example_in_docs_standards_validates_and_lints_as_described():
    text = (PROJECT / "docs" / "standards.md").read_text(encoding="utf-8")
    [example] = re.findall(r"## A small example\n```yaml\n(.*?)```", text, flags=re.S)
    loaded = load_standard_text(example, name="eksempel.yaml")
    assert loaded.standard.id == "eksempel"
    rules = {f.rule for f in lint(loaded, PINNED_TODAY)}
    assert {
        "mandatory-free-choice",
        "mandatory-payment",
        "mandatory-staff",
        "mandatory-user-involvement",
    } <= rules
    assert "follow-up-offset" not in rules and "guarantee-missing" not in rules
