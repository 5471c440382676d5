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


# --- municipalities for the database tests (tests/db, web, api, reports, registers, security) ---


@pytest.fixture
def her(db):
    """A municipality on Herning's standard with a centre, two teams and a user per role."""
    from tests.db.factories import Town

    return Town("herning")


@pytest.fixture
def had(db):
    """A municipality on Haderslev's standard."""
    from tests.db.factories import Town

    return Town("haderslev")


@pytest.fixture
def outreach_town(db, tmp_path, monkeypatch):
    """Herning's standard with the outreach programme enabled (no shipped standard enables it)."""
    import yaml

    from tests.db.factories import Town
    from vendepunkt.rules.standards.registry import SHIPPED_DIR

    data = yaml.safe_load((SHIPPED_DIR / "herning.yaml").read_text(encoding="utf-8"))
    data["id"] = "herning-udgaaende"
    data["programmes"] = ["outreach"]
    (tmp_path / "herning-udgaaende.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    monkeypatch.setenv("VENDEPUNKT_STANDARDS_DIRS", str(tmp_path))
    registry.load_all.cache_clear()
    yield Town("herning-udgaaende")
    monkeypatch.delenv("VENDEPUNKT_STANDARDS_DIRS")
    registry.load_all.cache_clear()
