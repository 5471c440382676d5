"""The start page and the public document over HTTP (run on SQLite and on PostgreSQL)."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

MUNICIPALITIES = ("Haderslev Kommune", "Hjørring Kommune", "Herning Kommune", "Odsherred Kommune")


def test_start_page_lists_every_standard_with_links(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in MUNICIPALITIES:
        assert name in html
    for std_id in ("haderslev", "hjoerring", "herning", "odsherred"):
        assert (
            f'href="/standarder/{std_id}/"' in html and f'href="/standarder/{std_id}/pdf/"' in html
        )
    assert "Kvalitetsstandarder" in html  # Danish by default


def test_start_page_shows_when_a_version_was_recorded(client):
    assert "registreret" not in client.get("/").content.decode()
    call_command("sync_standards")
    assert client.get("/").content.decode().count("registreret") == 4


def test_start_page_query_count_does_not_grow_with_standards(client, django_assert_max_num_queries):
    call_command("sync_standards")
    with django_assert_max_num_queries(2):
        client.get("/")


def test_document_page(client):
    response = client.get("/standarder/herning/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Behandlingsgaranti" in html and 'id="sec-complaints"' in html
    assert '<link rel="stylesheet" href="/static/vendepunkt/document.css">' in html


def test_pdf_download(client):
    response = client.get("/standarder/odsherred/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'filename="kvalitetsstandard-odsherred.pdf"' in response["Content-Disposition"]


def test_unknown_standard_gets_a_bilingual_404_page(client):
    response = client.get("/standarder/atlantis/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden findes ikke / Page not found" in html and "Traceback" not in html


def test_only_safe_methods(client):
    assert client.post("/").status_code == 405
    assert client.post("/standarder/herning/").status_code in (403, 405)


def test_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_language_switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<html lang="en">' in html
        and "Quality standards" in html
        and "Kvalitetsstandarder" not in html
    )
