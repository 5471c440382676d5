"""Group treatment in a real browser (issue 13 § 4): a treater opens the group, records the
whole group's attendance on one screen and writes the session's notes with a note per
participant; at 1280 and at 390 px wide with no sideways scrolling, axe-core on every page."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town, cpr_for
from tests.db.test_course_services import TODAY, contact
from vendepunkt.citizens import services as citizens
from vendepunkt.groups import services as groups
from vendepunkt.groups.models import Attendance
from vendepunkt.journal.models import JournalNote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ("Asta Aftenrøde", "Bent Bølgeskvulp-Kristoffersen", "Carla Cirkelsav")


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def _group(town):
    group = groups.create_group(
        town.treater,
        service_id="hash-stop",
        name="Hash-Stop onsdag eftermiddag",
        team=town.team,
        capacity=8,
        intake="continuous",
        starts_on=TODAY - dt.timedelta(days=14),
        leaders=[town.treater],
        today=TODAY,
    )
    members = []
    for seed, name in enumerate(NAMES, start=1):
        client = citizens.register_citizen(
            town.treater,
            town.municipality,
            cpr=cpr_for(dt.date(1992, 3, 4), seed=seed),
            name=name,
            today=TODAY,
        )
        members.append(
            groups.add_member(
                town.treater,
                group.pk,
                client=client,
                contact_course=contact(town, client).contact_course,
                joined_on=TODAY - dt.timedelta(days=14),
                today=TODAY,
            )
        )
    session = groups.add_session(
        town.treater,
        group.pk,
        starts_at=timezone.now() - dt.timedelta(minutes=20),
        length_minutes=120,
        place="Mødelokale 2, Vestergade",
        today=timezone.localdate(),
    )
    return group, members, session


@pytest.mark.parametrize("width", [1280, 390])
def test_a_treater_records_the_attendance_of_a_group(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    town = Town("herning")
    group, members, session = _group(town)
    login(page, town.treater)
    page.goto("/grupper/")
    check_accessibility(page)
    _no_sideways_scroll(page)
    page.click(f"#group-{group.pk} a")
    page.wait_for_url(f"**/grupper/{group.pk}/")
    assert page.locator("#roster li").count() == 3
    check_accessibility(page)
    _no_sideways_scroll(page)
    screenshot(page, f"group-{width}")

    page.click(f"#session-{session.pk} a")
    page.wait_for_url(f"**/grupper/moeder/{session.pk}/")
    a, b, c = members
    page.click(f"label[for=id_m{a.pk}_0]")  # present
    page.click(f"label[for=id_m{b.pk}_1]")  # absent with notice
    page.click(f"label[for=id_m{c.pk}_2]")  # absent without notice
    check_accessibility(page)
    _no_sideways_scroll(page)
    screenshot(page, f"group-attendance-{width}")
    page.click("#save-attendance")
    page.wait_for_url(f"**/grupper/moeder/{session.pk}/")
    assert dict(Attendance.objects.values_list("membership_id", "presence")) == {
        a.pk: "present",
        b.pk: "absent_notice",
        c.pk: "absent_no_notice",
    }
    assert page.locator(f"input[name=m{b.pk}][value=absent_notice]").is_checked()

    page.click("#note-link")
    page.wait_for_url(f"**/grupper/moeder/{session.pk}/notat/")
    page.fill("#id_text", "Gennemgang af modul 3; god stemning.")
    page.fill(f"#id_p{a.pk}", "Fortalte om en god uge uden hash.")
    check_accessibility(page)
    _no_sideways_scroll(page)
    screenshot(page, f"group-notes-{width}")
    page.click("#save-notes")
    page.wait_for_url(f"**/grupper/moeder/{session.pk}/")
    assert "modul 3" in page.locator("#session-note-text").inner_text()
    note = JournalNote.objects.get()
    assert note.client_id == a.client_id and note.group_session_id == session.pk
