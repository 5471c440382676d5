"""The authorization matrix over the whole web application (R46, R48): every URL pattern from
the resolver, called as every role, as users of another municipality and signed out, on the
objects of the own team, another team and another municipality. The expected outcome is the
table in `expected.py`; a refused response carries no personal data, and a refused POST writes
nothing. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.test_matrix import ALLOWED as API_ALLOWED
from tests.security import world
from tests.security.expected import EXPECTED, PUBLIC, ROLES
from tests.security.urls import kind_of, routes, web_routes
from tests.web.conftest import signed_in
from vendepunkt.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

FORMATS = {"fmt": "csv", "standard_id": "herning"}
# The API's own description: the schema and its interactive page, and django-ninja's root (404):
# no personal data.
API_PUBLIC = {"openapi-json", "openapi-view", "api-root"}


@pytest.fixture
def w():
    return world.build()


def _url(route, case) -> str:
    kwargs = {}
    for arg in route.args:
        kwargs[arg] = FORMATS[arg] if arg in FORMATS else getattr(case, kind_of(route, arg)).pk
    return reverse(route.name, kwargs=kwargs)


def _names(w) -> tuple[str, ...]:
    return w.names()


def _has_objects(route) -> bool:
    return any(a not in FORMATS for a in route.args)


def test_every_url_is_in_the_matrix():
    names = {r.name for r in web_routes()}
    assert names - PUBLIC - set(EXPECTED) == set(), "add the new URLs to tests/security/expected.py"
    assert set(EXPECTED) - names == set(), "remove URLs that no longer exist"
    # the API's operations are in its own matrix, made from the OpenAPI schema
    api = {r.name for r in routes() if r.api}
    assert api - set(API_ALLOWED) <= API_PUBLIC, (
        "add the new operations to tests/api/test_matrix.py"
    )


def test_authorization_matrix(w):
    clients = {role: signed_in(getattr(w.a, role)) for role in ROLES}
    problems: list[str] = []

    def check(route, label, url, codes, method="get"):
        expected = EXPECTED[route.name][label].split()
        for role, want in zip(ROLES, expected, strict=True):
            before = AuditEntry.objects.count()
            call = getattr(clients[role], method)
            response = call(url) if method == "get" else call(url, {})
            got = str(response.status_code)
            if got != want:
                problems.append(f"{route.name} {label} {role}: {got}, expected {want}")
            if got in ("403", "404"):
                body = response.content.decode(errors="replace")
                leaked = [n for n in _names(w) if n in body]
                if leaked:
                    problems.append(f"{route.name} {label} {role}: refusal shows {leaked}")
                if AuditEntry.objects.count() != before:
                    problems.append(f"{route.name} {label} {role}: a refused call wrote")

    for route in web_routes():
        if route.name in PUBLIC:
            continue
        spec = EXPECTED[route.name]
        if not _has_objects(route):
            check(route, "get", _url(route, w.own), spec["get"])
            if "post" in spec:
                check(route, "post", _url(route, w.own), spec["post"], method="post")
            continue
        for label, case in (("own", w.own), ("other_team", w.other_team)):
            url = _url(route, case)
            check(route, label, url, spec[label])
            if f"{label}_post" in spec:
                check(route, f"{label}_post", url, spec[f"{label}_post"], method="post")
    assert not problems, "\n".join(problems)


def test_another_municipalitys_objects_are_not_found_for_anyone(w):
    """Every role of A on B's objects, and B's staff on A's objects: 404, nothing shown, nothing
    written, for GET and POST alike."""
    callers = [signed_in(getattr(w.a, role)) for role in ROLES]
    callers += [signed_in(w.b.centre_leader), signed_in(w.b.treater)]
    problems = []
    for route in web_routes():
        if route.name in PUBLIC or not _has_objects(route):
            continue
        for case, who in ((w.other_town, callers[: len(ROLES)]), (w.own, callers[len(ROLES) :])):
            url = _url(route, case)
            for client in who:
                before = AuditEntry.objects.count()
                for response in (client.get(url), client.post(url, {})):
                    if response.status_code not in (404, 405):
                        problems.append(f"{route.name}: {response.status_code}")
                    if any(n in response.content.decode(errors="replace") for n in _names(w)):
                        problems.append(f"{route.name}: a name in the refusal")
                if AuditEntry.objects.count() != before:
                    problems.append(f"{route.name}: wrote across municipalities")
    assert not problems, "\n".join(problems)


def test_signed_out_visitors_are_sent_to_the_login_page(w):
    anonymous = Client()
    problems = []
    for route in web_routes():
        if route.name in PUBLIC:
            continue
        url = _url(route, w.own)
        for response in (anonymous.get(url), anonymous.post(url, {})):
            location = response.get("Location", "")
            if response.status_code == 405:
                continue
            if response.status_code != 302 or not location.startswith("/login/"):
                problems.append(f"{route.name}: {response.status_code} {location}")
    assert not problems, "\n".join(problems)


def test_the_apis_own_description_holds_no_personal_data(w):
    for path in ("/api/", "/api/openapi.json", "/api/docs"):
        body = Client().get(path).content.decode(errors="replace")
        assert not any(name in body for name in _names(w)), path
