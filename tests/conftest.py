import datetime as dt
from pathlib import Path

import pytest

from vendepunkt.rules.standards import registry

PROJECT = Path(__file__).resolve().parents[1]
# The seed documents live beside the project (../shared/seeds) for developers and CI alike.
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_FILES = {
    "HAD": "haderslev-kvalitetsstandard-2024.txt",
    "ODS": "odsherred-kvalitetsstandard-2025-2026.txt",
    "HJO": "hjoerring-kvalitetsstandard-stofmisbrug-2024.txt",
    "HER": "herning-kvalitetsstandard-2020-2021.txt",
    "UDG": "udgaaende-stofmisbrugsbehandling-modelbeskrivelse.txt",
}
SHIPPED = ("haderslev", "hjoerring", "herning", "odsherred")
# The fixed date the pinned lint findings are computed for.
PINNED_TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    assert SEEDS_DIR.is_dir(), f"the seed documents are missing: {SEEDS_DIR}"
    return {doc: (SEEDS_DIR / name).read_text(encoding="utf-8") for doc, name in SEED_FILES.items()}


@pytest.fixture(scope="session")
def shipped():
    return registry.load_all()
