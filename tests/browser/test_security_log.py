"""The centre leader's side of issue 10 in a real browser: the notice of a grant on the
worklist, the security log with a refusal and a failed sign-in, at desk and phone width, with
axe and screenshots; marking the notice seen."""

import pytest

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town
from tests.web.conftest import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"


def test_the_leader_is_told_of_a_grant_and_reads_the_security_log(page):
    from django.test import Client

    from vendepunkt.accounts import services as accounts

    town = Town("herning")
    newcomer = town.user("secretary")
    newcomer.first_name, newcomer.last_name = "Fiktiv", "Nyansat"
    newcomer.save()
    accounts.set_role_and_teams(town.administrator, newcomer, role="centre_leader", teams=[])
    signed_in(town.administrator).get("/borgere/")  # refused: an administrator sees no citizen
    Client().post("/login/", {"username": "findes.ikke", "password": "forkert"})
    Client().post("/login/", {"username": town.treater.username, "password": "forkert"})

    login(page, town.centre_leader)
    page.goto("/arbejdsliste/")
    notice = page.locator("#notices")
    assert "Fiktiv Nyansat" in notice.inner_text() and "Leder" in notice.inner_text()
    check_accessibility(page)
    screenshot(page, "worklist-notice-1280")
    for width, name in ((1280, "1280"), (390, "390")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/sikkerhedslog/")
        table = page.locator("#security-log").inner_text()
        assert "Adgang nægtet" in table and "/borgere/" in table
        assert "Mislykket login" in table and town.treater.username in table
        assert "findes.ikke" not in table  # an unknown user name belongs to no municipality
        _no_sideways_scroll(page)
        check_accessibility(page)
        screenshot(page, f"security-log-{name}")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/arbejdsliste/")
    page.click("#notices button")
    page.wait_for_url("**/arbejdsliste/")
    assert page.locator("#notices").count() == 0
    assert "markeret som set" in page.content()
