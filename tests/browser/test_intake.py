"""Intake in a real browser: a new contact entered with the keyboard alone, a counselling talk, an
assessment whose composite scores update live, and the assessments side by side."""

import datetime as dt

import pytest

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town, cpr_for
from vendepunkt.courses.models import Assessment, ContactCourse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Fiktiv Tastatursen"


def tab_to(page, element_id: str, limit: int = 60) -> None:
    """Press Tab until the element has the focus (no mouse), failing if it is never reached."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} was not reached with the Tab key")


def test_intake_with_the_keyboard_then_counselling_and_assessment(page):
    town = Town("odsherred")
    login(page, town.treater)

    # 1. New contact, with the keyboard alone: skip link, Tab through the fields, Space, Enter.
    page.goto("/henvendelse/ny/")
    assert page.locator("h1").inner_text() in ("New contact", "Ny henvendelse")
    check_accessibility(page)
    screenshot(page, "intake-contact-new")
    page.keyboard.press("Tab")  # the skip link comes first
    page.keyboard.press("Enter")
    tab_to(page, "id_identity_0")  # the radio group: identified is chosen
    tab_to(page, "id_cpr")
    page.keyboard.type(cpr_for(dt.date(1991, 6, 12), seed=3))
    tab_to(page, "id_name")
    page.keyboard.type(NAME)
    tab_to(page, "id_channel")
    page.keyboard.press("ArrowDown")  # phone
    tab_to(page, "id_substances_1")
    page.keyboard.press("Space")  # cannabis
    tab_to(page, "id_main_substance")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # cannabis
    tab_to(page, "id_wish_for_treatment")
    page.keyboard.press("Space")
    tab_to(page, "id_legal_track_0")
    page.keyboard.press("Space")  # SEL § 101
    tab_to(page, "id_note")
    page.keyboard.type("Ringede selv.")
    assert page.locator("#id_substances_1").is_checked()
    assert page.locator("#id_wish_for_treatment").is_checked()
    assert page.locator("#id_main_substance").input_value() == "cannabis"
    assert page.locator("#id_legal_track_0").is_checked()
    tab_to(page, "save-contact")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The browser asks for Danish (locale da-DK), so the messages are the Danish ones.
    saved = page.locator(".alert-success").all_inner_texts()[-1]
    assert "et nyt kontaktforløb er oprettet" in saved
    course = ContactCourse.objects.get(client__name=NAME)
    assert course.request_on is not None
    assert course.contacts.get().substances == ["cannabis"]
    check_accessibility(page)
    screenshot(page, "intake-contact-saved")

    # 2. A counselling talk on the course.
    page.goto(f"/forloeb/{course.pk}/raadgivning/")
    check_accessibility(page)
    screenshot(page, "intake-counselling")
    # the counselling course: Odsherred offers information talks and counselling courses (the
    # anonymous kind is for anonymous clients)
    page.check("#counselling-form input[name=kind][value=course]")
    page.click("#counselling-form button[type=submit]")
    page.wait_for_selector("#talks")
    assert "1 af 5 samtaler er holdt, 4 tilbage" in page.locator("#talk-limits").inner_text()
    check_accessibility(page)
    screenshot(page, "intake-counselling-saved")

    # 3. An assessment: the composites update as the answers are entered (HTMX).
    page.goto(f"/forloeb/{course.pk}/udredning/ny/")
    check_accessibility(page)
    medical = page.locator("#asi-results tr[data-domain=medical] td")
    assert "M6, M7, M8" in medical.inner_text()
    page.fill("#id_text", "Borgeren ryger hash dagligt og ønsker at stoppe.")
    page.select_option("#id_load_degree", "moderate")
    for item, value in (("M6", "30"), ("M7", "4"), ("M8", "4")):
        page.fill(f"#id_{item}", value)
        page.keyboard.press("Tab")  # leaving the field fires the change event
    page.wait_for_function(
        "() => /1[.,]000/.test(document.querySelector('#asi-results tr[data-domain=medical]').innerText)"
    )
    page.select_option("#id_E4", "1")
    page.wait_for_function(
        "() => /mangler E5, E11, E12/.test(document.querySelector('#asi-results').innerText)"
    )
    check_accessibility(page)
    screenshot(page, "intake-assessment-live")
    with page.expect_navigation():
        page.click("#save-assessment")
    assert Assessment.objects.get().composites["medical"] == 1.0

    # 4. The assessments side by side.
    assert page.url.endswith(f"/forloeb/{course.pk}/udredninger/")
    assert page.locator("#assessments th[data-assessment]").count() == 1
    assert "hash dagligt" in page.locator(".assessment-text").inner_text()
    check_accessibility(page)
    screenshot(page, "intake-assessments")
