"""End-to-end journeys through the staff application, as a user walks them: the whole course of
an identified citizen, an anonymous client's course, a complaint from registration to
forwarding, and the language switch.

Everything a journey does happens through the pages; only the staff (and, for the complaint, the
decision complained about) are set up through the services. Elements are found by id, `name`,
URL or value, never by their text, so the journeys hold in Danish and English alike. axe-core
checks every page visited, and each step leaves a screenshot `journey-<name>-<step>`."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town, cpr_for
from vendepunkt.citizens import services as citizens
from vendepunkt.citizens.models import Client
from vendepunkt.courses import services as courses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The citations the deadlines carry (from the law floor: the same in both languages).
GUARANTEE = "SEL § 101 stk. 4"
COMPLAINT_PERIOD = "Retssikkerhedsloven §§ 66-67"


def today() -> dt.date:
    return timezone.localdate()


class Steps:
    """Every page a journey visits is checked with axe-core and kept as a screenshot,
    `journey-<name>-<nn>-<step>`, numbered in the order the steps were taken."""

    def __init__(self, journey: str):
        self.journey = journey
        self.taken = 0

    def __call__(self, page, name: str) -> None:
        check_accessibility(page)
        self.taken += 1
        screenshot(page, f"journey-{self.journey}-{self.taken:02d}-{name}")


def submit(page, selector: str) -> None:
    """Press a submit button and wait for the page it leads to (also when the URL is the same)."""
    with page.expect_navigation():
        page.click(selector)


def deadline(page, kind: str):
    """The course page's row of one kind of deadline (there is one per kind on these courses)."""
    return page.locator(f'#deadline-table tr[data-kind="{kind}"]')


def deadline_status(page, kind: str) -> str:
    """open, met, breached, waived or lapsed: the row's class names it, whatever the language."""
    rows = page.locator(f'#deadline-table tr[data-kind="{kind}"]')
    assert rows.count() == 1, f"{rows.count()} rows of {kind}"
    found = re.search(
        r"\bdeadline-(open|met|breached|waived|lapsed)\b", rows.get_attribute("class")
    )
    assert found, rows.get_attribute("class")
    return found[1]


def course_id_from(url: str) -> int:
    found = re.search(r"/forloeb/(\d+)/", url)
    assert found, url
    return int(found[1])


def tracks_offered(page) -> list[str]:
    return page.locator("input[name=legal_track]").evaluate_all("els => els.map(e => e.value)")


def worklist_rows(page, name: str):
    return page.locator("#worklist tbody tr").filter(has_text=name)


# --- 1. the whole course ----------------------------------------------------------------------


def test_the_whole_course_of_an_identified_citizen(page, tmp_path):
    step = Steps("course")
    name = "Fiktiv Helforløbsen"
    number = cpr_for(dt.date(1986, 9, 17), sex="male", seed=11)
    masked = f"{number[:6]}-xxxx"
    town = Town("herning")
    town.treater.first_name, town.treater.last_name = "Tove", "Behandler"
    town.treater.save()
    caseworker = town.visitation_caseworker

    # Sign in with two factors; the worklist is empty.
    page.goto("/login/")
    step(page, "login")
    login(page, caseworker)
    assert page.locator("#worklist").count() == 0
    step(page, "worklist-empty")

    # A new contact for a citizen not yet registered, with a wish for treatment.
    page.click("nav.main-nav a[href='/henvendelse/ny/']")
    page.wait_for_url("**/henvendelse/ny/")
    step(page, "contact-new")
    page.check("input[name=identity][value=identified]")
    page.fill("#id_cpr", number)
    page.fill("#id_name", name)
    page.select_option("#id_channel", "in_person")
    page.select_option("#id_made_by", "self")
    page.check("input[name=substances][value=drugs]")
    page.select_option("#id_main_substance", "drugs")
    page.check("#id_wish_for_treatment")
    page.check("#id_personal_attendance")
    page.check("input[name=legal_track][value=SEL-101]")
    page.fill("#id_note", "Møder op og ønsker behandling.")
    submit(page, "#save-contact")
    assert re.search(r"/forloeb/\d+/$", page.url), page.url
    course_id = course_id_from(page.url)
    assert page.locator("h1").inner_text() == name
    assert page.locator(".alert-success").count() >= 1
    assert number not in page.content()  # the full CPR number is never shown
    # The request for treatment starts the guarantee; nothing has closed it yet.
    assert deadline_status(page, "treatment_guarantee") == "open"
    assert deadline(page, "treatment_guarantee").locator("a.resolve-link").count() == 1
    step(page, "course-opened")

    # The worklist now shows the citizen's open deadlines, the guarantee among them.
    page.click("nav.main-nav a[href='/arbejdsliste/']")
    page.wait_for_url("**/arbejdsliste/**")
    rows = worklist_rows(page, name)
    assert rows.filter(has_text=GUARANTEE).count() == 1
    # the deadline links to where its work is done, under the course (issue 13 § 5)
    assert rows.filter(has_text=GUARANTEE).locator(f"a[href^='/forloeb/{course_id}/']").count() == 1
    step(page, "worklist-open")

    # The assessment, with ASI answers: the composite panel updates as they are entered.
    page.goto(f"/forloeb/{course_id}/udredning/ny/")
    step(page, "assessment-new")
    page.select_option("#id_phase", "intake")
    page.fill("#id_text", "Dagligt forbrug af stoffer; ønsker behandling og hjælp til arbejde.")
    page.select_option("#id_load_degree", "high")
    for item, value in (("M6", "12"), ("M7", "2"), ("M8", "3")):
        page.fill(f"#id_{item}", value)
        page.keyboard.press("Tab")  # leaving the field fires the change event (HTMX)
    page.wait_for_function(
        "() => document.querySelector('#asi-results tr[data-domain=medical] .asi-score') !== null"
    )
    live = page.locator("#asi-results tr[data-domain=medical] .asi-score").inner_text()
    assert re.fullmatch(r"0[.,]\d{3}", live), live
    step(page, "assessment-live")
    with page.expect_navigation():
        page.click("#save-assessment")
    assert page.url.endswith(f"/forloeb/{course_id}/udredninger/")
    assert page.locator("#assessments th[data-assessment]").count() == 1
    step(page, "assessments")

    # An application for a service, from the course page.
    page.goto(f"/forloeb/{course_id}/")
    step(page, "course-before-application")
    page.click(f"a[href='/forloeb/{course_id}/ansoegning/ny/']")
    page.wait_for_url(f"**/forloeb/{course_id}/ansoegning/ny/")
    assert page.locator("#client-name").inner_text() == name
    step(page, "application-new")
    page.select_option("#id_service_id", "primaer-ambulant-move")
    page.fill("#id_note", "Ambulant behandling efter MOVE.")
    submit(page, "form.service-form button[type=submit]")
    assert page.url.endswith("/visitation/")
    waiting = page.locator("tr.agenda-row").filter(has_text=name)
    assert waiting.count() >= 1  # listed under each forum that may grant it
    waiting = waiting.first
    step(page, "agenda")

    # The decision: a grant, with reasons.
    waiting.locator("a[href$='/afgoerelse/']").click()
    page.wait_for_url("**/ansoegninger/*/afgoerelse/")
    assert page.locator("#eligibility .eligibility-ok").count() == 1
    step(page, "decision")
    page.check("input[name=outcome][value=grant]")
    assert page.locator("#id_legal_basis").input_value() == "SEL-101"
    page.fill("#id_valid_from", today().isoformat())
    page.fill(
        "#id_reasons",
        "Borgeren er i målgruppen for ambulant behandling efter serviceloven § 101.",
    )
    submit(page, "#decision-form button[type=submit]")
    assert re.search(r"/afgoerelser/\d+/brev/$", page.url), page.url
    decision_id = int(re.search(r"/afgoerelser/(\d+)/", page.url)[1])

    # The letter: the preview, and the PDF with the CPR number masked.
    frame = page.frame_locator("iframe.letter-preview")
    assert name in frame.locator("body").inner_text()
    step(page, "letter")
    pdf_url = f"**/afgoerelser/{decision_id}/brev/pdf/"
    with page.expect_response(pdf_url) as answer, page.expect_download() as info:
        page.click("#download-pdf")
    response = answer.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert info.value.suggested_filename == f"afgoerelse-{decision_id}.pdf"
    pdf_path = tmp_path / info.value.suggested_filename
    info.value.save_as(pdf_path)
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF-")
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert name in text
    assert number not in text and number.replace("-", "") not in text
    assert masked in text

    # Mark the letter sent: the complaint period starts.
    submit(page, "#sent-form button[type=submit]")
    assert page.url.endswith(f"/afgoerelser/{decision_id}/brev/")
    assert page.locator("#sent-form").count() == 0
    step(page, "letter-sent")
    page.goto(f"/forloeb/{course_id}/")
    assert deadline_status(page, "complaint_period") == "open"
    assert deadline_status(page, "treatment_guarantee") == "open"
    step(page, "course-decided")

    # Start treatment on the grant: the guarantee is met.
    page.click("#start-treatment-link")
    page.wait_for_url(f"**/forloeb/{course_id}/start-behandling/")
    step(page, "start-treatment")
    page.select_option("#id_team", str(town.team.pk))
    page.fill("#id_start_on", today().isoformat())
    page.select_option("#id_treater", str(town.treater.pk))
    page.select_option("#id_decision", str(decision_id))
    submit(page, "#start-form button[type=submit]")
    assert page.url.endswith(f"/forloeb/{course_id}/#treatment")
    assert "Tove Behandler" in page.locator("#treatment-facts").inner_text()
    assert deadline_status(page, "treatment_guarantee") == "met"
    assert deadline_status(page, "plan_at_start") == "open"
    step(page, "treatment-started")

    page.click("nav.main-nav a[href='/arbejdsliste/']")
    page.wait_for_url("**/arbejdsliste/**")
    rows = worklist_rows(page, name)
    assert rows.filter(has_text=GUARANTEE).count() == 0  # met: no longer on the worklist
    # the plan is the treater's work, not on the caseworker's worklist (issue 13 § 5, D104)
    assert rows.filter(has_text="Behandlingsplan ved start").count() == 0
    # the citizen's complaint period is not a task for staff (D17): not on the worklist...
    assert rows.filter(has_text=COMPLAINT_PERIOD).count() == 0
    step(page, "worklist-after-start")

    # The treatment plan, made and signed.
    page.goto(f"/forloeb/{course_id}/")
    assert deadline_status(page, "complaint_period") == "open"  # ...but on the course page
    step(page, "course-in-treatment")
    plan_link = page.locator("ul.course-links a[href$='/plan/']")
    treatment_id = int(re.search(r"/behandling/(\d+)/", plan_link.get_attribute("href"))[1])
    plan_link.click()
    page.wait_for_url(f"**/behandling/{treatment_id}/plan/")
    assert page.locator("#no-plan").is_visible()
    step(page, "plan-empty")
    page.click("#edit-plan")
    page.wait_for_url(f"**/behandling/{treatment_id}/plan/rediger/")
    page.select_option("#id_substance_goal", "stop")
    page.fill("#id_goals-0-text", "Stoffrihed i behandlingsperioden")
    page.fill("#id_goals-1-text", "Tilbage i uddannelse")
    page.select_option("#id_goals-1-horizon", "long")
    page.fill("#id_responsible-0-actor", "Borgeren")
    page.fill("#id_responsible-0-task", "Møder op til aftalerne")
    page.fill("#id_methods", "MOVE\nMotiverende samtale")
    step(page, "plan-edit")
    submit(page, "#plan-form button[type=submit]")
    assert page.url.endswith(f"/behandling/{treatment_id}/plan/")
    assert page.locator("#sign-form").is_visible()
    step(page, "plan-saved")
    # The standard asks for a copy to the citizen too (D73): record it with the signature.
    if page.locator("#id_copy_given_on").count():
        page.fill("#id_copy_given_on", page.input_value("#id_signed_on"))
        page.select_option("#id_copy_how", "handed")
    submit(page, "#sign-form button[type=submit]")
    assert page.locator("#sign-form").count() == 0
    assert page.locator("#plan-signed-on .status-at-risk").count() == 0
    step(page, "plan-signed")
    page.goto(f"/forloeb/{course_id}/")
    assert deadline_status(page, "plan_at_start") == "met"
    assert deadline_status(page, "plan_review") == "open"  # Herning: every 3 months
    step(page, "course-plan-made")

    # An appointment, recorded as a no-show (the row is updated in place), on the section's page.
    page.click("#appointments-link")
    page.wait_for_load_state("load")
    page.fill("#id_appointment-day", today().isoformat())
    page.fill("#id_appointment-time", "00:05")
    page.select_option("#id_appointment-kind", "individual")
    submit(page, "#appointment-form button[type=submit]")
    row = page.locator("#appointment-table tbody tr").first
    assert "appointment-planned" in row.get_attribute("class")
    appointment = row.get_attribute("id").removeprefix("appointment-")
    step(page, "appointment")
    page.click("#appointments-link")
    page.wait_for_load_state("load")
    url_before = page.url
    page.select_option(f"#id_att{appointment}-status", "no_show")
    page.click(f"#attendance-form-{appointment} button[type=submit]")
    page.locator(f"#appointment-{appointment}.appointment-no_show").wait_for()
    assert page.url == url_before
    assert page.locator(f"#appointment-{appointment} .gift-voucher").count() == 0
    step(page, "no-show")

    # Discharge, completed as planned: the follow-ups are scheduled.
    page.goto(f"/forloeb/{course_id}/")
    page.click(f"ul.course-links a[href='/behandling/{treatment_id}/udskrivning/']")
    page.wait_for_url(f"**/behandling/{treatment_id}/udskrivning/")
    step(page, "discharge-form")
    page.select_option("#id_status", "completed")
    page.select_option("#id_outcome", "abstinent")
    submit(page, "#discharge-form button[type=submit]")
    assert page.locator("#discharge-record").is_visible()
    follow_ups = page.locator("#follow-up-deadlines tbody tr")
    assert follow_ups.count() >= 2
    assert page.locator("#follow-up-deadlines tr.deadline-open").count() == follow_ups.count()
    step(page, "discharged")

    # A follow-up, recorded: the earliest follow-up deadline is met.
    page.click("#record-follow-up")
    page.wait_for_url(f"**/behandling/{treatment_id}/opfoelgning/")
    step(page, "follow-up-form")
    page.select_option("#id_reached", "yes")
    page.fill("#id_result", "Fortsat stoffri og i gang med uddannelse.")
    submit(page, "#follow-up-form button[type=submit]")
    assert "Fortsat stoffri" in page.locator("#follow-ups-recorded").inner_text()
    assert page.locator("#follow-up-deadlines tr.deadline-met").count() == 1
    step(page, "follow-up-recorded")

    page.goto(f"/forloeb/{course_id}/")
    met = page.locator('#deadline-table tr[data-kind="follow_up"].deadline-met')
    assert met.count() == 1
    assert deadline_status(page, "treatment_guarantee") == "met"
    assert deadline_status(page, "plan_at_start") == "met"
    # discharged before the review fell due: no review is owed any more
    assert page.locator('#deadline-table tr[data-kind="plan_review"].deadline-open').count() == 0
    step(page, "course-after")


# --- 2. an anonymous client's course --------------------------------------------------------

# The tracks the law allows an anonymous client: anonymous drug treatment (SEL § 101 a), alcohol
# treatment (SUL § 141) and counselling; never SEL § 101 or the medical SUL § 142.
ANONYMOUS_TRACKS = {"SEL-101a", "SUL-141", "counselling"}


def test_an_anonymous_alcohol_client_from_contact_to_treatment(page):
    step = Steps("anonymous")
    town = Town("odsherred")
    login(page, town.visitation_caseworker)
    step(page, "worklist")

    # A new contact for an anonymous person: a CPR number and a track the law closes to
    # anonymity are both refused next to their fields, and nothing is stored.
    page.click("nav.main-nav a[href='/henvendelse/ny/']")
    page.wait_for_url("**/henvendelse/ny/")
    step(page, "contact-new")
    # Before the person is known, every track of the standard is offered; a hint names the
    # ones the law allows anonymously, and saving checks the choice.
    offered = tracks_offered(page)
    assert set(offered) == {"SEL-101", "SEL-101a", "SUL-141", "SUL-142", "counselling"}, offered
    page.check("input[name=identity][value=anonymous]")
    page.fill("#id_cpr", cpr_for(dt.date(1979, 4, 2), sex="male", seed=5))
    page.fill("#id_birth_year", "1979")
    page.select_option("#id_sex", "male")
    page.select_option("#id_channel", "phone")
    page.check("input[name=substances][value=alcohol]")
    page.select_option("#id_main_substance", "alcohol")
    page.check("#id_wish_for_treatment")
    page.check("#id_personal_attendance")
    page.check("input[name=legal_track][value=SEL-101]")
    submit(page, "#save-contact")
    assert page.url.endswith("/henvendelse/ny/")
    assert page.locator("#id_cpr-error").is_visible()
    assert page.locator("#id_legal_track-error").is_visible()
    assert page.is_checked("input[name=identity][value=anonymous]")
    assert not Client.objects.filter(municipality=town.municipality).exists()
    step(page, "contact-refused")

    page.fill("#id_cpr", "")
    page.check("input[name=legal_track][value=SUL-141]")
    submit(page, "#save-contact")
    assert re.search(r"/forloeb/\d+/$", page.url), page.url
    course_id = course_id_from(page.url)
    heading = page.locator("h1").inner_text()  # the display name: a word for "anonymous" + code
    code = re.search(r"\bA-[A-Z0-9]+\b", heading)[0]
    assert deadline_status(page, "treatment_guarantee") == "open"
    step(page, "course-opened")

    # The citizen page shows the anonymous code, and no CPR number was stored.
    page.click("#course-facts a[href^='/borgere/']")
    page.wait_for_url("**/borgere/*/")
    assert page.locator("#anonymous-code").inner_text() == code
    assert page.locator("#masked-cpr").count() == 0
    client = Client.objects.get(municipality=town.municipality)
    assert client.anonymous and client.code == code
    assert client.cpr_encrypted == "" and client.cpr_hash is None and client.birth_date is None
    assert client.name == ""
    step(page, "citizen")

    # A further contact for the anonymous client offers only the tracks the law allows.
    page.click("#new-contact")
    page.wait_for_url(f"**/henvendelse/ny/?client={client.pk}")
    assert page.locator("#id_cpr").count() == 0
    offered = tracks_offered(page)
    assert set(offered) == ANONYMOUS_TRACKS, offered
    step(page, "contact-offered-tracks")

    # Apply, decide under SUL § 141, send the letter.
    page.goto(f"/forloeb/{course_id}/")
    step(page, "course-before-application")
    page.click(f"a[href='/forloeb/{course_id}/ansoegning/ny/']")
    page.wait_for_url(f"**/forloeb/{course_id}/ansoegning/ny/")
    step(page, "application-new")
    page.select_option("#id_service_id", "lav-intensiv")
    submit(page, "form.service-form button[type=submit]")
    waiting = page.locator("tr.agenda-row").filter(has_text=code)
    assert waiting.count() >= 1
    step(page, "agenda")
    waiting.first.locator("a[href$='/afgoerelse/']").click()
    page.wait_for_url("**/ansoegninger/*/afgoerelse/")
    assert page.locator("#eligibility .eligibility-ok").count() == 1
    # The legal basis proposed is the course's track, SUL § 141.
    assert page.locator("#id_legal_basis").input_value() == "SUL-141"
    step(page, "decision")
    page.check("input[name=outcome][value=grant]")
    page.select_option("#id_legal_basis", "SUL-141")
    page.fill("#id_reasons", "Borgeren ønsker anonym alkoholbehandling (sundhedsloven § 141).")
    submit(page, "#decision-form button[type=submit]")
    assert re.search(r"/afgoerelser/\d+/brev/$", page.url), page.url
    decision_id = int(re.search(r"/afgoerelser/(\d+)/", page.url)[1])
    assert code in page.frame_locator("iframe.letter-preview").locator("body").inner_text()
    step(page, "letter")
    submit(page, "#sent-form button[type=submit]")
    assert page.locator("#sent-form").count() == 0
    step(page, "letter-sent")

    # Start treatment: the guarantee is met.
    page.goto(f"/forloeb/{course_id}/")
    step(page, "course-decided")
    page.click("#start-treatment-link")
    page.wait_for_url(f"**/forloeb/{course_id}/start-behandling/")
    step(page, "start-treatment")
    page.select_option("#id_team", str(town.team.pk))
    page.fill("#id_start_on", today().isoformat())
    page.select_option("#id_treater", str(town.treater.pk))
    page.select_option("#id_decision", str(decision_id))
    submit(page, "#start-form button[type=submit]")
    assert page.url.endswith(f"/forloeb/{course_id}/#treatment")
    assert deadline_status(page, "treatment_guarantee") == "met"
    assert page.locator('#service-table [data-service="lav-intensiv"]').count() == 1
    step(page, "treatment-started")


# --- 3. a complaint from registration to forwarding -----------------------------------------


def decided_and_sent(town, name: str):
    """A citizen with a granted decision whose letter went out 12 days ago (through the
    services: the journey starts when the complaint arrives)."""
    now = timezone.now()
    client = citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(dt.date(1995, 1, 30), seed=17),
        name=name,
        today=today(),
    )
    course = courses.record_contact(
        town.treater,
        client,
        at=now - dt.timedelta(days=20),
        channel="phone",
        made_by="self",
        legal_track="SEL-101",
        substances=["cannabis"],
        main_substance="cannabis",
        wish_for_treatment=True,
        today=today(),
    ).contact_course
    application = courses.apply_for_service(
        town.treater,
        course,
        service_id="mi",
        applied_on=today() - dt.timedelta(days=19),
        today=today(),
    )
    decision = courses.decide(
        town.centre_leader,
        application,
        outcome="grant",
        legal_basis="SEL-101",
        reasons="I målgruppen for motiverende samtaler.",
        decided_on=today() - dt.timedelta(days=12),
        today=today(),
    )
    courses.mark_decision_sent(
        town.centre_leader, decision, sent_on=decision.decided_on, today=today()
    )
    return client, course, decision


def test_a_complaint_from_registration_to_forwarding(page):
    step = Steps("complaint")
    name = "Fiktiv Klagesen"
    town = Town("herning")
    client, course, decision = decided_and_sent(town, name)
    login(page, town.visitation_caseworker)
    step(page, "worklist")

    page.click("nav.main-nav a[href='/klager/']")
    page.wait_for_url("**/klager/")
    assert page.locator("#complaints").count() == 0
    step(page, "complaints-empty")

    # Find the citizen the complaint comes from.
    page.click("nav.main-nav a[href='/borgere/']")
    page.wait_for_url("**/borgere/")
    page.fill("#id_query", "klagesen")
    submit(page, "#citizen-search-form button[type=submit]")
    step(page, "citizen-found")
    page.locator(f"#results a[href='/borgere/{client.pk}/']").click()
    page.wait_for_url(f"**/borgere/{client.pk}/")
    step(page, "citizen")
    # The complaints page says to register a complaint from the citizen's page; the page has no
    # such link (yet), so the registration form is opened at its address.
    register = page.locator("a[href^='/klager/ny/']")
    if register.count():
        register.first.click()
        page.wait_for_url("**/klager/ny/**")
    else:
        page.goto(f"/klager/ny/?client={client.pk}")
    assert name in page.locator("#complaint-client").inner_text()
    step(page, "complaint-new")

    # The route follows the kind of complaint, from the standard (HTMX).
    page.select_option("#id_kind", "medical_treatment")
    page.wait_for_selector('#route-facts[data-kind="medical_treatment"]')
    assert "Styrelsen for Patientklager" in page.locator("#complaint-route").inner_text()
    page.select_option("#id_kind", "social_decision")
    page.wait_for_selector('#route-facts[data-kind="social_decision"]')
    assert page.locator("#route-next-instance").inner_text().startswith("Ankestyrelsen")
    step(page, "complaint-route")
    page.select_option("#id_decision", str(decision.pk))
    page.select_option("#id_form", "written")
    page.fill("#id_text", "Borgeren ønsker døgnbehandling i stedet for samtaler.")
    submit(page, "#register-complaint")
    assert re.search(r"/klager/\d+/$", page.url), page.url
    assert page.locator("#route-facts[data-kind='social_decision']").is_visible()
    assert page.locator("#deadline-complaint_reassessment").is_visible()
    assert page.locator("#deadline-complaint_forwarding").count() == 0  # only if kept
    assert page.locator("#reassess-form").is_visible()
    step(page, "complaint-registered")

    # The re-assessment keeps the decision: the complaint is to go to Ankestyrelsen.
    page.check("input[name=reassess-keep_decision][value=yes]")
    page.fill("#id_reassess-outcome", "Afgørelsen fastholdes efter genvurdering.")
    submit(page, "#reassess-submit")
    assert page.locator("#reassessment").is_visible()
    assert page.locator("#deadline-complaint_reassessment .status-met").count() == 1
    assert "Ankestyrelsen" in page.locator("#forward-to").inner_text()
    assert page.locator("#forward-form").is_visible()
    step(page, "reassessed")

    submit(page, "#forward-submit")
    assert page.locator("#forwarded-to").inner_text() == "Ankestyrelsen"
    assert page.locator("#forward-form").count() == 0
    assert page.locator("#deadline-complaint_forwarding .status-met").count() == 1
    step(page, "forwarded")

    page.click("#back-to-complaints")
    page.wait_for_url("**/klager/")
    row = page.locator("#complaints tbody tr").filter(has_text=name)
    assert row.count() == 1
    assert "Ankestyrelsen" in row.locator(".forwarded").inner_text()
    step(page, "complaints")

    # On the course, the complaint came in time and both handling deadlines are met.
    page.goto(f"/forloeb/{course.pk}/")
    assert deadline_status(page, "complaint_period") == "met"
    assert deadline_status(page, "complaint_reassessment") == "met"
    assert deadline_status(page, "complaint_forwarding") == "met"
    step(page, "course")


# --- 4. the language switch --------------------------------------------------------------------


def switch_language(page, code: str) -> None:
    page.select_option("#language", code)
    submit(page, "form.lang-switch button[type=submit]")


def test_switch_to_english_and_back_to_danish(page):
    step = Steps("language")
    town = Town("herning")
    login(page, town.treater)
    page.click("nav.main-nav a[href='/borgere/']")
    page.wait_for_url("**/borgere/")
    assert page.get_attribute("html", "lang") == "da"
    danish = page.locator("h1").inner_text()
    step(page, "danish")

    switch_language(page, "en")
    assert page.url.endswith("/borgere/")  # back on the same page
    assert page.get_attribute("html", "lang") == "en"
    english = page.locator("h1").inner_text()
    assert english and english != danish
    assert page.locator("#language").input_value() == "en"
    step(page, "english")

    # The choice holds on the next page.
    page.click("nav.main-nav a[href='/arbejdsliste/']")
    page.wait_for_url("**/arbejdsliste/**")
    assert page.get_attribute("html", "lang") == "en"
    worklist_english = page.locator("h1").inner_text()
    step(page, "english-next-page")

    switch_language(page, "da")
    assert "/arbejdsliste/" in page.url
    assert page.get_attribute("html", "lang") == "da"
    assert page.locator("h1").inner_text() != worklist_english
    page.click("nav.main-nav a[href='/borgere/']")
    page.wait_for_url("**/borgere/")
    assert page.locator("h1").inner_text() == danish
    step(page, "danish-again")
