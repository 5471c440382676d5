"""The loader: YAML problems and schema problems become messages with file, line and field."""

import textwrap

import pytest

from vendepunkt.rules.standards.loader import StandardFileError, load_standard, load_standard_text
from vendepunkt.rules.standards.registry import SHIPPED_DIR


def problems_of(text: str):
    with pytest.raises(StandardFileError) as info:
        load_standard_text(textwrap.dedent(text), name="x.yaml")
    return info.value.problems


def shipped_text(name="hjoerring") -> str:
    return (SHIPPED_DIR / f"{name}.yaml").read_text(encoding="utf-8")


def test_syntax_error_names_the_line():
    [p] = problems_of("id: test\nservices: [\n  - a\n")
    assert p.file == "x.yaml"
    assert p.line is not None and p.line >= 2
    assert "YAML" in p.found


def test_unknown_key_is_rejected_with_its_line():
    text = shipped_text().replace("\nmunicipality:\n", "\nmunicipality:\n  mayor: Someone\n", 1)
    [p] = problems_of(text)
    assert p.field == "municipality.mayor"
    assert "ukendt felt" in p.found and "unknown field" in p.found
    assert text.splitlines()[p.line - 1].strip() == "mayor: Someone"


def test_missing_required_field_says_write_null_if_open():
    lines = [ln for ln in shipped_text().splitlines() if not ln.startswith("  adopted:")]
    [p] = problems_of("\n".join(lines))
    assert p.field == "document.adopted"
    assert "null" in p.expected


def test_wrong_enum_value_says_what_is_allowed():
    text = shipped_text().replace("kind: treatment_guarantee", "kind: treatment_promise", 1)
    [p] = problems_of(text)
    assert p.field.startswith("deadlines[") and p.field.endswith(".kind")
    assert "treatment_guarantee" in p.expected
    assert "treatment_promise" in p.found


def test_duplicate_keys_are_an_error_not_silently_merged():
    [p] = problems_of("id: a\nid: b\n")
    assert p.field == "id" and p.line == 2
    assert "to gange" in p.found and "twice" in p.found


def test_anchors_and_aliases_are_refused():
    found = problems_of("a: &x {b: 1}\nc: *x\n")
    assert any("alias" in p.found for p in found)


def test_empty_and_non_mapping_documents():
    assert "tom" in problems_of("")[0].found
    assert "mapping" in problems_of("- 1\n- 2\n")[0].found


def test_invalid_utf8_and_unreadable_file(tmp_path):
    with pytest.raises(StandardFileError) as info:
        load_standard_text(b"id: \xff\xfe", name="bad.yaml")
    assert "UTF-8" in info.value.problems[0].found
    with pytest.raises(StandardFileError) as info:
        load_standard(tmp_path / "missing.yaml")
    assert "kan ikke læses" in info.value.problems[0].found


def test_range_min_above_max_is_rejected():
    text = shipped_text().replace("age: {min: 18, max: null}", "age: {min: 18, max: 12}", 1)
    assert text != shipped_text()
    [p] = problems_of(text)
    assert "greater than max" in p.expected


def test_duplicate_ids_are_rejected():
    text = shipped_text().replace("  - id: modul-1\n", "  - id: modul-2-individuel\n", 1)
    problems = problems_of(text)
    assert any("used twice" in p.expected for p in problems)


def test_loaded_standard_is_immutable(shipped):
    std = shipped["haderslev"].standard
    with pytest.raises(Exception):  # pydantic's frozen-instance error
        std.id = "other"
    assert isinstance(std.services, tuple)


def test_a_stated_value_without_its_source_is_rejected():
    import yaml

    data = yaml.safe_load(shipped_text())
    assert data["plan"]["network_meetings"] is True
    del data["plan"]["source"]
    problems = problems_of(yaml.safe_dump(data, allow_unicode=True))
    assert any("plan.source" in p.expected for p in problems)
