"""Two-factor sign-in and the worklist in a real browser."""

import pytest

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_with_two_factors_and_see_the_worklist(page):
    town = Town("herning")
    page.goto("/login/")
    check_accessibility(page)
    screenshot(page, "login")
    login(page, town.visitation_caseworker)
    assert page.locator("h1").inner_text() in ("Worklist", "Arbejdsliste")
    check_accessibility(page)
    screenshot(page, "worklist")
