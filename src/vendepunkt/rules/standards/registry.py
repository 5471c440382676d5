"""The set of standard files the system runs on: the shipped ones plus any extra directories.

`VENDEPUNKT_STANDARDS_DIRS` (colon-separated) adds directories; a file there with the same id
as a shipped file replaces it. Files are loaded once per process and keyed by standard id.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from .loader import LoadedStandard, StandardFileError, load_standard

SHIPPED_DIR = Path(__file__).resolve().parents[2] / "standards"


def standard_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("VENDEPUNKT_STANDARDS_DIRS", "").split(":") if p]
    return [SHIPPED_DIR, *extra]


def standard_files() -> list[Path]:
    return [f for d in standard_dirs() if d.is_dir() for f in sorted(d.glob("*.yaml"))]


@cache
def load_all() -> dict[str, LoadedStandard]:
    """Every standard by id. A broken file stops the process with its problems listed."""
    loaded: dict[str, LoadedStandard] = {}
    problems = []
    for path in standard_files():
        try:
            item = load_standard(path)
        except StandardFileError as exc:
            problems.extend(exc.problems)
            continue
        loaded[item.standard.id] = item
    if problems:
        raise StandardFileError(problems)
    return dict(sorted(loaded.items(), key=lambda kv: kv[1].standard.municipality.name))


def get(standard_id: str) -> LoadedStandard | None:
    return load_all().get(standard_id)
