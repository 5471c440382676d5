"""The leaders' register page in a real browser: validate and compare an extract, download it and
a FHIR bundle; axe-core on every state of the page."""

import csv
import io
import json
from pathlib import Path

import pytest

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town
from tests.registers.conftest import last_month, make_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_validates_and_downloads_an_extract(page):
    town = Town("herning")
    course = make_course(town)
    period, _ = last_month()
    login(page, town.centre_leader)
    page.click("nav.main-nav a[href='/registre/']")
    page.wait_for_url("**/registre/")
    check_accessibility(page)
    screenshot(page, "registers")
    page.select_option("#id_register", "smdb")
    page.fill("#id_period", period)
    page.click("#validate")
    page.wait_for_url("**/registre/?**")
    assert page.locator("#diff-counts").count() == 1
    assert course.client.name not in page.content()
    check_accessibility(page)
    screenshot(page, "registers-validated")
    with page.expect_download() as extract:
        page.click("#download")
    text = Path(extract.value.path()).read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [int(r["forloeb_id"]) for r in rows] == [course.pk]
    page.goto("/registre/")
    page.fill("#id_fhir-period", period)
    with page.expect_download() as bundle:
        page.click("#fhir-download")
    assert json.loads(Path(bundle.value.path()).read_text("utf-8"))["resourceType"] == "Bundle"
    check_accessibility(page)
