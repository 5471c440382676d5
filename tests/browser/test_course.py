"""The course screens in a real browser: the course page, starting treatment, the treatment
course's sections (services, treater, phase, appointments with the HTMX attendance row, stays and
status meetings, events) and the medical records, with axe-core on every page visited."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town, cpr_for, grant_for
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Appointment, MedicalRecord, ResidentialStay, StatusMeeting
from vendepunkt.providers import services as providers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Fiktiv Browserperson"


def today():
    return timezone.localdate()


def course_with_grant(town):
    client = citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(dt.date(1988, 2, 3), seed=7),
        name=NAME,
        today=today(),
    )
    course = courses.record_contact(
        town.treater,
        client,
        at=timezone.now() - dt.timedelta(days=3),
        channel="in_person",
        made_by="self",
        legal_track="SEL-101",
        substances=["cannabis"],
        wish_for_treatment=True,
        personal_attendance=True,
        today=today(),
    ).contact_course
    application = courses.apply_for_service(
        town.treater,
        course,
        service_id="primaer-ambulant-move",
        applied_on=course.request_on,
        today=today(),
    )
    decision = courses.decide(
        town.visitation_caseworker,
        application,
        outcome="grant",
        legal_basis="SEL-101",
        reasons="I målgruppen.",
        decided_on=course.request_on,
        today=today(),
    )
    return course, decision


def submit(page, form_id):
    page.click(f"#{form_id} button[type=submit]")
    page.wait_for_load_state("load")


def open_section(page, key):
    """The course page shows each section's records; its form is on the section's own page."""
    page.click(f"#{key}-link")
    page.wait_for_load_state("load")


def test_a_caseworker_starts_treatment_and_works_on_the_course(page):
    town = Town("herning")
    town.treater.first_name, town.treater.last_name = "Tove", "Behandler"
    town.treater.save()
    providers.register_provider(
        town.centre_leader,
        town.municipality,
        name="Døgnbehandling Fiktiv ApS",
        cvr="12345678",
        approved_for=["SEL-101"],
        settings_offered=["residential"],
        public=False,
        on_tilbudsportalen=True,
    )
    course, decision = course_with_grant(town)
    # the service added and the stay recorded below need their own grants (issue 12 § 3)
    for service_id in ("nada", "primaer-doegn"):
        grant_for(town, course, on=today(), service_id=service_id)
    login(page, town.visitation_caseworker)
    day = today().isoformat()

    page.goto(f"/forloeb/{course.pk}/")
    assert page.locator("h1").inner_text() == NAME
    assert page.locator('#deadline-table tr[data-kind="treatment_guarantee"] a').count() == 1
    check_accessibility(page)
    screenshot(page, "course-page-before-start")

    page.click("#start-treatment-link")
    page.wait_for_url(f"**/forloeb/{course.pk}/start-behandling/")
    check_accessibility(page)
    screenshot(page, "course-start-treatment")
    page.select_option("#id_team", str(town.team.pk))
    page.fill("#id_start_on", day)
    page.select_option("#id_treater", str(town.treater.pk))
    page.select_option("#id_decision", str(decision.pk))
    submit(page, "start-form")
    page.wait_for_url(f"**/forloeb/{course.pk}/#treatment")
    assert "alert-success" in page.content()
    assert "Tove Behandler" in page.locator("#treatment-facts").inner_text()
    assert page.locator('#service-table [data-service="primaer-ambulant-move"]').count() == 1

    assert page.locator("#services-form").count() == 0  # the forms are on the sections' pages
    open_section(page, "services")
    page.select_option("#id_services-add", "nada")
    submit(page, "services-form")
    assert page.locator('#service-table [data-service="nada"]').count() == 1

    open_section(page, "phase")
    page.select_option("#id_phase-phase", "aftercare")
    submit(page, "phase-form")
    assert page.locator("#history-table tbody tr").count() >= 3

    open_section(page, "appointments")
    page.fill("#id_appointment-day", day)
    page.fill("#id_appointment-time", "00:05")  # begun: attendance is recorded below (D93)
    page.select_option("#id_appointment-kind", "group")
    # two services on the course: the session names the one it belongs to (its dose)
    page.select_option("#id_appointment-service", "primaer-ambulant-move")
    submit(page, "appointment-form")
    visit = Appointment.objects.get()
    row = page.locator(f"#appointment-{visit.pk}")
    assert "appointment-planned" in row.get_attribute("class")
    check_accessibility(page)
    screenshot(page, "course-page-in-treatment")

    open_section(page, "appointments")
    url_before = page.url
    page.select_option(f"#id_att{visit.pk}-status", "attended")
    # Herning's standard offers no gift vouchers (issue 12 § 4), so none is given here
    page.click(f"#attendance-form-{visit.pk} button[type=submit]")
    page.locator(f"#appointment-{visit.pk}.appointment-attended").wait_for()
    assert page.url == url_before  # swapped in place, no page load
    visit.refresh_from_db()
    assert visit.status == "attended" and not visit.gift_voucher
    check_accessibility(page)
    screenshot(page, "course-attendance-updated")

    start = today() + dt.timedelta(days=7)
    page.goto(f"/forloeb/{course.pk}/")
    open_section(page, "stays")
    page.select_option("#id_stay-provider", label="Døgnbehandling Fiktiv ApS")
    page.fill("#id_stay-start_on", start.isoformat())
    page.fill("#id_stay-end_on", (start - dt.timedelta(days=1)).isoformat())  # before the start
    submit(page, "stay-form")
    assert page.locator("#id_stay-end_on-error").count() == 1
    assert (
        page.locator("#id_stay-end_on").input_value() == (start - dt.timedelta(days=1)).isoformat()
    )
    assert not ResidentialStay.objects.exists()
    check_accessibility(page)
    screenshot(page, "course-stay-refused")
    page.fill("#id_stay-end_on", (start + dt.timedelta(days=60)).isoformat())
    # Herning: the economic counselling talk first, the assessment before the stay
    page.fill("#id_stay-economic_counselling_on", today().isoformat())
    page.fill("#id_stay-assessed_on", today().isoformat())
    page.fill("#id_stay-board", "1200")
    page.fill("#id_stay-self_payment_note", "Individuel vurdering")
    submit(page, "stay-form")
    stay = ResidentialStay.objects.get()
    assert page.locator(f"#stay-{stay.pk}").count() == 1

    page.goto(f"/forloeb/{course.pk}/ophold/")
    check_accessibility(page)
    screenshot(page, "course-stays")
    page.select_option(f"#id_meeting{stay.pk}-kind", "before")
    page.fill(f"#id_meeting{stay.pk}-held_on", start.isoformat())
    page.check(f"#id_meeting{stay.pk}-written_report", force=True)
    submit(page, f"meeting-form-{stay.pk}")
    assert StatusMeeting.objects.get(stay=stay).written_report

    open_section(page, "events")
    page.select_option("#id_event-kind", "child_welfare_notification")
    page.fill("#id_event-note", "Underretning sendt")
    submit(page, "event-form")
    assert "Underretning sendt" in page.locator("#event-table").inner_text()

    page.goto(f"/forloeb/{course.pk}/behandler/")
    check_accessibility(page)
    screenshot(page, "course-treater")
    assert page.locator("#medical").count() == 0  # not a doctor or nurse


def test_a_doctor_records_medical_treatment(page):
    town = Town("herning")
    course, decision = course_with_grant(town)
    courses.start_treatment(
        town.visitation_caseworker,
        course,
        team=town.team,
        start_on=today(),
        treater=town.treater,
        decision=decision,
        today=today(),
    )
    login(page, town.doctor)
    page.goto(f"/forloeb/{course.pk}/")
    page.click('#deadline-table tr[data-kind="doctor_consultation"] a')
    page.wait_for_url(f"**/forloeb/{course.pk}/medicinsk/**")
    check_accessibility(page)
    screenshot(page, "course-medical")
    page.select_option("#id_medical-kind", "substitution")
    submit(page, "medical-form")  # no pickup mode: refused next to the field
    assert page.locator("#id_medical-pickup-error").count() == 1
    check_accessibility(page)
    page.select_option("#id_medical-pickup", "clinic")
    page.select_option("#id_medical-product", "buprenorphine")
    page.fill("#id_medical-prescriber_authorisation", "AB12C")
    submit(page, "medical-form")
    page.wait_for_url(f"**/forloeb/{course.pk}/#medical")
    assert MedicalRecord.objects.get().details == {
        "pickup": "clinic",
        "product": "buprenorphine",
        "prescriber_authorisation": "AB12C",
    }
    assert page.locator('#medical-table tr[data-kind="substitution"]').count() == 1
    open_section(page, "medical")
    page.select_option("#id_medical-kind", "doctor_consultation")
    submit(page, "medical-form")
    page.locator('#medical-table tr[data-kind="doctor_consultation"]').wait_for()
    check_accessibility(page)
    screenshot(page, "course-page-doctor")
