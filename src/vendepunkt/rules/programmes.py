"""Programme definitions any municipality can enable, e.g. the outreach model (UDG, R8, R26).

A programme has an eligibility rule on ASI composite scores: a minimum score in at least N of a
set of life areas, where an area may be measured by more than one ASI domain (the seed's
"fysisk og/eller psykisk helbred" is one area measured by the medical and psychiatric
composites). The other criteria of the target group are the assessor's judgement and are
answered yes/no.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field

from .standards.schema import Id, LegalBasisId, Model, Source, Text

PROGRAMMES_DIR = Path(__file__).resolve().parents[1] / "standards" / "programmes"
ASI_DOMAINS = ("medical", "employment", "alcohol", "drug", "legal", "family_social", "psychiatric")


class Area(Model):
    id: Id
    name: Text
    asi_domains: tuple[Annotated[str, Field(pattern="^(" + "|".join(ASI_DOMAINS) + ")$")], ...]


class ScoreRule(Model):
    minimum_score: Annotated[float, Field(ge=0, le=1)]
    at_least_areas: Annotated[int, Field(ge=1)]
    areas: tuple[Area, ...]
    source: Source


class Criterion(Model):
    id: Id
    text: Text
    source: Source


class Phase(Model):
    id: Id
    name: Text
    source: Source


class Component(Model):
    id: Id
    text: Text
    element: Annotated[str, Field(pattern="^(outreach|flexible_frames)$")]
    source: Source


class Programme(Model):
    id: Id
    name: Text
    source_document: Text
    legal_bases: tuple[LegalBasisId, ...]
    purpose: Text
    criteria: tuple[Criterion, ...]
    score_rule: ScoreRule
    phases: tuple[Phase, ...]
    components: tuple[Component, ...]
    principles: tuple[Criterion, ...]
    organisation: tuple[Criterion, ...]
    competences: tuple[Criterion, ...]
    referrals: tuple[Criterion, ...] = ()


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    areas_met: tuple[str, ...]
    areas_unknown: tuple[str, ...]
    criteria_unmet: tuple[str, ...]


def assess(
    programme: Programme, scores: dict[str, float | None], criteria: dict[str, bool]
) -> Eligibility:
    """R8: is a citizen in the programme's target group, given ASI composites and the yes/no criteria?

    An area is met when any of its domains scores at least the minimum; an area whose domains
    all lack a score is unknown (never counted as met).
    """
    rule = programme.score_rule
    met, unknown = [], []
    for area in rule.areas:
        values = [scores.get(d) for d in area.asi_domains]
        if any(v is not None and v >= rule.minimum_score for v in values):
            met.append(area.id)
        elif all(v is None for v in values):
            unknown.append(area.id)
    unmet = tuple(c.id for c in programme.criteria if not criteria.get(c.id, False))
    eligible = len(met) >= rule.at_least_areas and not unmet
    return Eligibility(eligible, tuple(met), tuple(unknown), unmet)


def load_programme(path: Path) -> Programme:
    return Programme.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@cache
def programmes() -> dict[str, Programme]:
    found = (load_programme(p) for p in sorted(PROGRAMMES_DIR.glob("*.yaml")))
    return {p.id: p for p in found}
