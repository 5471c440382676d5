"""The start page and the public documents in a real browser."""

import pytest

from tests.browser.conftest import check_accessibility, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_start_page_lists_the_standards_and_is_accessible(page):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Kvalitetsstandarder"
    rows = page.locator("#standards tbody tr")
    assert rows.count() == 4
    assert "Haderslev Kommune" in page.locator("#standards").inner_text()
    check_accessibility(page)
    screenshot(page, "start-da")


def test_open_a_standard_from_the_start_page(page):
    page.goto("/")
    page.get_by_role("link", name="Læs Herning Kommune").click()
    page.wait_for_url("**/standarder/herning/")
    assert "Kvalitetsstandard" in page.locator("h1").inner_text()
    headings = page.locator("h2").all_inner_texts()
    assert any("Behandlingsgaranti" in h for h in headings)
    assert any("Sagsbehandling og klageadgang" in h for h in headings)
    assert page.locator("#sec-law-notes li").count() >= 1
    check_accessibility(page)
    screenshot(page, "document-herning")


@pytest.mark.parametrize("std_id", ["haderslev", "hjoerring", "odsherred"])
def test_every_document_is_accessible(page, std_id):
    page.goto(f"/standarder/{std_id}/")
    assert page.locator("section h2").count() >= 15
    check_accessibility(page)
    screenshot(page, f"document-{std_id}")


def test_pdf_link_serves_a_pdf(page):
    page.goto("/")
    href = page.get_by_role("link", name="PDF Odsherred Kommune").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_language_switch(page):
    page.goto("/")
    page.select_option("#language", "en")
    page.get_by_role("button", name="Skift").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Quality standards"
    assert page.locator("html").get_attribute("lang") == "en"
    check_accessibility(page)
    screenshot(page, "start-en")


def test_keyboard_skip_link_reaches_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Gå til indhold"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
