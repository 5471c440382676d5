"""The citizen screens in a real browser: find, register, the citizen page with its timeline,
linking an anonymous client and the printable access log; axe-core on every page visited."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town, cpr_for
from tests.web.test_citizens import full_course, person
from vendepunkt.citizens import services as citizens

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_find_and_link_as_a_caseworker(page):
    town = Town("herning")
    login(page, town.visitation_caseworker)
    page.click("nav.main-nav a[href='/borgere/']")
    page.wait_for_url("**/borgere/")
    check_accessibility(page)
    screenshot(page, "citizen-search")

    # register a citizen: a wrong CPR number first, then the right one
    page.click("a[href='/borgere/ny/']")
    page.wait_for_url("**/borgere/ny/")
    check_accessibility(page)
    page.fill("#id_cpr", "320190-1234")
    page.fill("#id_name", "Fiktiv Browsersen")
    page.fill("#id_children_under_18", "1")
    page.click("#citizen-form button[type=submit]")
    assert page.locator("#id_cpr-error").is_visible()
    assert page.input_value("#id_name") == "Fiktiv Browsersen"
    check_accessibility(page)
    screenshot(page, "citizen-new-error")
    number = cpr_for(dt.date(1984, 2, 29), seed=3)
    page.fill("#id_cpr", number)
    page.click("#citizen-form button[type=submit]")
    page.wait_for_url("**/borgere/*/")
    assert page.locator("h1").inner_text() == "Fiktiv Browsersen"
    assert page.locator("#masked-cpr").inner_text() == f"{number[:6]}-xxxx"
    assert number not in page.content()
    check_accessibility(page)
    screenshot(page, "citizen-detail-new")

    # an anonymous client
    page.goto("/borgere/ny-anonym/")
    check_accessibility(page)
    screenshot(page, "citizen-anonymous-new")
    page.fill("#id_birth_year", "1984")
    page.select_option("#id_sex", "female")
    page.click("#anonymous-form button[type=submit]")
    page.wait_for_url("**/borgere/*/")
    code = page.locator("#anonymous-code").inner_text()
    assert code.startswith("A-")
    check_accessibility(page)
    screenshot(page, "citizen-detail-anonymous")

    # link the anonymous client to the citizen: find, check, confirm
    page.click("#link-client")
    page.wait_for_url("**/sammenkaed/")
    check_accessibility(page)
    page.fill("#id_cpr", number)
    page.click("#find-citizen")
    assert page.locator("#id_consent-error").is_visible()  # consent is required
    check_accessibility(page)
    page.check("#id_consent")
    page.click("#find-citizen")
    assert "Fiktiv Browsersen" in page.locator("#candidate").inner_text()
    check_accessibility(page)
    screenshot(page, "citizen-link-confirm")
    page.click("#confirm-link")
    page.wait_for_url("**/borgere/*/")
    assert page.locator("h1").inner_text() == "Fiktiv Browsersen"
    assert code in page.locator("#linked-anonymous").inner_text()
    check_accessibility(page)

    # find the citizen by name
    page.goto("/borgere/")
    page.fill("#id_query", "browsers")
    page.click("#citizen-search-form button[type=submit]")
    assert page.url.endswith("/borgere/")  # the name never enters the URL
    page.locator("#results").get_by_role("link", name="Fiktiv Browsersen").click()
    page.wait_for_url("**/borgere/*/")
    check_accessibility(page)


def test_citizen_page_timeline_and_access_log_as_a_leader(page):
    town = Town("herning")
    client = person(town, 1, name="Fiktiv Tidslinje")
    full_course(town, client)
    citizens.get_client(town.treater, client.pk, purpose="citizen_page")
    login(page, town.centre_leader)
    page.goto("/borgere/")
    page.fill("#id_query", cpr_for(dt.date(1985, 3, 14), seed=1))
    page.click("#citizen-search-form button[type=submit]")
    assert page.input_value("#id_query") == ""  # the number is not echoed back
    check_accessibility(page)
    screenshot(page, "citizen-search-results")
    page.locator("#results").get_by_role("link", name="Fiktiv Tidslinje").click()
    page.wait_for_url(f"**/borgere/{client.pk}/")
    assert page.locator("#timeline-table tbody tr").count() >= 15
    assert page.locator("#timeline-table .status-breached").count() >= 1
    check_accessibility(page)
    screenshot(page, "citizen-detail-timeline")

    page.click("#access-log")
    page.wait_for_url(f"**/borgere/{client.pk}/adgangslog/")
    assert page.locator("#log-table tbody tr").count() >= 3
    check_accessibility(page)
    screenshot(page, "citizen-access-log")
    today = timezone.localdate().isoformat()
    page.fill("#id_since", today)
    page.click("#period-form button[type=submit]")
    assert "since=" in page.url
    check_accessibility(page)
    page.click("#print-link")
    page.wait_for_url("**print=1**")
    assert page.locator("nav.main-nav").count() == 0
    assert "Fiktiv Tidslinje" in page.locator("main").inner_text()
    check_accessibility(page)
    page.emulate_media(media="print")
    screenshot(page, "citizen-access-log-print")


def test_insight_export_and_access_log_csv_as_a_leader(page):
    town = Town("herning")
    client = person(town, 1, name="Fiktiv Indsigt")
    full_course(town, client)
    citizens.get_client(town.treater, client.pk, purpose="citizen_page")
    login(page, town.centre_leader)
    page.goto(f"/borgere/{client.pk}/")
    page.click("#insight-link")
    page.wait_for_url(f"**/borgere/{client.pk}/indsigt/")
    check_accessibility(page)
    screenshot(page, "citizen-insight")
    with page.expect_download() as pdf:
        page.click("#insight-pdf")
    assert pdf.value.suggested_filename.startswith(f"indsigt-klient-{client.pk}-")
    assert Path(pdf.value.path()).read_bytes()[:4] == b"%PDF"
    page.goto(f"/borgere/{client.pk}/adgangslog/")
    with page.expect_download() as csv:
        page.click("#csv-link")
    text = Path(csv.value.path()).read_text(encoding="utf-8-sig")
    assert "citizen_export" in text and "Fiktiv Indsigt" not in text
