"""The public document: every section BEK 1477 § 4 requires, in HTML and in the PDF's text."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.conftest import PINNED_TODAY, SHIPPED
from vendepunkt.documents.standard import render_document_html, render_document_pdf
from vendepunkt.rules.law import law_floor


@pytest.fixture(scope="module")
def pdf_text(shipped):
    texts = {}
    for std_id in SHIPPED:
        reader = PdfReader(io.BytesIO(render_document_pdf(shipped[std_id], PINNED_TODAY)))
        texts[std_id] = " ".join(
            " ".join((page.extract_text() or "").split()) for page in reader.pages
        )
    return texts


@pytest.mark.parametrize("std_id", SHIPPED)
def test_html_holds_every_mandatory_section(shipped, std_id):
    html = render_document_html(shipped[std_id], PINNED_TODAY)
    assert '<html lang="da">' in html
    for section in law_floor().mandatory_sections:
        match = re.search(
            rf'<section id="sec-{section.key}"[^>]*>\s*<h2 id="h-{section.key}">\d+\. {re.escape(section.da)}',
            html,
        )
        assert match, f"{std_id}: section {section.key} missing"


@pytest.mark.parametrize("std_id", SHIPPED)
def test_html_lists_every_service_and_its_source(shipped, std_id):
    std = shipped[std_id].standard
    html = render_document_html(shipped[std_id], PINNED_TODAY)
    for service in std.services:
        assert f'id="service-{service.id}"' in html
    assert html.count("Kilde:") >= len(std.services)


def test_law_notes_say_the_law_prevails(shipped):
    html = render_document_html(shipped["odsherred"], PINNED_TODAY)
    assert 'id="sec-law-notes"' in html and "går loven forud" in html
    assert "Opfølgningen efter 6 måneder mangler" in html and "BEK 1477 § 4 stk. 2" in html


def test_what_a_standard_leaves_open_is_said_in_the_document(shipped):
    html = render_document_html(shipped["hjoerring"], PINNED_TODAY)
    assert "Standarden beskriver ikke klageadgangen." in html
    assert "Standarden beskriver ingen opfølgning efter udskrivning." in html
    assert 'id="sec-open"' in html


def test_standalone_html_has_inline_styles_and_no_links_to_the_site(shipped):
    html = render_document_html(shipped["herning"], PINNED_TODAY, standalone=True)
    assert "<style>" in html and "/static/" not in html and "Alle standarder" not in html


@pytest.mark.parametrize(
    ("std_id", "expected"),
    [
        ("haderslev", ["MOVE", "373", "Behandlingsgaranti", "14 dage", "1 uge", "6 måneder"]),
        (
            "odsherred",
            [
                "Lav intensiv behandling",
                "Mellem intensiv behandling",
                "personligt fremmøde",
                "3 måneder",
            ],
        ),
        ("hjoerring", ["Modul 1", "16 uger", "boostersamtaler", "14 dage"]),
        ("herning", ["Hash Stop", "første tirsdag i måneden", "to gange om ugen", "4 uger"]),
    ],
)
def test_pdf_text_holds_services_and_deadlines(pdf_text, shipped, std_id, expected):
    text = pdf_text[std_id]
    assert shipped[std_id].standard.municipality.name in text
    for phrase in expected:
        assert phrase.casefold() in text.casefold(), f"{std_id}: {phrase!r} not in the PDF"
    for section in law_floor().mandatory_sections:
        assert section.da.casefold() in text.casefold(), f"{std_id}: {section.da}"
