"""The register variable sets and code lists (`codes.yaml`), loaded and checked once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CODES_FILE = Path(__file__).with_name("codes.yaml")
STATUSES = ("published", "provisional")


@dataclass(frozen=True)
class Variable:
    name: str
    status: str
    source: str
    da: str
    en: str
    codes: str | None = None
    list: bool = False
    recorded: bool = True


@dataclass(frozen=True)
class Register:
    id: str
    name_da: str
    name_en: str
    tracks: tuple[str, ...]
    excluded_tracks: tuple[str, ...]
    anonymous_allowed: bool
    deadline_da: str
    deadline_en: str
    deadline_source: str
    variables: tuple[Variable, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.variables)

    def variable(self, name: str) -> Variable:
        return next(v for v in self.variables if v.name == name)


@dataclass(frozen=True)
class CodeList:
    id: str
    status: str
    source: str
    codes: dict[str, str]


@dataclass(frozen=True)
class Codes:
    version: int
    sources: dict[str, str]
    registers: dict[str, Register]
    code_lists: dict[str, CodeList]


class CodesFileError(ValueError):
    pass


def parse(data: dict[str, Any]) -> Codes:
    """Build and check the code file's content: every status known, every source and every code
    list a variable names defined."""
    try:
        sources = dict(data["sources"])
        code_lists = {
            k: CodeList(
                k, v["status"], v["source"], {str(a): str(b) for a, b in v["codes"].items()}
            )
            for k, v in data["code_lists"].items()
        }
        registers = {
            k: Register(
                id=k,
                name_da=v["name_da"],
                name_en=v["name_en"],
                tracks=tuple(v["tracks"]),
                excluded_tracks=tuple(v["excluded_tracks"]),
                anonymous_allowed=bool(v["anonymous_allowed"]),
                deadline_da=v["deadline_da"],
                deadline_en=v["deadline_en"],
                deadline_source=v["deadline_source"],
                variables=tuple(Variable(**var) for var in v["variables"]),
            )
            for k, v in data["registers"].items()
        }
        codes = Codes(int(data["version"]), sources, registers, code_lists)
    except (KeyError, TypeError, ValueError) as exc:
        raise CodesFileError(f"register code file: {exc!r}") from exc
    problems = []
    for cl in code_lists.values():
        if cl.status not in STATUSES or cl.source not in sources:
            problems.append(f"code list {cl.id}: status {cl.status!r} / source {cl.source!r}")
    for reg in registers.values():
        if reg.deadline_source not in sources:
            problems.append(f"{reg.id}: deadline source {reg.deadline_source!r}")
        names = [v.name for v in reg.variables]
        if len(set(names)) != len(names):
            problems.append(f"{reg.id}: duplicate variable names")
        for var in reg.variables:
            if var.status not in STATUSES or var.source not in sources:
                problems.append(
                    f"{reg.id}.{var.name}: status {var.status!r} / source {var.source!r}"
                )
            if var.codes is not None and var.codes not in code_lists:
                problems.append(f"{reg.id}.{var.name}: unknown code list {var.codes!r}")
    if problems:
        raise CodesFileError("register code file: " + "; ".join(problems))
    return codes


@cache
def load_codes(path: Path = CODES_FILE) -> Codes:
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")))
