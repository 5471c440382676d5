"""Read-log coverage over the whole web application (R48; SUL § 42 a; GDPR art. 15): every URL
pattern is called by a role allowed to use it, and any response that shows a person (a name or
a CPR number of the world's citizens) or hands over a file about them must have written a
read-log row for that person in the same request. The URLs are enumerated from the resolver."""

from __future__ import annotations

import pytest

from tests.security import world
from tests.security.expected import EXPECTED, PUBLIC, ROLES
from tests.security.test_authorization_matrix import _has_objects, _url
from tests.security.urls import web_routes
from tests.web.conftest import signed_in
from vendepunkt.audit.models import ReadLogEntry
from vendepunkt.citizens.models import Client

pytestmark = pytest.mark.django_db

# POST-only or onward-only URLs that answer every role with a redirect or a refusal.
REDIRECT_ONLY = {
    "citizen-link",
    "citizen-notification",
    "citizen-reminders-withdraw",
    "journal-note-sign",
    "outreach-assessment",
    "decision-new",
    "treatment-start",
    "notice-seen",
    "group-session-cancel",
    "calendar",  # to the user's own calendar
    "calendar-cancel",  # back to the appointment's page
}

FILES = ("application/pdf", "text/csv", "application/json", "application/vnd.openxmlformats")


def _caller(route) -> tuple[str, str, str] | None:
    """(method, label, role): the first role the matrix allows, by GET or, for POST-only URLs,
    by POST."""
    spec = EXPECTED[route.name]
    for label, method in (("own", "get"), ("get", "get"), ("own_post", "post"), ("post", "post")):
        codes = spec.get(label, "").split()
        for role, code in zip(ROLES, codes, strict=False):
            if code in ("200", "400"):
                return method, label, role
    return None


def test_every_response_with_personal_data_writes_the_read_log():
    w = world.build()
    people = {
        c.pk: (c.name, c.masked_cpr) for c in Client.objects.filter(municipality=w.a.municipality)
    }
    called, problems = 0, []
    for route in web_routes():
        if route.name in PUBLIC:
            continue
        caller = _caller(route)
        if caller is None:
            continue  # only redirects onwards for every role (the matrix checks them)
        method, _, role = caller
        client = signed_in(getattr(w.a, role))
        url = _url(route, w.own)
        before = ReadLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.get(url) if method == "get" else client.post(url, {})
        called += 1
        body = response.content.decode(errors="replace")
        shown = {pk for pk, (name, cpr) in people.items() if name in body or cpr in body}
        if any(response.get("Content-Type", "").startswith(f) for f in FILES) and _has_objects(
            route
        ):
            shown.add(w.own.client.pk)  # a file about the citizen of the URL
        logged = set(
            ReadLogEntry.objects.filter(id__gt=before, actor=getattr(w.a, role)).values_list(
                "client_id", flat=True
            )
        )
        missing = shown - logged
        if missing:
            problems.append(f"{route.name} ({role}): shows clients {sorted(missing)} unlogged")
    # every URL was called but those that only redirect onwards for every role (their redirect
    # shows no one; the matrix checks them)
    assert called >= len(EXPECTED) - len(REDIRECT_ONLY)
    assert not problems, "\n".join(problems)
