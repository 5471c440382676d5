"""The application log (issue 11 § 5, D46a): each logged event leaves its line, and no line holds
a CPR number, a name, an e-mail address, a user name or a query string. The whole run's log is
checked for the demo CPR numbers and names at the end of every run (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from tests.api.conftest import api_as
from tests.conftest import personal_data_in
from tests.db.factories import cpr_for
from tests.registers.conftest import last_month, make_course
from vendepunkt.logs import RequestLogMiddleware, WithoutRequest

pytestmark = pytest.mark.django_db

NAME = "Alma Demoager"  # a demo generator's name (courses/demo.py)
CPR = cpr_for(dt.date(1979, 5, 6), seed=42)
EMAIL = "alma.demoager@example.org"


def lines(caplog, message: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.getMessage() == message]


def assert_clean(records: list[logging.LogRecord], *secrets: str) -> None:
    """The records as the JSON formatter writes them hold none of `secrets` nor any CPR number
    or demo name."""
    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    without_request = WithoutRequest()  # as settings.LOGGING's handler
    for record in records:
        without_request.filter(record)
        text = formatter.format(record)
        json.loads(text)  # one JSON object a line
        assert personal_data_in(text) == [], text
        for secret in secrets:
            assert secret not in text, (secret, text)


def test_the_checker_finds_what_it_looks_for():
    assert personal_data_in(f'{{"message": "x", "cpr": "{CPR}"}}') == [CPR]
    assert personal_data_in('{"message": "Alma Demoager"}') == ["Alma", "Demoager"]
    assert personal_data_in('{"message": "x", "user": "alma@example.org"}') == ["alma@example.org"]
    assert personal_data_in('{"time": "2026-12-03 13:32:15,649", "user_id": 12}') == []


def test_a_conflict_is_logged_without_the_body(her, caplog):
    caplog.set_level(logging.INFO)
    api = api_as(her.visitation_caseworker)
    body = {"cpr": CPR, "name": NAME}
    assert api.post("/api/clients?navn=Alma+Demoager", body).status_code == 201
    assert api.post("/api/clients?navn=Alma+Demoager", body).status_code == 409
    [line] = lines(caplog, "conflict")
    assert line.status == 409 and line.method == "POST" and line.route == "api/clients"
    assert line.user_id == her.visitation_caseworker.pk
    assert_clean(caplog.records, "navn", CPR, NAME)


def test_a_server_error_is_logged_with_its_route_only(her):
    request = RequestFactory().get("/borgere/?q=Alma+Demoager")
    request.user = her.treater

    def boom(request):
        return HttpResponse("fejl", status=503)

    logger = logging.getLogger("vendepunkt")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        RequestLogMiddleware(boom)(request)
        RequestLogMiddleware(lambda r: HttpResponse(status=200))(request)
    finally:
        logger.removeHandler(handler)
    [line] = records
    assert line.getMessage() == "server_error" and line.levelno == logging.ERROR
    assert line.status == 503 and line.user_id == her.treater.pk
    assert_clean(records, "Alma", "q=")


def test_a_rate_limit_refusal_is_logged_with_its_scope_only(her, settings, caplog):
    from django.core.cache import cache

    caplog.set_level(logging.INFO)
    cache.clear()
    settings.VENDEPUNKT_API_RATE_LIMIT = 1
    api = api_as(her.treater)
    assert api.get("/api/me").status_code == 200
    assert api.get("/api/me").status_code == 429
    [line] = lines(caplog, "rate_limited")
    assert line.scope == "vendepunkt-api-rate" and line.limit == 1
    assert_clean(caplog.records, "token:")
    cache.clear()


def test_a_sign_in_failure_is_logged_by_user_id_not_name(her, caplog):
    from django.test import Client

    caplog.set_level(logging.INFO)
    user = her.treater
    user.email = EMAIL
    user.save()
    Client().post("/login/", {"username": user.username, "password": "forkert"})
    Client().post("/login/", {"username": EMAIL, "password": "forkert"})
    known, unknown = lines(caplog, "sign_in_failed")
    assert known.user_id == user.pk and unknown.user_id is None
    # django-axes' own lines name the user and the address: only its errors are logged
    assert logging.getLogger("axes").getEffectiveLevel() == logging.ERROR
    assert_clean(
        [r for r in caplog.records if r.levelno >= logging.getLogger(r.name).getEffectiveLevel()],
        user.username,
        EMAIL,
        "forkert",
    )


@override_settings(
    OIDC_RP_CLIENT_ID="vendepunkt",
    OIDC_RP_CLIENT_SECRET="hemmelig",
    OIDC_OP_AUTHORIZATION_ENDPOINT="https://idp.invalid/auth",
    OIDC_OP_TOKEN_ENDPOINT="https://idp.invalid/token",
    OIDC_OP_USER_ENDPOINT="https://idp.invalid/user",
    OIDC_OP_JWKS_ENDPOINT="https://idp.invalid/jwks",
    OIDC_RP_SIGN_ALGO="RS256",
    OIDC_MUNICIPALITY_CODE="herning-1",
)
def test_an_oidc_error_is_logged_with_its_kind_only(her, caplog):
    from django.contrib.sessions.backends.db import SessionStore

    from vendepunkt.accounts.oidc import MunicipalOIDCBackend

    caplog.set_level(logging.INFO)
    request = RequestFactory().get(f"/oidc/callback/?code=abc&state=xyz&login_hint={EMAIL}")
    request.session = SessionStore()  # no state stored: the callback is refused
    with pytest.raises(Exception) as raised:
        MunicipalOIDCBackend().authenticate(request)
    [line] = lines(caplog, "oidc_error")
    assert line.error == type(raised.value).__name__
    assert_clean(caplog.records, EMAIL, "abc", "xyz")


def test_register_and_retention_runs_are_logged(her, caplog):
    caplog.set_level(logging.INFO)
    period, _ = last_month()
    course = make_course(her)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "registers",
        "smdb",
        "--period",
        period,
        "--validate-only",
        "--municipality",
        her.municipality.code,
        "--user",
        her.centre_leader.username,
        stdout=out,
        stderr=err,
    )
    [register] = lines(caplog, "register_run")
    assert register.register == "smdb" and register.exit_code == 0
    call_command("retention", stdout=io.StringIO())
    [retention] = lines(caplog, "retention_run")
    assert retention.applied is False and retention.clients == 0
    assert_clean(caplog.records, course.client.cpr, her.centre_leader.username)


def test_django_s_own_lines_name_the_url_pattern_and_errors_lose_their_message(her):
    from vendepunkt.logs import WithoutRequest

    request = RequestFactory().get(f"/api/clients/{CPR}?navn=Alma")
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "%s: %s", ("Not Found", request.path), None
    )
    record.request = request
    try:
        raise ValueError(f"ugyldigt CPR-nummer {CPR}", "0101901234")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    WithoutRequest().filter(record)
    assert record.getMessage() == "Not Found: (unresolved)"
    assert "ValueError" in record.exc_text and "Traceback" in record.exc_text
    assert_clean([record], CPR, "Alma", "navn")
