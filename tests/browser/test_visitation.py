"""Visitation in a real browser: apply, see the agenda, decide with eligibility explained, read
the letter and download it, mark it sent, record the free choice and a waiver."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town, cpr_for
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Application, Decision, Waiver
from vendepunkt.providers import services as providers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()


def course_of(town, name, seed=1):
    client = citizens.register_citizen(
        town.visitation_caseworker,
        town.municipality,
        cpr=cpr_for(dt.date(TODAY.year - 30, 6, 1), seed=seed),
        name=name,
        today=TODAY,
    )
    contact = courses.record_contact(
        town.visitation_caseworker,
        client,
        at=timezone.now() - dt.timedelta(days=4),
        channel="phone",
        made_by="self",
        legal_track="SEL-101",
        substances=["drugs"],
        wish_for_treatment=True,
        today=TODAY,
    )
    return contact.contact_course


def test_apply_decide_send_the_letter_free_choice_and_waiver(page):
    town = Town("herning")
    course = course_of(town, "Fiktiv Browserborger")
    providers.register_provider(
        town.centre_leader,
        town.municipality,
        name="Fiktiv Døgninstitution",
        cvr="",
        approved_for=["SEL-101"],
        settings_offered=["residential"],
        intensities_offered=["residential"],  # free choice keeps the granted intensity
        public=False,
        on_tilbudsportalen=True,
    )
    login(page, town.visitation_caseworker)

    # 2. apply for a service
    page.goto(f"/forloeb/{course.pk}/ansoegning/ny/")
    assert page.locator("#client-name").inner_text() == "Fiktiv Browserborger"
    check_accessibility(page)
    screenshot(page, "visitation-apply")
    page.select_option("#id_service_id", "primaer-doegn")
    page.fill("#id_note", "Ønsker døgnbehandling")
    page.click("button[type=submit].button-primary")
    page.wait_for_url("**/visitation/")
    application = Application.objects.get(contact_course=course)

    # 1. the agenda: the application waits for the residential committee
    committee = page.locator("#forum-doegnvisitationsudvalg")
    assert "Fiktiv Browserborger" in committee.inner_text()
    assert page.locator(".alert-success").count() == 1
    check_accessibility(page)
    screenshot(page, "visitation-agenda")

    # 3. the decision, with the eligibility explained
    committee.locator(f"#application-{application.pk} a").click()
    page.wait_for_url(f"**/ansoegninger/{application.pk}/afgoerelse/")
    assert page.locator("#eligibility .alert").count() >= 1
    check_accessibility(page)
    page.check("#id_outcome_0")
    page.check("#id_other_social_problems_1")  # "no": the explanation is fetched again (HTMX)
    page.wait_for_load_state("networkidle")
    page.fill("#id_valid_from", TODAY.isoformat())
    page.fill("#id_reasons", "Borgeren er i målgruppen for døgnbehandling.")
    check_accessibility(page)
    screenshot(page, "visitation-decision")
    page.click("#decision-form button[type=submit]")
    page.wait_for_url("**/afgoerelser/*/brev/")
    decision = Decision.objects.get(application=application)

    # 4. the letter: preview in a frame, PDF download, mark as sent
    frame = page.frame_locator("iframe.letter-preview")
    assert "Fiktiv Browserborger" in frame.locator("body").inner_text()
    check_accessibility(page)
    screenshot(page, "visitation-letter")
    with page.expect_download() as info:
        page.click("#download-pdf")
    assert info.value.suggested_filename == f"afgoerelse-{decision.pk}.pdf"
    page.click("#sent-form button[type=submit]")
    page.wait_for_url(f"**/afgoerelser/{decision.pk}/brev/")
    assert page.locator("#sent-form").count() == 0
    decision.refresh_from_db()
    assert decision.sent_on == TODAY
    check_accessibility(page)

    # 6. free choice of provider
    page.click(f"a[href='/afgoerelser/{decision.pk}/frit-valg/']")
    page.wait_for_url("**/frit-valg/")
    check_accessibility(page)
    screenshot(page, "visitation-free-choice")
    page.select_option("#id_provider", label="Fiktiv Døgninstitution")
    page.click("button[type=submit].button-primary")
    page.wait_for_url(f"**/afgoerelser/{decision.pk}/brev/")
    assert Waiver.objects.filter(contact_course=course, kind="free_choice").exists()

    # 5. waiver of the guarantee
    page.click(f"a[href='/forloeb/{course.pk}/fravigelse/']")
    page.wait_for_url("**/fravigelse/")
    check_accessibility(page)
    page.click("button[type=submit].button-primary")  # no reason: refused, kept on the page
    assert page.locator("#id_reason-error").count() == 1
    check_accessibility(page)
    page.check("input[name=kind][value=no_show]")
    page.fill("#id_reason", "Udeblev fra to aftaler.")
    page.click("button[type=submit].button-primary")
    page.wait_for_url(f"**/forloeb/{course.pk}/fravigelse/")
    assert "Udeblev fra to aftaler." in page.locator("#waivers").inner_text()
    check_accessibility(page)
    screenshot(page, "visitation-waiver")


def test_a_caseworker_at_haderslev_sees_the_leaders_final_say(page):
    town = Town("haderslev")
    course = course_of(town, "Fiktiv Haderslevborger")
    application = courses.apply_for_service(
        town.visitation_caseworker, course, service_id="move", applied_on=TODAY, today=TODAY
    )
    login(page, town.visitation_caseworker)
    page.goto(f"/ansoegninger/{application.pk}/afgoerelse/")
    assert page.locator("#final-say").is_visible()
    assert page.locator("#id_reasons").is_disabled()
    assert page.locator("#decision-form button[type=submit]").count() == 0
    check_accessibility(page)
    screenshot(page, "visitation-decision-final-say")
