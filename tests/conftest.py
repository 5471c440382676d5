import datetime as dt
import json
import logging
import os
import re
import uuid
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
ARTIFACTS = PROJECT / "test-artifacts"


# --- the shared cache: each run keys under a prefix of its own (D46b) ---------------------------


def _isolate_the_cache() -> str:
    """A key prefix for this run, before any cache is made, so that runs sharing one Redis never
    see nor clear each other's keys; subprocesses (gunicorn in a test) inherit it."""
    from django.conf import settings

    prefix = f"vendepunkt-test-{uuid.uuid4().hex[:12]}"
    os.environ["VENDEPUNKT_CACHE_KEY_PREFIX"] = prefix
    settings.CACHES["default"]["KEY_PREFIX"] = prefix
    return prefix


CACHE_PREFIX = _isolate_the_cache()


def _isolate_the_filing_storage() -> None:
    """The filed documents of this run in a folder of its own (filing/storage.py), removed by the
    system's temporary-files cleanup; subprocesses (gunicorn in a test) inherit it."""
    import tempfile

    from django.conf import settings

    inner = settings.STORAGES["filing"]["OPTIONS"]["inner"]
    if inner["BACKEND"].endswith("FileSystemStorage"):
        location = tempfile.mkdtemp(prefix="vendepunkt-test-filing-")
        os.environ["VENDEPUNKT_FILING_DIR"] = location
        inner["OPTIONS"]["location"] = location


_isolate_the_filing_storage()


@pytest.fixture(scope="session", autouse=True)
def _shared_cache_cleared_after_the_run():
    from django.conf import settings

    expected = os.environ.get("VENDEPUNKT_EXPECT_CACHE")
    backend = settings.CACHES["default"]["BACKEND"]
    if expected == "redis":
        assert backend.endswith("RedisCache"), f"the tier asks for Redis, the cache is {backend}"
    yield
    if backend.endswith("RedisCache"):
        from django.core.cache import caches

        caches["default"].clear()  # only this run's prefix (vendepunkt.cache)


# --- the application log of the whole run, checked for personal data (D46a) ---------------------

# A CPR number (ddmmyy-nnnn or ten digits), an e-mail address and the demo generator's names.
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
CPR_PATTERN = re.compile(r"(?<![\d.:])\d{6}-?\d{4}(?![\d.])")


def demo_names() -> list[str]:
    from vendepunkt.courses import demo

    return [*demo.FIRST, *demo.LAST]


def personal_data_in(text: str) -> list[str]:
    """The CPR numbers, e-mail addresses and demo names in `text` (a log), each once."""
    found = set(CPR_PATTERN.findall(text)) | set(EMAIL_PATTERN.findall(text))
    for name in demo_names():
        if re.search(rf"\b{re.escape(name)}\b", text):
            found.add(name)
    return sorted(found)


# The loggers whose lines the run's log keeps: the application's, Django's and the sign-in
# libraries'. Not the root logger: Django's setup again in the run (a test that loads
# vendepunkt.wsgi, the CLI) replaces the root's handlers; each test puts the handler back where a
# setup took it away.
RUN_LOGGERS = ("vendepunkt", "django", "axes", "mozilla_django_oidc")


@pytest.fixture(scope="session")
def application_log_handler():
    """Every line the application logs during the run, in JSON, in test-artifacts/; at the end of
    the run no line may hold a CPR number or a demo name."""
    from pythonjsonlogger.json import JsonFormatter

    from vendepunkt.logs import WithoutRequest

    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"application-log-{os.getpid()}.jsonl"
    path.write_text("", encoding="utf-8")
    # Appending: Django's setup closes every handler (logging.config), and a handler opened for
    # writing ("w") would then drop every later line instead of opening the file again.
    handler = logging.FileHandler(path, mode="a", encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(WithoutRequest())  # as the console handler of settings.LOGGING
    yield handler
    for name in RUN_LOGGERS:
        logging.getLogger(name).removeHandler(handler)
    handler.close()
    text = path.read_text(encoding="utf-8")
    leaks = [
        (json.loads(line).get("message"), personal_data_in(line))
        for line in text.splitlines()
        if personal_data_in(line)
    ]
    assert not leaks, f"personal data in the application log ({path}): {leaks[:5]}"


@pytest.fixture(autouse=True)
def application_log(application_log_handler):
    for name in RUN_LOGGERS:
        logger = logging.getLogger(name)
        if application_log_handler not in logger.handlers:
            logger.addHandler(application_log_handler)
    return application_log_handler.baseFilename


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
