"""Issue 12 § 1: every field of the standard schema drives a rule or says why it decides nothing.

The test walks every pydantic model in `rules/standards/schema.py` and every field of it. A field
is covered when `coverage.USED_BY` names an importable function whose source names the field, or
when the schema marks it informational with a reason. A new field that is neither fails here.
"""

from __future__ import annotations

import importlib
import inspect
import re
import typing

import pydantic
import pytest

from vendepunkt.rules.standards import coverage, schema

# Fields another section of issue 12 makes rule-driving; the integrator empties this at merge.
OWNED_BY_OTHER_SECTIONS: dict[str, int] = {}

MODELS = {
    name: cls
    for name, cls in vars(schema).items()
    if inspect.isclass(cls)
    and issubclass(cls, pydantic.BaseModel)
    and cls.__module__ == schema.__name__
    and cls is not schema.Model
}


def _is_container(annotation: object) -> bool:
    """Does the field hold models of the schema (other than the small value types)?"""
    stack = [annotation]
    while stack:
        item = stack.pop()
        if inspect.isclass(item) and item.__name__ in MODELS:
            return item.__name__ not in coverage.VALUE_TYPES
        stack.extend(typing.get_args(item))
    return False


def _declared_on(cls: type[pydantic.BaseModel], field: str) -> str:
    """The schema class that declares `field` (the base for an inherited field)."""
    for base in reversed(cls.__mro__):
        if base.__name__ in MODELS and field in inspect.get_annotations(base):
            return base.__name__
    return cls.__name__


def _fields() -> list[tuple[str, pydantic.fields.FieldInfo]]:
    seen: dict[str, pydantic.fields.FieldInfo] = {}
    for name, cls in MODELS.items():
        if name in coverage.VALUE_TYPES:
            continue
        for field, info in cls.model_fields.items():
            if _is_container(info.annotation):
                continue
            seen.setdefault(f"{_declared_on(cls, field)}.{field}", info)
    return sorted(seen.items())


def _resolve(dotted: str) -> object:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            target = getattr(target, attr)
        return target
    raise ImportError(dotted)


def _informational(info: pydantic.fields.FieldInfo) -> str | None:
    extra = info.json_schema_extra
    return extra.get("informational") if isinstance(extra, dict) else None  # type: ignore[return-value]


FIELDS = _fields()


def test_the_walk_finds_the_schema():
    keys = {k for k, _ in FIELDS}
    assert (
        "Service.sessions" in keys and "Sourced.source" in keys and "Plan.network_meetings" in keys
    )
    assert "Standard.services" not in keys  # a container is judged by its members
    assert len(keys) > 150


@pytest.mark.parametrize(("key", "info"), FIELDS, ids=[k for k, _ in FIELDS])
def test_every_standard_field_drives_a_rule_or_says_why_not(key, info):
    used_by = coverage.USED_BY.get(key)
    reason = _informational(info)
    if key in OWNED_BY_OTHER_SECTIONS and not used_by and not reason:
        pytest.skip(f"section {OWNED_BY_OTHER_SECTIONS[key]} of issue 12 owns {key}")
    assert used_by or reason, f"{key} neither drives a rule (coverage.USED_BY) nor is informational"
    assert not (used_by and reason), f"{key} is both used by {used_by} and marked informational"
    if reason:
        assert len(reason) >= 20, f"{key}: say why it decides nothing"
        return
    function = _resolve(used_by)
    assert callable(function), used_by
    source = inspect.getsource(function)
    field = key.split(".", 1)[1]
    assert re.search(rf"\b{field}\b", source), f"{used_by} does not mention {field}"


def test_coverage_names_only_fields_of_the_schema():
    keys = {k for k, _ in FIELDS}
    assert not set(coverage.USED_BY) - keys
    assert not set(OWNED_BY_OTHER_SECTIONS) - keys
