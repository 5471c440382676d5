"""The leaders' reports in a real browser: the dashboard with its charts drawn by Chart.js and
the data tables beside them, the filters, and the goal-attainment annex; axe-core on each page."""

import pytest
from django.utils import timezone

from tests.browser.conftest import check_accessibility, login, screenshot
from vendepunkt.accounts.models import User
from vendepunkt.courses.demo import generate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_reads_the_reports(page):
    generate("haderslev", courses=40, today=timezone.localdate())
    leader = User.objects.get(username="centre_leader.haderslev")
    login(page, leader)
    page.click("nav.main-nav >> text=Rapporter")
    page.wait_for_url("**/rapporter/")
    # every chart is drawn (Chart.js sets its canvas size) and has its table beside it
    for chart in ("waiting", "flow", "retention", "outcomes", "capacity"):
        page.wait_for_function(
            f"() => !!window.Chart && !!Chart.getChart(document.getElementById('chart-{chart}'))"
        )
    for table in ("kpis", "waiting", "flow", "retention", "statuses", "capacity"):
        assert page.locator(f"#table-{table}").is_visible()
    check_accessibility(page)
    screenshot(page, "reports-dashboard")

    page.select_option("#id_rusmiddel", "alcohol")
    page.click("#report-filters button[type=submit]")
    page.wait_for_url("**rusmiddel=alcohol**")
    assert page.locator("#id_rusmiddel").input_value() == "alcohol"

    page.click("#annex-link")
    page.wait_for_url("**/rapporter/maalopfyldelse/")
    assert page.locator("#annex-table tbody tr").count() == 3
    check_accessibility(page)
    screenshot(page, "reports-annex")
    with page.expect_download() as download:
        page.click("#annex-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
