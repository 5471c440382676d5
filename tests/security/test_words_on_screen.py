"""The interface speaks words, not codes (issue 13 § 6, D81–D82): every staff page of the security
world, read in Danish and in English by a role that may open it, shows no legal-basis code
("SEL-101"), no requirement id ("R27"), no ISO date, no follow-up id ("6m") and, in Danish, none
of the English words a raw value would leave ("load degree"). The visible text is what a person
reads: text nodes and the alt, title, aria-label and placeholder attributes, not the values of
inputs, scripts or styles. The Django test client, no browser: a few seconds."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.security import world
from tests.security.expected import EXPECTED, PUBLIC, ROLES
from tests.security.urls import kind_of, web_routes
from tests.web.conftest import signed_in
from vendepunkt.courses import services as courses
from vendepunkt.web.labels import follow_up_label, legal_name

pytestmark = pytest.mark.django_db

FORMATS = {"fmt": "csv", "standard_id": "herning"}

# A raw code or value on a page, in either language.
RAW = {
    "legal-basis code": re.compile(r"\b(SEL|SUL|BL)-\d"),
    "requirement id": re.compile(r"\bR\d{1,2}\b"),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "follow-up id": re.compile(r"\b\d{1,2}m\b"),
    "a (da/en) pair": re.compile(r"\b(Clean|Abstinent)/ædru\b", re.IGNORECASE),
}
# English words a raw value leaves on a Danish page.
ENGLISH_IN_DANISH = re.compile(
    r"\b(load degree|follow-up|not reached|residential|ambulant service|high|medium|low)\b",
    re.IGNORECASE,
)
SKIPPED = {"script", "style", "textarea", "template"}
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self._skip += 1
        self.parts.extend(v for k, v in attrs if k in ATTRIBUTES and v)

    def handle_endtag(self, tag):
        if tag in SKIPPED and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def raw_codes(text: str, language: str) -> list[str]:
    found = []
    for what, pattern in RAW.items():
        found += [f"{what} {m.group(0)!r} in …{_around(text, m)}…" for m in pattern.finditer(text)]
    if language == "da":
        found += [
            f"English {m.group(0)!r} in …{_around(text, m)}…"
            for m in ENGLISH_IN_DANISH.finditer(text)
        ]
    return found


def _around(text: str, match: re.Match) -> str:
    return text[max(match.start() - 40, 0) : match.end() + 40]


def _url(route, case) -> str:
    kwargs = {
        arg: FORMATS[arg] if arg in FORMATS else getattr(case, kind_of(route, arg)).pk
        for arg in route.args
    }
    return reverse(route.name, kwargs=kwargs)


def _pages(w):
    """(route name, role, url) for each staff page a role may open: the first role whose matrix
    code is 200, on the own team's case; the follow-up pages also on the discharged case."""
    for route in web_routes():
        if route.name in PUBLIC:
            continue
        spec = EXPECTED[route.name]
        label = "get" if "get" in spec else "own"
        if label not in spec:
            continue
        codes = spec[label].split()
        role = next((r for r, c in zip(ROLES, codes, strict=True) if c == "200"), None)
        if role is None:
            continue
        cases = [w.own] if label == "get" else [w.own, w.finished]
        for case in cases:
            yield route.name, role, _url(route, case)
    yield "standard-document", None, reverse("standard-document", kwargs={"standard_id": "herning"})


def test_no_page_shows_a_raw_code_an_iso_date_or_english_in_danish():
    w = world.build()
    # A second assessment with a load degree, so the citizen page and the assessments show one.
    courses.record_assessment(
        w.a.visitation_caseworker,
        w.own.course,
        phase="intake",
        assessed_on=timezone.localdate(),
        text="Ny udredning (syntetisk).",
        load_degree="high",
        today=timezone.localdate(),
    )
    clients: dict[str | None, Client] = {None: Client()}
    problems: list[str] = []
    seen = 0
    for name, role, url in _pages(w):
        if role not in clients:
            clients[role] = signed_in(getattr(w.a, role))
        client = clients[role]
        for language in ("da", "en"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            seen += 1
            text = visible_text(response.content.decode())
            problems += [f"{name} ({language}, {role}): {p}" for p in raw_codes(text, language)]
    assert seen > 100, f"only {seen} pages were read: the walk lost its way"
    assert not problems, f"{len(problems)} raw codes on screen:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "language", "found"),
    [
        ("Retsgrundlag: SEL-101", "da", True),
        ("Lovgrundlag: Serviceloven § 101", "da", False),
        ("Definition (R27): ...", "da", True),
        ("FHIR R4B", "da", False),
        ("Senest 2026-12-03", "en", True),
        ("Senest 3.12.2026", "en", False),
        ("Opfølgning 6m", "da", True),
        ("Belastningsgrad: load degree high", "da", True),
        ("Load degree: high", "en", False),
    ],
)
def test_the_patterns_find_what_they_should(text, language, found):
    assert bool(raw_codes(text, language)) is found


def test_codes_have_words():
    assert legal_name("SEL-101") == "Serviceloven § 101"
    assert legal_name("SUL-141") == "Sundhedsloven § 141"
    assert "SEL-101" not in legal_name("SEL-101a")
    with translation.override("en"):
        assert follow_up_label("follow_up:6m") == "6 months after discharge"
        assert follow_up_label("follow_up:1m") == "1 month after discharge"
