"""ASI (Addiction Severity Index, 5th edition) composite scores per domain (R7, R8, R10).

The items, their ranges and the formulas are data (`definition.yaml`, validated by the models
below); this module only evaluates them. Pure and deterministic: no Django, no clock, no I/O
beyond reading the shipped definition once.

Rules (see docs/asi.md):
- a composite is a sum of terms, each an item's value divided by a divisor; `ln` terms take the
  natural logarithm of a value above 0, and a value of 0 contributes 0 (never ln of a negative);
- a missing item (absent or None) gives no composite for its domain: `Composite.score` is None
  and `Composite.missing` names the missing items. There is never a partial score;
- nothing is clamped. With the money items' large cap the employment composite can fall below 0
  and the alcohol and legal composites can rise above 1; `possible_range()` reports each domain's
  range over all valid answers and `Composite.outside_unit_interval` flags such a score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, cast

import yaml
from pydantic import Field, model_validator

from ..standards.schema import Model, Text

__all__ = [
    "DEFINITION_FILE",
    "DOMAINS",
    "AnswerProblem",
    "AnswersError",
    "AsiDefinition",
    "Composite",
    "Formula",
    "Item",
    "Kind",
    "Op",
    "Term",
    "composite",
    "composites",
    "definition",
    "items_of",
    "load_definition_text",
    "possible_range",
    "validate_answers",
]

DOMAINS: tuple[str, ...] = (
    "medical",
    "employment",
    "alcohol",
    "drug",
    "legal",
    "family_social",
    "psychiatric",
)
DEFINITION_FILE = Path(__file__).with_name("definition.yaml")

Domain = Literal[
    "medical", "employment", "alcohol", "drug", "legal", "family_social", "psychiatric"
]
ItemId = Annotated[str, Field(pattern=r"^[MEDLFP][0-9]{1,2}$")]
Answer = int | float | str | None


# --- the definition -----------------------------------------------------------------------


class Kind(StrEnum):
    days = "days"  # days in the past 30
    rating = "rating"  # the patient's 0-4 rating
    yes_no = "yes_no"  # 0/1 or False/True
    money = "money"  # whole kroner in the past 30 days
    choice = "choice"  # one of the named answers, recoded to a number


class Item(Model):
    id: ItemId
    domain: Domain  # the ASI section the item is asked in
    kind: Kind
    label_da: Text
    label_en: Text
    min: Annotated[int, Field(ge=0)] | None = None
    max: Annotated[int, Field(ge=0)] | None = None
    unit: str | None = None
    recode: dict[str, int] | None = None
    vista_field: Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+$")]
    verified: bool
    note: str | None = None

    @model_validator(mode="after")
    def _kind_fits(self) -> Item:
        if self.kind == Kind.choice:
            if not self.recode or self.min is not None or self.max is not None:
                raise ValueError(f"{self.id}: a choice item has a recode map and no min/max")
            return self
        if self.recode is not None:
            raise ValueError(f"{self.id}: only a choice item has a recode map")
        if self.min is None or self.max is None or self.min > self.max:
            raise ValueError(f"{self.id}: a numeric item needs min <= max")
        if self.kind == Kind.yes_no and (self.min, self.max) != (0, 1):
            raise ValueError(f"{self.id}: a yes/no item ranges over 0..1")
        if (self.kind == Kind.money) != (self.unit is not None):
            raise ValueError(f"{self.id}: money items, and only they, name their unit")
        return self

    def value_range(self) -> tuple[int, int]:
        if self.recode is not None:
            return min(self.recode.values()), max(self.recode.values())
        if self.min is None or self.max is None:
            raise ValueError(f"{self.id}: a number item needs min and max")
        return self.min, self.max


class Op(StrEnum):
    value = "value"  # item / divisor
    ln = "ln"  # ln(item) / divisor, ln of 0 counted as 0
    mean = "mean"  # mean(items) / divisor


class Term(Model):
    op: Op = Op.value
    item: ItemId | None = None
    items: tuple[ItemId, ...] = ()
    divisor: Annotated[float, Field(gt=0)]

    @model_validator(mode="after")
    def _shape(self) -> Term:
        if self.op == Op.mean:
            if self.item is not None or len(self.items) < 2:
                raise ValueError("a mean term names two or more `items` and no `item`")
            if len(set(self.items)) != len(self.items):
                raise ValueError("a mean term names each item once")
        elif self.item is None or self.items:
            raise ValueError(f"a {self.op} term names one `item`")
        return self

    @property
    def item_ids(self) -> tuple[str, ...]:
        return self.items if self.op == Op.mean else (str(self.item),)

    def render(self) -> str:
        divisor = f"{self.divisor:g}"
        if self.op == Op.ln:
            return f"ln({self.item})/{divisor}"
        if self.op == Op.mean:
            return f"mean({', '.join(self.items)})/{divisor}"
        return f"{self.item}/{divisor}"


class Formula(Model):
    formula: Text
    complement: bool = False
    terms: Annotated[tuple[Term, ...], Field(min_length=1)]

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(i for term in self.terms for i in term.item_ids)

    def render(self) -> str:
        summed = " + ".join(term.render() for term in self.terms)
        return f"1 - ({summed})" if self.complement else summed


class Routine(Model):
    routine: Text
    title: Text
    patch: Text
    domains: tuple[Domain, ...]
    repository: Text
    path: Text


class SourceFile(Model):
    file: Text
    repository: Text
    path: Text


class AsiSource(Model):
    name: Text
    licence: Text
    routines: Annotated[tuple[Routine, ...], Field(min_length=1)]
    item_texts: SourceFile
    rating_scale: SourceFile
    note: Text


class EuropAsi(Model):
    verified: bool
    note_da: Text
    note_en: Text


class AsiDefinition(Model):
    schema_version: Literal[1]
    instrument: Text
    edition: Text
    decimals: Annotated[int, Field(ge=0, le=6)]
    source: AsiSource
    europ_asi: EuropAsi
    items: tuple[Item, ...]
    domains: dict[Domain, Formula]

    @model_validator(mode="after")
    def _consistent(self) -> AsiDefinition:
        ids = [item.id for item in self.items]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"items used twice: {', '.join(twice)}")
        if tuple(self.domains) != DOMAINS:
            raise ValueError(f"the domains are exactly, in this order: {', '.join(DOMAINS)}")
        known = {item.id: item for item in self.items}
        used: set[str] = set()
        for domain, formula in self.domains.items():
            names = formula.item_ids
            unknown = [i for i in names if i not in known]
            if unknown:
                raise ValueError(f"{domain}: unknown items {', '.join(unknown)}")
            if len(set(names)) != len(names):
                raise ValueError(f"{domain}: an item is used twice in one composite")
            for term in formula.terms:
                if term.op == Op.ln and known[str(term.item)].kind == Kind.choice:
                    raise ValueError(f"{domain}: ln of a choice item ({term.item})")
            used.update(names)
        unused = [i for i in ids if i not in used]
        if unused:
            raise ValueError(f"items no composite uses: {', '.join(unused)}")
        covered = [d for r in self.source.routines for d in r.domains]
        if sorted(covered) != sorted(DOMAINS):
            raise ValueError("the source routines cover each domain exactly once")
        return self

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


class _DuplicateKey(ValueError):
    pass


def _refuse_duplicate_keys(node: yaml.Node | None) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                raise _DuplicateKey(f"line {key.start_mark.line + 1}: the key {key.value!r} twice")
            seen.add(key.value)
            _refuse_duplicate_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            _refuse_duplicate_keys(value)


# libyaml's safe loader when PyYAML was built with it (much faster), else the pure-Python one.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_definition_text(text: str) -> AsiDefinition:
    """Validate a definition given as YAML text (a repeated key is an error, not an override)."""
    node = yaml.compose(text, Loader=_SafeLoader)
    _refuse_duplicate_keys(node)
    # _SafeLoader is yaml.SafeLoader with a duplicate-key check: no arbitrary objects.
    data = yaml.load(text, Loader=_SafeLoader)  # nosec B506 # noqa: S506
    return AsiDefinition.model_validate(data)


@cache
def definition() -> AsiDefinition:
    """The shipped definition, validated once."""
    return load_definition_text(DEFINITION_FILE.read_text(encoding="utf-8"))


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Composite:
    domain: str
    score: float | None
    missing: tuple[str, ...]

    @property
    def outside_unit_interval(self) -> bool:
        """True for a score below 0 or above 1 (possible only through the ln money terms)."""
        return self.score is not None and not 0 <= self.score <= 1


@dataclass(frozen=True)
class AnswerProblem:
    item: str
    message_da: str
    message_en: str


class AnswersError(ValueError):
    """Invalid answers; `problems` lists them, the message names each in Danish and English."""

    def __init__(self, problems: list[AnswerProblem]):
        self.problems = problems
        lines = [f"- {p.item}: {p.message_da} / {p.message_en}" for p in problems]
        super().__init__("Ugyldige ASI-svar / Invalid ASI answers:\n" + "\n".join(lines))


# --- validation ---------------------------------------------------------------------------


def _whole_number(value: Any) -> int | None:
    """The value as an int if it is a whole number (not a bool, not NaN/inf), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _check(item: Item, value: Any) -> AnswerProblem | None:
    da = f"{item.id} »{item.label_da}«"
    en = f"{item.id} “{item.label_en}”"
    if item.kind == Kind.choice:
        if isinstance(value, str) and value in (item.recode or {}):
            return None
        options = ", ".join(repr(k) for k in item.recode or {})
        return AnswerProblem(
            item.id,
            f"{da} skal være en af {options}; fik {value!r}.",
            f"{en} must be one of {options}; got {value!r}.",
        )
    if item.kind == Kind.yes_no:
        if isinstance(value, bool) or _whole_number(value) in (0, 1):
            return None
        return AnswerProblem(
            item.id,
            f"{da} besvares ja/nej: 1 eller 0 (True eller False); fik {value!r}.",
            f"{en} takes yes/no: 1 or 0 (True or False); got {value!r}.",
        )
    unit = f" {item.unit}" if item.unit else ""
    number = _whole_number(value)
    if number is None:
        return AnswerProblem(
            item.id,
            f"{da} skal være et helt tal fra {item.min} til {item.max}{unit}; fik {value!r}.",
            f"{en} must be a whole number from {item.min} to {item.max}{unit}; got {value!r}.",
        )
    low, high = item.value_range()
    if not low <= number <= high:
        return AnswerProblem(
            item.id,
            f"{da} skal være mellem {item.min} og {item.max}{unit}; fik {value!r}.",
            f"{en} must be between {item.min} and {item.max}{unit}; got {value!r}.",
        )
    return None


def validate_answers(answers: Mapping[str, Answer]) -> list[AnswerProblem]:
    """Every problem with the answers: unknown items, wrong kinds, values out of range.

    None (or leaving an item out) is not a problem: it is a missing answer, and the domains that
    need it get no composite. Problems come in the definition's item order, unknown ids last.
    """
    known = {item.id: (n, item) for n, item in enumerate(definition().items)}
    found: list[tuple[tuple[int, str], AnswerProblem]] = []
    for key, value in answers.items():
        if key not in known:
            name = str(key)
            found.append(
                (
                    (len(known), name),
                    AnswerProblem(
                        name,
                        f"{key!r} er ikke et ASI-spørgsmål, der indgår i ASI's composite scores.",
                        f"{key!r} is not an ASI item used by the composite scores.",
                    ),
                )
            )
            continue
        if value is None:
            continue
        order, item = known[key]
        problem = _check(item, value)
        if problem is not None:
            found.append(((order, item.id), problem))
    return [problem for _, problem in sorted(found, key=lambda pair: pair[0])]


# --- computation --------------------------------------------------------------------------


def _formula(domain: str) -> Formula:
    domains = cast("dict[str, Formula]", definition().domains)
    formula = domains.get(domain) if isinstance(domain, str) else None
    if formula is None:
        raise ValueError(
            f"Ukendt ASI-domæne / unknown ASI domain: {domain!r} "
            f"(kendte / known: {', '.join(DOMAINS)})"
        )
    return formula


def items_of(domain: str) -> tuple[str, ...]:
    """The item ids the domain's composite needs, in formula order."""
    return _formula(domain).item_ids


@cache
def _items() -> dict[str, Item]:
    return {item.id: item for item in definition().items}


def _number(item: Item, value: Answer) -> float:
    if item.recode is not None:
        return float(item.recode[str(value)])
    if not isinstance(value, int | float):  # validated before: a bool or a whole number
        raise TypeError(f"{item.id}: {value!r} is not a number")
    return float(value)


def _ln(value: float) -> float:
    # Only values above 0 are logged; 0 contributes 0. Validated values are whole numbers >= 0,
    # so the logarithm is never negative.
    return math.log(value) if value > 0 else 0.0


def _term(term: Term, values: Mapping[str, float]) -> float:
    if term.op == Op.ln:
        return _ln(values[str(term.item)]) / term.divisor
    if term.op == Op.mean:
        return math.fsum(values[i] for i in term.items) / len(term.items) / term.divisor
    return values[str(term.item)] / term.divisor


def _round(value: float) -> float:
    return round(value, definition().decimals) + 0.0  # + 0.0 turns -0.0 into 0.0


def _score(domain: str, answers: Mapping[str, Answer]) -> Composite:
    formula = _formula(domain)
    missing = tuple(i for i in formula.item_ids if answers.get(i) is None)
    if missing:
        return Composite(domain, None, missing)
    values = {i: _number(_items()[i], answers[i]) for i in formula.item_ids}
    total = math.fsum(_term(term, values) for term in formula.terms)
    return Composite(domain, _round(1.0 - total if formula.complement else total), ())


def _valid(answers: Mapping[str, Answer]) -> None:
    problems = validate_answers(answers)
    if problems:
        raise AnswersError(problems)


def composite(domain: str, answers: Mapping[str, Answer]) -> Composite:
    """The domain's composite score, or None with the missing items named.

    Raises ValueError for an unknown domain, and `AnswersError` (a ValueError) listing the
    problems when any answer is invalid (callers validate first with `validate_answers`).
    """
    _formula(domain)
    _valid(answers)
    return _score(domain, answers)


def composites(answers: Mapping[str, Answer]) -> dict[str, Composite]:
    """All seven composites, in the order of DOMAINS."""
    _valid(answers)
    return {domain: _score(domain, answers) for domain in DOMAINS}


def possible_range(domain: str) -> tuple[float, float]:
    """The lowest and highest composite any valid complete answers can give (rounded).

    (0.0, 1.0) for medical, drug, family/social and psychiatric; the ln money terms take
    employment below 0 and alcohol and legal above 1 (see docs/asi.md).
    """
    formula = _formula(domain)
    low = high = 0.0
    for term in formula.terms:
        ranges = [_items()[i].value_range() for i in term.item_ids]
        if term.op == Op.ln:
            # ln over whole numbers >= 0 with ln(0) counted as 0 never decreases.
            (lo, hi) = ranges[0]
            low += _ln(lo) / term.divisor
            high += _ln(hi) / term.divisor
        else:
            low += sum(lo for lo, _ in ranges) / len(ranges) / term.divisor
            high += sum(hi for _, hi in ranges) / len(ranges) / term.divisor
    if formula.complement:
        low, high = 1.0 - high, 1.0 - low
    return _round(low), _round(high)
