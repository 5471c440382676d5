"""The journal in a real browser (issue 13 § 1): a treater writes a note, signs it, corrects it
and searches the journal; at 1280 and at 390 px wide with no sideways scrolling, axe-core on
every page."""

import pytest

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town
from tests.db.test_course_services import citizen, contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


@pytest.mark.parametrize("width", [1280, 390])
def test_R46_a_treater_writes_signs_corrects_and_finds_a_note(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    town = Town("herning")
    client = citizen(town)
    contact(town, client)
    login(page, town.treater)
    page.goto(f"/borgere/{client.pk}/")
    page.click("#journal-link")
    page.wait_for_url(f"**/borgere/{client.pk}/journal/")
    assert page.locator("#no-notes").is_visible()
    check_accessibility(page)
    _no_sideways_scroll(page)

    page.click("#new-note")
    page.wait_for_url("**/nyt-notat/")
    page.fill("#id_text", "Borgeren fortalte om sin uge og om arbejdet.")
    page.check("#id_sign")
    check_accessibility(page)
    _no_sideways_scroll(page)
    screenshot(page, f"journal-new-{width}")
    page.click("#save-note")
    page.wait_for_url(f"**/borgere/{client.pk}/journal/")
    assert "Borgeren fortalte om sin uge" in page.locator("#journal-notes").inner_text()
    assert "underskrevet" in page.locator("#journal-notes").inner_text()
    check_accessibility(page)
    _no_sideways_scroll(page)
    screenshot(page, f"journal-{width}")

    page.click("#journal-notes h2 a")
    page.wait_for_url("**/journal/notater/*/")
    page.fill("#id_text", "Borgeren fortalte om sin weekend og om arbejdet.")
    page.fill("#id_reason", "Forkert dag.")
    page.click("#save-amendment")
    page.wait_for_url("**/journal/notater/*/")
    assert page.locator("#note-original").is_visible()
    assert "Forkert dag." in page.locator(".journal-amendment").inner_text()
    check_accessibility(page)
    _no_sideways_scroll(page)
    screenshot(page, f"journal-note-{width}")

    page.goto(f"/borgere/{client.pk}/journal/?q=weekend")
    assert page.locator("#search-result").is_visible()
    assert page.locator("#journal-notes li").count() == 1
    check_accessibility(page)
