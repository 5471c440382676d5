"""The calendar in a real browser (issue 13 § 3): a treater books an intake talk from the course
page, records the citizen's no-show, finds the active-contact task on the worklist, follows its
link and records the contact; the week view of the treater and of the room. At 1280 and 390 px
wide with no sideways scrolling, axe-core on every page."""

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town
from tests.db.test_course_services import citizen, contact
from vendepunkt.courses import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def _check(page, name: str) -> None:
    check_accessibility(page)
    _no_sideways_scroll(page)
    screenshot(page, name)


@pytest.mark.parametrize("width", [1280, 390])
def test_book_a_no_show_and_the_active_contact_from_the_worklist(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    town = Town("herning")
    room = services.add_room(town.centre_leader, town.centre, name="Samtalerum 1")
    client = citizen(town)
    course = contact(town, client).contact_course
    login(page, town.treater)

    page.goto(f"/forloeb/{course.pk}/")
    page.click("#calendar-book-link")
    page.wait_for_url(f"**/kalender/forloeb/{course.pk}/ny-aftale/")
    _check(page, f"calendar-book-{width}")
    began = timezone.localtime(timezone.now() - dt.timedelta(minutes=10))
    page.select_option("#id_kind", "intake")
    page.fill("#id_day", began.date().isoformat())
    page.fill("#id_time", began.strftime("%H:%M"))
    page.fill("#id_minutes", "30")
    page.select_option("#id_place", "room")
    page.select_option("#id_room", str(room.pk))
    page.click("#book")
    page.wait_for_url("**/kalender/aftaler/*/")
    assert page.locator("#attendance-form").is_visible()
    _check(page, f"calendar-appointment-{width}")

    page.click("label[for=id_status_1]")
    page.click("#record-attendance")
    page.wait_for_url("**/kalender/aftaler/*/")
    assert page.locator("#contact-form").is_visible()
    appointment_url = page.url

    page.goto("/arbejdsliste/?scope=mine")
    task = page.locator(f"a[href='{urlparse(appointment_url).path}']")
    assert task.count() == 1
    # the worklist's own width at 390 px is another branch's (issue 13 § 6): axe only here
    check_accessibility(page)
    screenshot(page, f"calendar-worklist-{width}")
    task.first.click()
    page.wait_for_url(appointment_url)
    page.fill("#id_on", timezone.localdate().isoformat())
    page.click("#record-contact")
    page.wait_for_url(appointment_url)
    assert not page.locator("#contact-form").is_visible()

    page.goto("/kalender/")
    page.wait_for_url(f"**/kalender/medarbejder/{town.treater.pk}/")
    assert began.strftime("%H:%M") in page.locator(".calendar-item").first.inner_text()
    _check(page, f"calendar-week-{width}")
    page.goto(f"/kalender/lokale/{room.pk}/?visning=dag&dag={began.date().isoformat()}")
    assert page.locator(".calendar-day").count() == 1
    _check(page, f"calendar-room-day-{width}")
