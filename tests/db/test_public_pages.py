"""The public pages under load (issue 10 § 5): the standard's PDF rendered once and then served
from the "documents" cache (D41a), and the rate limit per client address for visitors who are
not signed in (D41b). Run on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools

import pytest
import yaml
from django.core.cache import cache
from django.core.files import locks
from django.test import Client, override_settings

from tests.web.conftest import signed_in
from vendepunkt.rules.standards import registry
from vendepunkt.rules.standards.registry import SHIPPED_DIR
from vendepunkt.web import views

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(tmp_path):
    """The documents cache in a directory of the test's own, and fresh rate-limit counters."""
    location = tmp_path / "documents"
    caches_setting = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "documents": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(location),
        },
    }
    with override_settings(CACHES=caches_setting):
        cache.clear()
        yield location
        cache.clear()


@pytest.fixture(autouse=True)
def one_window(monkeypatch):
    """The rate limit counts in fixed windows of the clock: the tests' requests fall in the middle
    of one window, so a window that ends during a test cannot reset the count."""
    from types import SimpleNamespace

    monkeypatch.setattr("vendepunkt.ratelimit.time", SimpleNamespace(time=lambda: 1_800_000_030.0))


@pytest.fixture
def renders(monkeypatch):
    """Count the PDF renderings (a stand-in for WeasyPrint's 11–14 s)."""
    calls = []
    counter = itertools.count(1)

    def fake(loaded, today, *, annex=None):
        calls.append((loaded.standard.id, loaded.sha256, annex.year if annex else None))
        return f"%PDF-fake {next(counter)}".encode()

    monkeypatch.setattr(views, "render_document_pdf", fake)
    return calls


def _stored(location) -> int:
    return len(list(location.glob("*.djcache")))


def test_second_request_serves_the_stored_file(documents, renders):
    first = Client().get("/standarder/odsherred/pdf/")
    second = Client().get("/standarder/odsherred/pdf/")
    assert first.status_code == second.status_code == 200
    assert second["Content-Type"] == "application/pdf"
    assert first.content == second.content == b"%PDF-fake 1"
    assert len(renders) == 1 and _stored(documents) == 1


def test_each_annex_year_and_language_has_its_own_file(documents, renders, her):
    client = Client()
    client.get("/standarder/herning/pdf/?aar=2024")
    client.get("/standarder/herning/pdf/?aar=2025")
    client.get("/standarder/herning/pdf/?aar=2024")
    client.cookies["django_language"] = "en"
    client.get("/standarder/herning/pdf/?aar=2024")
    assert [year for _, _, year in renders] == [2024, 2025, 2024]
    assert _stored(documents) == 3


def test_a_changed_standard_version_gives_a_new_file(documents, renders, tmp_path, monkeypatch):
    client = Client()
    before = client.get("/standarder/herning/pdf/").content
    # The municipality revises its standard: a file with the same id replaces the shipped one.
    data = yaml.safe_load((SHIPPED_DIR / "herning.yaml").read_text(encoding="utf-8"))
    data["document"]["title"] += " (revideret)"
    revised = tmp_path / "standards"
    revised.mkdir()
    (revised / "herning.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    monkeypatch.setenv("VENDEPUNKT_STANDARDS_DIRS", str(revised))
    registry.load_all.cache_clear()
    try:
        after = client.get("/standarder/herning/pdf/").content
        again = client.get("/standarder/herning/pdf/").content
    finally:
        monkeypatch.delenv("VENDEPUNKT_STANDARDS_DIRS")
        registry.load_all.cache_clear()
    assert before != after == again
    assert len(renders) == 2 and renders[0][1] != renders[1][1]
    assert _stored(documents) == 2


def test_one_rendering_at_a_time_a_second_request_is_told_to_retry(documents, renders):
    """While another worker renders (it holds the lock), a request for a document that is not
    stored yet is answered at once with 503 and Retry-After, not by a second rendering."""
    documents.mkdir()
    with (documents / "render.lock").open("ab") as held:
        assert locks.lock(held, locks.LOCK_EX | locks.LOCK_NB)
        response = Client().get("/standarder/odsherred/pdf/")
        locks.unlock(held)
    assert response.status_code == 503 and response["Retry-After"] == "15"
    html = response.content.decode()
    assert "Dokumentet dannes / The document is being prepared" in html
    assert renders == []
    assert Client().get("/standarder/odsherred/pdf/").status_code == 200


@override_settings(VENDEPUNKT_PUBLIC_RATE_LIMIT=3, VENDEPUNKT_PUBLIC_RATE_WINDOW=60)
def test_anonymous_requests_are_limited_per_address(documents, renders):
    visitor = Client(REMOTE_ADDR="198.51.100.7")
    codes = [
        visitor.get(url).status_code
        for url in ("/", "/standarder/herning/", "/standarder/herning/pdf/", "/")
    ]
    assert codes == [200, 200, 200, 429]
    limited = visitor.get("/standarder/herning/pdf/")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    html = limited.content.decode()
    assert "For mange forespørgsler / Too many requests" in html
    assert f"Prøv igen om {limited['Retry-After']} sekunder" in html
    assert f"try again in {limited['Retry-After']} seconds" in html
    # Another address has its own count.
    assert Client(REMOTE_ADDR="198.51.100.8").get("/").status_code == 200


@override_settings(VENDEPUNKT_PUBLIC_RATE_LIMIT=2, VENDEPUNKT_TRUST_X_FORWARDED_FOR=True)
def test_behind_a_trusted_proxy_the_forwarded_address_counts(documents):
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(2):
        assert Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").get("/").status_code == 200
    assert Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").get("/").status_code == 429
    # The client's own claim before the proxy's entry does not change the count.
    spoofed = Client(**proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert spoofed.get("/").status_code == 429
    assert Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.6").get("/").status_code == 200


@override_settings(VENDEPUNKT_PUBLIC_RATE_LIMIT=2)
def test_staff_are_not_limited(documents, renders, her):
    staff = signed_in(her.treater)
    for _ in range(5):
        assert staff.get("/arbejdsliste/").status_code == 200
        assert staff.get("/").status_code == 200
        assert staff.get("/standarder/herning/pdf/").status_code == 200
    assert len(renders) == 1
    # The same address, not signed in, is limited.
    assert [Client().get("/").status_code for _ in range(3)] == [200, 200, 429]
