"""Security headers on every kind of response, and HTTPS-only behaviour when deployed so."""

import pytest

from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_a_staff_page_carries_the_security_headers(her):
    response = signed_in(her.treater).get("/arbejdsliste/")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"  # a page with personal data is never cached
    assert "camera=()" in response["Permissions-Policy"]


def test_https_only_redirects_plain_http_and_sends_hsts(her, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = signed_in(her.treater)
    plain = client.get("/arbejdsliste/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get("/arbejdsliste/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
