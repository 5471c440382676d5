"""Every staff page at phone width (390 px) and at desktop width (1280 px): no sideways scrolling
of the page itself (a wide table scrolls inside its own captioned container), and no axe-core
violations (issue 13 § 6). The pages are the ones each role may open with GET in the security
matrix (tests/security/expected.py), on the security tests' world, plus the public pages.

One browser, one signed-in context per role (the session of a verified TOTP sign-in, as in the
web tests), one page reused for every URL; axe runs once per page and role, at phone width."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.conftest import AXE, screenshot
from tests.security import world
from tests.security.expected import EXPECTED, PUBLIC, ROLES
from tests.security.urls import kind_of, web_routes
from tests.web.conftest import signed_in
from vendepunkt.courses.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1280)
FORMATS = {"fmt": "csv", "standard_id": "herning"}
# Downloads, not pages: CSV, PDF and spreadsheet exports.
DOWNLOADS = {
    "citizen-access-log-csv",
    "document-download",
    "decision-letter-pdf",
    "reports-annex-pdf",
    "reports-export",
    "reports-annex-export",
    "standard-pdf",
}
# HTMX fragments answered to GET (swapped into a page, not pages of their own).
FRAGMENTS = {"complaint-route", "decision-eligibility"}
PUBLIC_PAGES = ("start", "login", "standard-document")
AXE_RUN = (
    "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
)
MEASURE = (
    "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
    " wide: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
    " > window.innerWidth + 1 && !e.closest('.table-scroll, .table-wrap, .sr-only, .skip-link'))"
    ".slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +"
    " (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''))})"
)


def _url(route, case) -> str:
    kwargs = {}
    for arg in route.args:
        kwargs[arg] = FORMATS[arg] if arg in FORMATS else getattr(case, kind_of(route, arg)).pk
    return reverse(route.name, kwargs=kwargs)


def pages_of(w, role: str) -> list[tuple[str, str]]:
    """(name, url) of every page `role` may open with GET, on the own team's objects."""
    index = ROLES.index(role)
    found = []
    for route in web_routes():
        if route.name in PUBLIC or route.name in DOWNLOADS or route.name in FRAGMENTS:
            continue
        spec = EXPECTED[route.name]
        label = "own" if "own" in spec else "get"
        if spec[label].split()[index] != "200":
            continue
        found.append((route.name, _url(route, w.own)))
    if role in ("visitation_caseworker", "centre_leader"):
        # the decision form of an application still waiting (the world's own one is decided)
        waiting = Application.objects.get(contact_course__client=w.waiting, decision__isnull=True)
        found.append(("decision-new (waiting)", reverse("decision-new", args=[waiting.pk])))
    return found


def _check(page, name: str, role: str, problems: list[str], *, axe: bool) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        seen = page.evaluate(MEASURE)
        if seen["scroll"] > seen["inner"]:
            problems.append(
                f"{name} as {role} at {width} px: scrollWidth {seen['scroll']} "
                f"> {seen['inner']} ({', '.join(seen['wide'])})"
            )
            screenshot(page, f"fit-{name}-{role}-{width}")
        if axe and width == WIDTHS[0]:
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(AXE_RUN)
            for v in result["violations"]:
                targets = [n["target"] for n in v["nodes"]][:3]
                problems.append(f"{name} as {role}: axe {v['id']} {targets}")


def test_every_page_fits_a_phone_and_passes_axe(browser, live_server):
    w = world.build()
    problems: list[str] = []
    visited = 0
    for role in ROLES:
        client = signed_in(getattr(w.a, role))
        context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="da-DK")
        context.add_cookies(
            [
                {"name": name, "value": morsel.value, "url": live_server.url}
                for name, morsel in client.cookies.items()
            ]
        )
        page = context.new_page()
        for name, url in pages_of(w, role):
            response = page.goto(url)
            if response is None or response.status != 200:
                problems.append(f"{name} as {role}: {response and response.status}")
                continue
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            visited += 1
            _check(page, name, role, problems, axe=True)
        context.close()
    # the public pages, signed out
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="da-DK")
    page = context.new_page()
    for name in PUBLIC_PAGES:
        kwargs = {"standard_id": "herning"} if name == "standard-document" else {}
        page.goto(reverse(name, kwargs=kwargs))
        visited += 1
        _check(page, name, "visitor", problems, axe=True)
    context.close()
    assert visited > 100, visited
    assert not problems, "\n".join(problems)
