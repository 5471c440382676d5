"""The plan area in a real browser: make, sign, revise, compare and review the treatment plan,
meet a conflicting save, discharge, record a follow-up and see the follow-ups list. axe-core
checks every page visited; a screenshot of each screen is kept."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town, cpr_for, grant_for
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Discharge, FollowUp, PlanReview, PlanVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_treatment(town, *, name="Fiktiv Browserborger", days_ago=120):
    today = timezone.localdate()
    client = citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(dt.date(1979, 6, 3), seed=5),
        name=name,
        today=today,
    )
    at = timezone.now() - dt.timedelta(days=days_ago)
    contact = courses.record_contact(
        town.treater,
        client,
        at=at,
        channel="in_person",
        made_by="self",
        legal_track="SEL-101",
        substances=["cannabis"],
        wish_for_treatment=True,
        personal_attendance=True,
        today=today,
    )
    grant_for(town, contact.contact_course, on=at.date(), today=today)
    return courses.start_treatment(
        town.visitation_caseworker,
        contact.contact_course,
        team=town.team,
        start_on=at.date(),
        treater=town.treater,
        today=today,
    )


def submit(page, form_id: str) -> None:
    page.click(f"#{form_id} button[type=submit]")
    page.wait_for_load_state()


def test_the_plan_from_first_version_to_follow_up(page):
    town = Town("odsherred")
    treatment = in_treatment(town)
    pk = treatment.pk
    login(page, town.treater)

    page.goto(f"/behandling/{pk}/plan/")
    assert page.locator("#no-plan").is_visible()
    check_accessibility(page)
    screenshot(page, "plan-empty")

    page.click("#edit-plan")
    page.wait_for_url(f"**/behandling/{pk}/plan/rediger/")
    page.select_option("#id_substance_goal", "reduce")
    page.fill("#id_goals-0-text", "Højst to genstande om dagen")
    page.fill("#id_goals-1-text", "Tilbage i fast arbejde")
    page.select_option("#id_goals-1-horizon", "long")
    page.fill("#id_responsible-0-actor", "Borgeren")
    page.fill("#id_responsible-0-task", "Fører forbrugsdagbog")
    page.fill("#id_methods", "Motiverende samtale\nKognitiv terapi")
    check_accessibility(page)
    screenshot(page, "plan-edit")
    submit(page, "plan-form")
    page.wait_for_url(f"**/behandling/{pk}/plan/")
    assert "Højst to genstande om dagen" in page.locator("#plan-short-goals").inner_text()
    assert "Tilbage i fast arbejde" in page.locator("#plan-long-goals").inner_text()
    assert page.locator("#sign-form").is_visible()
    check_accessibility(page)

    submit(page, "sign-form")  # the citizen signs today (the form's default)
    page.wait_for_url(f"**/behandling/{pk}/plan/")
    assert page.locator("#sign-form").count() == 0
    assert PlanVersion.objects.filter(treatment_id=pk, signed_on__isnull=False).count() == 1

    page.click("#edit-plan")
    page.fill("#id_goals-0-text", "Ingen alkohol på hverdage")
    submit(page, "plan-form")
    page.wait_for_url(f"**/behandling/{pk}/plan/")
    assert PlanVersion.objects.filter(treatment_id=pk).count() == 3
    check_accessibility(page)
    screenshot(page, "plan")

    page.click("#compare-plan")
    page.wait_for_url(f"**/behandling/{pk}/plan/sammenlign/**")
    assert page.locator("#plan-compare ins").first.is_visible()
    assert page.locator("#plan-compare .tag-changed").count() >= 1
    check_accessibility(page)
    screenshot(page, "plan-compare")

    # A conflicting save: someone else saves while this user edits; the text is kept.
    page.goto(f"/behandling/{pk}/plan/rediger/")
    page.fill("#id_methods", "Min tekst, skrevet mens en anden gemte")
    courses.save_plan(
        town.visitation_caseworker,
        treatment,
        substance_goal="stop",
        goals=[{"text": "Stop helt", "horizon": "short"}],
        methods="",
        responsible=[],
        made_on=timezone.localdate(),
        today=timezone.localdate(),
    )
    submit(page, "plan-form")
    assert page.locator("#plan-conflict").is_visible()
    assert page.locator("#id_methods").input_value() == "Min tekst, skrevet mens en anden gemte"
    check_accessibility(page)
    screenshot(page, "plan-conflict")
    submit(page, "plan-form")  # saving again makes a new version from the user's text
    page.wait_for_url(f"**/behandling/{pk}/plan/")
    assert PlanVersion.objects.get(treatment_id=pk, version=5).methods.startswith("Min tekst")

    page.click("#review-plan")
    page.wait_for_url(f"**/behandling/{pk}/plan/gennemgang/")
    page.fill("#id_note", "Planen holder; næste gennemgang om tre måneder.")
    check_accessibility(page)
    screenshot(page, "plan-review")
    submit(page, "review-form")
    page.wait_for_url(f"**/behandling/{pk}/plan/")
    assert PlanReview.objects.filter(treatment_id=pk).count() == 1
    assert "næste gennemgang" in page.locator("#plan-reviews").inner_text()

    page.goto(f"/behandling/{pk}/udskrivning/")
    page.select_option("#id_status", "completed")
    page.select_option("#id_outcome", "reduced")
    check_accessibility(page)
    screenshot(page, "discharge-form")
    submit(page, "discharge-form")
    page.wait_for_url(f"**/behandling/{pk}/udskrivning/")
    assert Discharge.objects.filter(treatment_id=pk).exists()
    rows = page.locator("#follow-up-deadlines tbody tr")
    assert rows.count() == 3  # Odsherred: 1 and 3 months (the standard), 6 months (the law)
    assert page.locator("#follow-up-deadlines .basis-law").count() == 2
    check_accessibility(page)
    screenshot(page, "discharge")

    page.click("#record-follow-up")
    page.wait_for_url(f"**/behandling/{pk}/opfoelgning/")
    page.select_option("#id_reached", "yes")
    submit(page, "follow-up-form")  # reached, but no result written
    assert page.locator("#id_result-error").is_visible()
    check_accessibility(page)
    page.fill("#id_result", "Har reduceret forbruget og er i arbejde.")
    submit(page, "follow-up-form")
    page.wait_for_url(f"**/behandling/{pk}/opfoelgning/")
    assert FollowUp.objects.filter(treatment_id=pk, reached=True).count() == 1
    assert "Har reduceret forbruget" in page.locator("#follow-ups-recorded").inner_text()
    check_accessibility(page)
    screenshot(page, "follow-up-record")

    page.goto("/opfoelgning/")
    assert "Fiktiv Browserborger" in page.locator("#follow-ups-due").inner_text()
    assert "Har reduceret forbruget" in page.locator("#follow-ups-recent").inner_text()
    check_accessibility(page)
    screenshot(page, "follow-ups")
