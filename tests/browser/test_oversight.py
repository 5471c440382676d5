"""Oversight in a real browser: register a complaint with its route, re-assess and forward it,
register a provider and read the municipality's standard with its findings."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town, cpr_for
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses
from vendepunkt.rules.standards import registry
from vendepunkt.standards.services import record_versions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def citizen_with_decision(town):
    today = timezone.localdate()
    client = citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(today.replace(year=today.year - 25) - dt.timedelta(days=40), seed=7),
        name="Fiktiv Klager",
        today=today,
    )
    course = courses.record_contact(
        town.treater,
        client,
        at=timezone.now() - dt.timedelta(days=20),
        channel="phone",
        made_by="self",
        legal_track="SEL-101",
        substances=["cannabis"],
        main_substance="cannabis",
        wish_for_treatment=True,
        today=today,
    ).contact_course
    application = courses.apply_for_service(
        town.treater, course, service_id="mi", applied_on=today - dt.timedelta(days=19), today=today
    )
    decision = courses.decide(
        town.centre_leader,
        application,
        outcome="grant",
        legal_basis="SEL-101",
        reasons="I målgruppen.",
        decided_on=today - dt.timedelta(days=12),
        today=today,
    )
    courses.mark_decision_sent(
        town.centre_leader, decision, sent_on=decision.decided_on, today=today
    )
    return client, decision


def test_register_reassess_and_forward_a_complaint(page):
    town = Town("herning")
    client, decision = citizen_with_decision(town)
    login(page, town.visitation_caseworker)

    page.goto(f"/klager/ny/?client={client.pk}")
    assert page.locator("#complaint-client").inner_text().endswith("Fiktiv Klager")
    check_accessibility(page)
    screenshot(page, "oversight-complaint-new")
    # HTMX: the route follows the chosen kind
    page.select_option("#id_kind", "medical_treatment")
    page.wait_for_selector('#route-facts[data-kind="medical_treatment"]')
    assert "Styrelsen for Patientklager" in page.locator("#complaint-route").inner_text()
    page.select_option("#id_kind", "social_decision")
    page.wait_for_selector('#route-facts[data-kind="social_decision"]')
    assert page.locator("#route-next-instance").inner_text().startswith("Ankestyrelsen")
    page.select_option("#id_decision", str(decision.pk))
    page.fill("#id_representative", "Advokat Fiktiv")
    page.fill("#id_text", "Borgeren er uenig i afgørelsen.")
    page.click("#register-complaint")
    # a representative without a power of attorney: refused at its field, nothing lost
    assert page.locator("#id_power_of_attorney-error").is_visible()
    assert page.input_value("#id_text") == "Borgeren er uenig i afgørelsen."
    check_accessibility(page)
    screenshot(page, "oversight-complaint-new-error")
    page.check("#id_power_of_attorney")
    page.click("#register-complaint")
    page.wait_for_url("**/klager/*/")
    assert page.locator("#deadline-complaint_reassessment").is_visible()
    check_accessibility(page)
    screenshot(page, "oversight-complaint-detail")

    page.check("#id_reassess-keep_decision_0")
    page.fill("#id_reassess-outcome", "Afgørelsen fastholdes efter genvurdering.")
    page.click("#reassess-submit")
    page.wait_for_selector("#forward-form")
    assert "Ankestyrelsen" in page.locator("#forward-to").inner_text()
    check_accessibility(page)
    page.click("#forward-submit")
    page.wait_for_selector("#forwarding")
    assert page.locator("#forwarded-to").inner_text() == "Ankestyrelsen"
    check_accessibility(page)
    screenshot(page, "oversight-complaint-forwarded")

    page.click("#back-to-complaints")
    page.wait_for_url("**/klager/")
    assert page.locator("#complaints tbody tr").count() == 1
    assert "Fiktiv Klager" in page.locator("#complaints").inner_text()
    check_accessibility(page)
    screenshot(page, "oversight-complaints")


def test_register_a_provider_and_read_the_standard(page):
    town = Town("herning")
    record_versions([registry.get("herning")], timezone.localdate())
    login(page, town.centre_leader)

    page.goto("/leverandoerer/")
    assert page.locator("#no-providers").is_visible()
    check_accessibility(page)
    page.click("#provider-new-link")
    page.wait_for_url("**/leverandoerer/ny/")
    check_accessibility(page)
    page.fill("#id_name", "Fiktiv Døgnbehandling")
    page.fill("#id_cvr", "1234")
    page.check("#id_approved_for_0")
    page.check("#id_settings_offered_2")
    page.check("#id_ownership_1")
    page.check("#id_on_tilbudsportalen")
    page.click("#register-provider")
    assert page.locator("#id_cvr-error").is_visible()
    assert page.input_value("#id_name") == "Fiktiv Døgnbehandling"
    assert page.is_checked("#id_approved_for_0")
    check_accessibility(page)
    screenshot(page, "oversight-provider-new-error")
    page.fill("#id_cvr", "87654321")
    page.fill("#id_capacity", "8")
    page.click("#register-provider")
    page.wait_for_url("**/leverandoerer/")
    row = page.locator("#providers tbody tr")
    assert row.count() == 1 and "Fiktiv Døgnbehandling" in row.inner_text()
    assert "Serviceloven § 101" in row.inner_text()
    check_accessibility(page)
    screenshot(page, "oversight-providers")

    page.goto("/kvalitetsstandard/")
    assert page.locator("#findings tbody tr").count() > 0
    assert (
        page.locator("#recorded-version code").inner_text() == registry.get("herning").sha256[:12]
    )
    check_accessibility(page)
    screenshot(page, "oversight-my-standard")


def test_the_administrator_gives_a_new_user_a_role(page):
    from vendepunkt.accounts.models import User

    town = Town("herning")
    newcomer = User.objects.create_user(
        username="ny.fra.idp",
        first_name="Fiktiv",
        last_name="Nyansat",
        municipality=town.municipality,
    )
    login(page, town.administrator)  # lands on the staff administration
    assert page.locator("nav.main-nav a[href='/personale/']").count() == 1
    assert "ingen rolle" in page.locator(f"#staff-{newcomer.pk}").inner_text()
    check_accessibility(page)
    screenshot(page, "staff")
    page.click(f"#staff-{newcomer.pk} a")
    page.wait_for_url(f"**/personale/{newcomer.pk}/")
    check_accessibility(page)
    page.select_option("#id_role", "treater")
    page.check(f"input[name=teams][value='{town.team.pk}']")
    page.click("#save-staff")
    page.wait_for_url("**/personale/")
    assert "Behandler" in page.locator(f"#staff-{newcomer.pk}").inner_text()
    check_accessibility(page)
    screenshot(page, "staff-after")
