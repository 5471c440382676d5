"""Visitation screens: the forums' agendas, applying, deciding with eligibility explained, the
letter (preview, PDF, sent), waivers of the guarantee and the free choice of provider."""

import datetime as dt
import re

import pytest
from django.utils import formats, timezone, translation

from tests.db.factories import Town, cpr_for, grant_for
from tests.web.conftest import signed_in
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Application, CourseDeadline, Decision, Waiver
from vendepunkt.providers import services as providers
from vendepunkt.rules.calendar import earliest_decision
from vendepunkt.web.areas.visitation.views import LETTER_CSP

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
BIRTH = dt.date(TODAY.year - 25, 3, 4)  # 25 years old: within MOVE's 18–30
REFUSED_ROLES = ("secretary", "doctor", "nurse", "auditor")


@pytest.fixture
def hjo(db):
    return Town("hjoerring")


@pytest.fixture
def ods(db):
    return Town("odsherred")


def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def en_date(day):
    with translation.override("en"):
        return formats.date_format(day, "SHORT_DATE_FORMAT")


def citizen(town, seed=1, *, birth=BIRTH, name=None):
    return citizens.register_citizen(
        town.visitation_caseworker,
        town.municipality,
        cpr=cpr_for(birth, seed=seed),
        name=name or f"Fiktiv Borger {seed}",
        today=TODAY,
    )


def open_course(town, client, *, track="SEL-101", substances=("drugs",), days_ago=3):
    contact = courses.record_contact(
        town.visitation_caseworker,
        client,
        at=timezone.now() - dt.timedelta(days=days_ago),
        channel="phone",
        made_by="self",
        legal_track=track,
        substances=list(substances),
        wish_for_treatment=True,
        today=TODAY,
    )
    return contact.contact_course


def apply(town, course, service_id, *, days_ago=1):
    return courses.apply_for_service(
        town.visitation_caseworker,
        course,
        service_id=service_id,
        applied_on=TODAY - dt.timedelta(days=days_ago),
        today=TODAY,
    )


def decided(town, course, service_id, *, actor=None, **extra):
    application = apply(town, course, service_id)
    values = dict(outcome="grant", legal_basis="SEL-101", reasons="I målgruppen.")
    values.update(extra)
    return courses.decide(
        actor or town.centre_leader,
        application,
        decided_on=TODAY - dt.timedelta(days=1),
        today=TODAY,
        **values,
    )


def section(html: str, element_id: str) -> str:
    """The HTML of the <section> with this id."""
    start = html.index(f'id="{element_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def counts():
    return (
        Application.objects.count(),
        Decision.objects.count(),
        Waiver.objects.count(),
        AuditEntry.objects.count(),
    )


def assert_refused(response, status, *secrets):
    assert response.status_code == status
    body = response.content.decode()
    for secret in secrets:
        assert secret not in body


# --- 1. the agenda --------------------------------------------------------------------------


def test_agenda_lists_each_forum_with_its_next_meeting_and_waiting_applications(her):
    residential = apply(her, open_course(her, citizen(her, 1)), "primaer-doegn")
    ambulant = apply(her, open_course(her, citizen(her, 2)), "mi")
    client = english(signed_in(her.visitation_caseworker))
    response = client.get("/visitation/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-current="page"' in html and 'href="/visitation/"' in html
    standard = her.municipality.standard()
    committee = next(f for f in standard.visitation.forums if f.id == "doegnvisitationsudvalg")
    nxt = earliest_decision(committee.schedule, TODAY)
    doegn = section(html, "forum-doegnvisitationsudvalg")
    assert en_date(nxt) in doegn and "the first Tuesday of the month" in doegn
    assert f'id="application-{residential.pk}"' in doegn and "Fiktiv Borger 1" in doegn
    assert f"/ansoegninger/{residential.pk}/afgoerelse/" in doegn
    # MI is granted by the weekly meeting (no weekday stated) and the treatment conference
    weekly = section(html, "forum-ambulant-behandlingsmoede")
    assert "calendar not stated in the standard" in weekly
    assert f'id="application-{ambulant.pk}"' in weekly
    assert f'id="application-{ambulant.pk}"' in section(html, "forum-behandlingskonference")
    assert f'id="application-{ambulant.pk}"' not in doegn
    # the guarantee's due date from the stored deadlines
    guarantee = CourseDeadline.objects.get(
        contact_course=residential.contact_course, kind="treatment_guarantee"
    )
    row = doegn[doegn.index(f'id="application-{residential.pk}"') :]
    assert en_date(guarantee.due) in row[: row.index("</tr>")]
    assert set(
        ReadLogEntry.objects.filter(record_type="visitation_agenda").values_list(
            "client_id", flat=True
        )
    ) == {residential.contact_course.client_id, ambulant.contact_course.client_id}


def test_agenda_flags_a_guarantee_at_risk(her):
    # Herning's residential committee meets the first Tuesday of the month: a request made
    # 13 days ago is due tomorrow, and the next meeting is later on most days of the month.
    course = open_course(her, citizen(her, 1), days_ago=13)
    application = apply(her, course, "primaer-doegn")
    guarantee = CourseDeadline.objects.get(contact_course=course, kind="treatment_guarantee")
    committee = next(
        f for f in her.municipality.standard().visitation.forums if f.id == "doegnvisitationsudvalg"
    )
    expected = earliest_decision(committee.schedule, TODAY) > guarantee.due
    assert guarantee.at_risk is expected
    html = english(signed_in(her.centre_leader)).get("/visitation/").content.decode()
    row = html[html.index(f'id="application-{application.pk}"') :]
    row = row[: row.index("</tr>")]
    assert ("at-risk" in row and "At risk" in row) is expected
    assert ("Open" in row) is not expected


def test_agenda_roles(her, had):
    client = citizen(her, 1, name="Hemmelig Person")
    apply(her, open_course(her, client), "primaer-doegn")
    for role in ("visitation_caseworker", "centre_leader", "treater"):
        response = signed_in(getattr(her, role)).get("/visitation/")
        assert response.status_code == 200 and "Hemmelig Person" in response.content.decode()
    for role in REFUSED_ROLES:
        assert_refused(signed_in(getattr(her, role)).get("/visitation/"), 403, "Hemmelig Person")
    other = signed_in(had.visitation_caseworker).get("/visitation/")
    assert other.status_code == 200 and "Hemmelig Person" not in other.content.decode()
    treater = signed_in(her.treater).get("/visitation/").content.decode()
    assert "/afgoerelse/" not in treater  # treaters see the agenda but do not decide


def test_a_treater_sees_only_the_agenda_of_their_teams(had):
    intake = apply(had, open_course(had, citizen(had, 1, name="Intake Person")), "move")
    course = open_course(had, citizen(had, 2, name="Team Person"))
    grant_for(had, course, on=TODAY, today=TODAY)
    courses.start_treatment(
        had.visitation_caseworker, course, team=had.team, start_on=TODAY, today=TODAY
    )
    apply(had, course, "stof-dagbehandling")
    outsider = had.user("treater", team=had.other_team)
    mine = signed_in(had.treater).get("/visitation/").content.decode()
    theirs = signed_in(outsider).get("/visitation/").content.decode()
    assert "Team Person" in mine and "Intake Person" in mine
    assert "Team Person" not in theirs and f'id="application-{intake.pk}"' in theirs


def test_decided_applications_leave_the_agenda_until_the_letter_is_sent(had):
    course = open_course(had, citizen(had, 1))
    decision = decided(had, course, "move")
    client = signed_in(had.centre_leader)
    html = client.get("/visitation/").content.decode()
    assert f'id="application-{decision.application_id}"' not in html
    assert f'id="decision-{decision.pk}"' in section(html, "unsent")
    courses.mark_decision_sent(had.centre_leader, decision, sent_on=TODAY, today=TODAY)
    assert f'id="decision-{decision.pk}"' not in client.get("/visitation/").content.decode()


def test_agenda_query_count_does_not_grow(her, django_assert_max_num_queries):
    for seed in range(2):
        apply(her, open_course(her, citizen(her, seed)), "primaer-doegn")
    client = signed_in(her.visitation_caseworker)
    client.get("/visitation/")
    with django_assert_max_num_queries(20) as few:
        client.get("/visitation/")
    for seed in range(2, 10):
        course = open_course(her, citizen(her, seed))
        apply(her, course, "mi")
        if seed % 2:
            decided(her, course, "primaer-doegn", legal_basis="SEL-101")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/visitation/")


# --- 2. applying for a service --------------------------------------------------------------


def test_apply_page_offers_the_services_that_require_visitation_with_their_forums(had):
    course = open_course(had, citizen(had, 1))
    response = signed_in(had.visitation_caseworker).get(f"/forloeb/{course.pk}/ansoegning/ny/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="move"' in html and "Ugentligt visitationsmøde" in html
    assert 'value="aaben-raadgivning"' not in html  # no visitation needed
    assert "<optgroup" in html and "Fiktiv Borger 1" in html
    assert ReadLogEntry.objects.filter(
        record_type="contact_course", record_id=str(course.pk), client_id=course.client_id
    ).exists()


def test_apply_page_roles(had, her):
    course = open_course(had, citizen(had, 1, name="Hemmelig Person"))
    url = f"/forloeb/{course.pk}/ansoegning/ny/"
    for role in ("visitation_caseworker", "centre_leader", "treater"):
        assert signed_in(getattr(had, role)).get(url).status_code == 200
    for role in REFUSED_ROLES:
        assert_refused(signed_in(getattr(had, role)).get(url), 403, "Hemmelig Person")
    assert_refused(signed_in(her.visitation_caseworker).get(url), 404, "Hemmelig Person")
    assert not ReadLogEntry.objects.filter(actor=her.visitation_caseworker).exists()


def test_apply_failed_submit_keeps_the_input_and_writes_nothing(had):
    course = open_course(had, citizen(had, 1))
    client = english(signed_in(had.visitation_caseworker))
    before = counts()
    response = client.post(
        f"/forloeb/{course.pk}/ansoegning/ny/",
        {"service_id": "", "applied_on": TODAY.isoformat(), "note": "Ønsker dagbehandling"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_service_id-error"' in html and "Ønsker dagbehandling" in html
    future = client.post(
        f"/forloeb/{course.pk}/ansoegning/ny/",
        {"service_id": "move", "applied_on": (TODAY + dt.timedelta(days=2)).isoformat()},
    )
    assert future.status_code == 400
    assert "The date cannot be after today." in future.content.decode()
    assert 'value="move" selected' in future.content.decode()
    assert counts() == before


def test_apply_good_submit_goes_through_the_service(had):
    course = open_course(had, citizen(had, 1))
    client = signed_in(had.treater)
    response = client.post(
        f"/forloeb/{course.pk}/ansoegning/ny/",
        {"service_id": "move", "applied_on": TODAY.isoformat(), "note": "Fra forsamtalen"},
    )
    assert response.status_code == 302 and response["Location"] == "/visitation/"
    application = Application.objects.get(contact_course=course)
    assert application.service_id == "move" and application.forum_id == "visitationsmoede"
    assert AuditEntry.objects.filter(
        action="application.made", target_id=str(application.pk), actor=had.treater
    ).exists()
    assert f'id="application-{application.pk}"' in client.get("/visitation/").content.decode()


def test_apply_page_query_count_does_not_grow(had, django_assert_max_num_queries):
    course = open_course(had, citizen(had, 1))
    apply(had, course, "move")
    client = signed_in(had.visitation_caseworker)
    url = f"/forloeb/{course.pk}/ansoegning/ny/"
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    decided(had, course, "stof-dagbehandling")
    for service in ("motivationsgruppe", "individuelle-samtaler", "krop-og-faerdighed"):
        apply(had, course, service)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- 3. the decision ------------------------------------------------------------------------


def test_decision_page_explains_eligibility_in_words(her):
    older = citizen(her, 1, birth=dt.date(TODAY.year - 40, 1, 1))
    application = apply(her, open_course(her, older), "unge-under-18")
    response = english(signed_in(her.visitation_caseworker)).get(
        f"/ansoegninger/{application.pk}/afgoerelse/"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "eligibility-refused" in html and 'data-code="age-above-max"' in html
    assert "the service is for citizens aged at most 17" in html
    assert ReadLogEntry.objects.filter(
        record_type="application", record_id=str(application.pk)
    ).exists()
    ok = apply(her, open_course(her, citizen(her, 2)), "mi")
    html = (
        english(signed_in(her.visitation_caseworker))
        .get(f"/ansoegninger/{ok.pk}/afgoerelse/")
        .content.decode()
    )
    assert "eligibility-ok" in html and 'name="outcome"' in html


def test_decision_page_roles(her, had):
    application = apply(her, open_course(her, citizen(her, 1, name="Hemmelig Person")), "mi")
    url = f"/ansoegninger/{application.pk}/afgoerelse/"
    for role in ("visitation_caseworker", "centre_leader"):
        assert signed_in(getattr(her, role)).get(url).status_code == 200
    for role in ("treater", *REFUSED_ROLES):
        assert_refused(signed_in(getattr(her, role)).get(url), 403, "Hemmelig Person")
    assert_refused(signed_in(had.visitation_caseworker).get(url), 404, "Hemmelig Person")


def test_at_haderslev_the_leader_has_the_final_say(had):
    application = apply(had, open_course(had, citizen(had, 1)), "move")
    url = f"/ansoegninger/{application.pk}/afgoerelse/"
    caseworker = english(signed_in(had.visitation_caseworker))
    page = caseworker.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and 'id="final-say"' in html
    assert "the centre leader makes the decision" in html
    assert re.search(r'<textarea[^>]*name="reasons"[^>]*disabled', html)
    assert "Record the decision" not in html
    data = {
        "outcome": "grant",
        "legal_basis": "SEL-101",
        "reasons": "I målgruppen.",
        "decided_on": TODAY.isoformat(),
        "other_social_problems": "",
    }
    before = counts()
    assert_refused(caseworker.post(url, data), 403, "Fiktiv Borger 1")
    assert counts() == before
    response = signed_in(had.centre_leader).post(url, data)
    decision = Decision.objects.get(application=application)
    assert response.status_code == 302
    assert response["Location"] == f"/afgoerelser/{decision.pk}/brev/"
    assert decision.decided_by == had.centre_leader


def test_decision_failed_submit_keeps_the_input_and_writes_nothing(her):
    application = apply(her, open_course(her, citizen(her, 1)), "mi")
    client = english(signed_in(her.visitation_caseworker))
    before = counts()
    response = client.post(
        f"/ansoegninger/{application.pk}/afgoerelse/",
        {
            "outcome": "partial",
            "legal_basis": "SEL-101",
            "intensity": "medium",
            "reasons": "   ",
            "decided_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reasons-error"' in html
    assert re.search(r'value="partial"[^>]*checked', html)
    assert 'value="medium" selected' in html
    assert counts() == before


def test_a_refused_grant_shows_the_reason_next_to_the_outcome(her):
    older = citizen(her, 1, birth=dt.date(TODAY.year - 40, 1, 1))
    application = apply(her, open_course(her, older), "unge-under-18")
    client = english(signed_in(her.visitation_caseworker))
    before = counts()
    response = client.post(
        f"/ansoegninger/{application.pk}/afgoerelse/",
        {
            "outcome": "grant",
            "legal_basis": "SEL-101",
            "reasons": "Borgeren ønsker behandling.",
            "decided_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = html[html.index('id="id_outcome-error"') :]
    assert "aged at most 17" in error[:400]
    assert "Borgeren ønsker behandling." in html
    assert counts() == before


def test_decision_good_submit_goes_through_the_service(her):
    application = apply(her, open_course(her, citizen(her, 1)), "mi")
    response = signed_in(her.visitation_caseworker).post(
        f"/ansoegninger/{application.pk}/afgoerelse/",
        {
            "outcome": "grant",
            "legal_basis": "SEL-101",
            "intensity": "",
            "valid_from": TODAY.isoformat(),
            "valid_until": (TODAY + dt.timedelta(days=90)).isoformat(),
            "extendable": "on",
            "other_social_problems": "no",
            "reasons": "Borgeren er i målgruppen.",
            "decided_on": TODAY.isoformat(),
        },
    )
    decision = Decision.objects.get(application=application)
    assert response.status_code == 302
    assert response["Location"] == f"/afgoerelser/{decision.pk}/brev/"
    assert decision.extendable and decision.valid_until == TODAY + dt.timedelta(days=90)
    assert AuditEntry.objects.filter(action="decision.made", target_id=str(decision.pk)).exists()
    again = signed_in(her.visitation_caseworker).get(f"/ansoegninger/{application.pk}/afgoerelse/")
    assert again.status_code == 302 and again["Location"] == f"/afgoerelser/{decision.pk}/brev/"


def test_eligibility_fragment_answers_other_social_problems(ods, her):
    anonymous = citizens.register_anonymous(
        ods.visitation_caseworker, ods.municipality, birth_year=1995, today=TODAY
    )
    course = open_course(ods, anonymous, track="SEL-101a")
    application = apply(ods, course, "anonym-gruppebehandling")
    client = english(signed_in(ods.visitation_caseworker))
    url = f"/ansoegninger/{application.pk}/afgoerelse/berettigelse/"
    unknown = client.get(url, HTTP_HX_REQUEST="true")
    assert unknown.status_code == 200
    assert 'data-code="other-social-problems-unknown"' in unknown.content.decode()
    assert "<html" not in unknown.content.decode()
    yes = client.get(url, {"other_social_problems": "yes"}, HTTP_HX_REQUEST="true")
    assert 'data-code="other-social-problems"' in yes.content.decode()
    assert "eligibility-refused" in yes.content.decode()
    no = client.get(url, {"other_social_problems": "no"}, HTTP_HX_REQUEST="true")
    assert "eligibility-refused" not in no.content.decode()
    page = client.get(f"/ansoegninger/{application.pk}/afgoerelse/").content.decode()
    assert f'hx-get="{url}"' in page and anonymous.code in page
    assert_refused(signed_in(ods.treater).get(url), 403, anonymous.code)
    assert_refused(signed_in(her.visitation_caseworker).get(url), 404, anonymous.code)


def test_decision_pages_query_count_does_not_grow(her, django_assert_max_num_queries):
    course = open_course(her, citizen(her, 1))
    application = apply(her, course, "mi")
    client = signed_in(her.visitation_caseworker)
    urls = (
        f"/ansoegninger/{application.pk}/afgoerelse/",
        f"/ansoegninger/{application.pk}/afgoerelse/berettigelse/?other_social_problems=no",
    )
    measured = []
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(20) as few:
            client.get(url)
        measured.append(len(few.captured_queries))
    for _ in range(5):
        courses.record_contact(
            her.visitation_caseworker,
            course.client,
            at=timezone.now(),
            channel="phone",
            made_by="self",
            legal_track="SEL-101",
            substances=["cannabis"],
            today=TODAY,
        )
        apply(her, course, "hash-stop")
    for url, limit in zip(urls, measured, strict=True):
        with django_assert_max_num_queries(limit):
            client.get(url)


# --- 4. the letter --------------------------------------------------------------------------


def test_letter_preview_frames_the_letter_document_with_its_own_csp(had):
    decision = decided(had, open_course(had, citizen(had, 1)), "move")
    client = english(signed_in(had.visitation_caseworker))
    page = client.get(f"/afgoerelser/{decision.pk}/brev/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<iframe class="letter-preview" src="/afgoerelser/{decision.pk}/brev/dokument/"' in html
    assert re.search(r"<iframe[^>]*title=\"[^\"]+\"", html)
    assert f'href="/afgoerelser/{decision.pk}/brev/pdf/"' in html
    assert "style-src 'unsafe-inline'" not in page["Content-Security-Policy"]
    letter = client.get(f"/afgoerelser/{decision.pk}/brev/dokument/")
    assert letter.status_code == 200 and letter["Content-Security-Policy"] == LETTER_CSP
    assert letter["X-Frame-Options"] == "SAMEORIGIN"
    body = letter.content.decode()
    assert "Fiktiv Borger 1" in body and "Klagevejledning" in body and "<style>" in body
    assert (
        ReadLogEntry.objects.filter(record_type="decision", record_id=str(decision.pk)).count() == 2
    )


def test_letter_pdf_is_an_attachment_without_personal_data_in_its_name(had):
    decision = decided(had, open_course(had, citizen(had, 1)), "move")
    response = signed_in(had.visitation_caseworker).get(f"/afgoerelser/{decision.pk}/brev/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="afgoerelse-{decision.pk}.pdf"'
    assert response.content.startswith(b"%PDF")
    assert ReadLogEntry.objects.filter(
        record_type="decision_letter", record_id=str(decision.pk)
    ).exists()


def test_letter_roles(had, her):
    decision = decided(had, open_course(had, citizen(had, 1, name="Hemmelig Person")), "move")
    urls = [
        f"/afgoerelser/{decision.pk}/brev/",
        f"/afgoerelser/{decision.pk}/brev/dokument/",
        f"/afgoerelser/{decision.pk}/brev/pdf/",
    ]
    for url in urls[:2]:  # rendering the PDF is slow; the PDF test covers an allowed role
        for role in ("visitation_caseworker", "centre_leader", "treater", "secretary"):
            assert signed_in(getattr(had, role)).get(url).status_code == 200, (role, url)
    for url in urls:
        assert_refused(signed_in(had.auditor).get(url), 403, "Hemmelig Person")
        assert_refused(signed_in(her.visitation_caseworker).get(url), 404, "Hemmelig Person")
    treater_page = signed_in(had.treater).get(urls[0]).content.decode()
    assert 'id="sent-form"' not in treater_page  # only those who decide mark it sent
    before = counts()
    assert_refused(
        signed_in(had.treater).post(
            f"/afgoerelser/{decision.pk}/sendt/", {"sent_on": TODAY.isoformat()}
        ),
        403,
        "Hemmelig Person",
    )
    assert counts() == before


def test_mark_as_sent(had):
    decision = decided(had, open_course(had, citizen(had, 1)), "move")
    client = english(signed_in(had.visitation_caseworker))
    before = counts()
    early = client.post(
        f"/afgoerelser/{decision.pk}/sendt/",
        {"sent_on": (decision.decided_on - dt.timedelta(days=1)).isoformat()},
    )
    assert early.status_code == 400
    html = early.content.decode()
    error = html[html.index('id="id_sent_on-error"') :]
    assert "The letter cannot be sent before the decision." in error[:300]
    assert (decision.decided_on - dt.timedelta(days=1)).isoformat() in html
    assert counts() == before
    response = client.post(f"/afgoerelser/{decision.pk}/sendt/", {"sent_on": TODAY.isoformat()})
    assert (
        response.status_code == 302 and response["Location"] == f"/afgoerelser/{decision.pk}/brev/"
    )
    decision.refresh_from_db()
    assert decision.sent_on == TODAY
    assert AuditEntry.objects.filter(action="decision.sent", target_id=str(decision.pk)).exists()
    period = CourseDeadline.objects.get(kind="complaint_period", subject=f"decision:{decision.pk}")
    assert period.due is not None and period.trigger == TODAY
    page = client.get(response["Location"]).content.decode()
    assert "The letter is marked as sent." in page and 'id="sent-form"' not in page


def test_a_stale_sent_form_gets_the_conflict_and_writes_nothing(had):
    decision = decided(had, open_course(had, citizen(had, 1)), "move")
    mine = signed_in(had.visitation_caseworker)
    page = mine.get(f"/afgoerelser/{decision.pk}/brev/").content.decode()
    assert f'name="expected_version" value="{decision.version}"' in page
    # someone else marks it sent after the form was rendered
    courses.mark_decision_sent(had.centre_leader, decision, sent_on=TODAY, today=TODAY)
    before = counts()
    response = mine.post(
        f"/afgoerelser/{decision.pk}/sendt/",
        {"sent_on": (TODAY - dt.timedelta(days=1)).isoformat(), "expected_version": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Posten er ændret af en anden, siden du læste den. Læs den igen." in html
    assert 'name="expected_version" value="2"' in html
    assert counts() == before
    decision.refresh_from_db()
    assert decision.sent_on == TODAY and decision.version == 2


def test_letter_pages_query_count_does_not_grow(had, django_assert_max_num_queries):
    course = open_course(had, citizen(had, 1))
    decision = decided(had, course, "move")
    client = signed_in(had.visitation_caseworker)
    urls = (f"/afgoerelser/{decision.pk}/brev/", f"/afgoerelser/{decision.pk}/brev/dokument/")
    measured = []
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(20) as few:
            client.get(url)
        measured.append(len(few.captured_queries))
    for service in ("stof-dagbehandling", "motivationsgruppe", "krop-og-faerdighed"):
        decided(had, course, service)
    for url, limit in zip(urls, measured, strict=True):
        with django_assert_max_num_queries(limit):
            client.get(url)


# --- 5. waiver of the guarantee -------------------------------------------------------------


def test_waiver_offers_only_the_exceptions_the_standard_and_the_law_accept(hjo, her):
    hjo_course = open_course(hjo, citizen(hjo, 1))
    html = signed_in(hjo.visitation_caseworker).get(f"/forloeb/{hjo_course.pk}/fravigelse/")
    values = set(re.findall(r'name="kind"[^>]*value="([a-z_]+)"', html.content.decode()))
    assert values == {
        "citizen_declines",
        "no_show",
        "missing_cooperation",
        "delayed_information",
        "free_choice",
    }
    her_course = open_course(her, citizen(her, 1))
    html = signed_in(her.visitation_caseworker).get(f"/forloeb/{her_course.pk}/fravigelse/")
    values = set(re.findall(r'name="kind"[^>]*value="([a-z_]+)"', html.content.decode()))
    assert values == {"no_show", "free_choice"}
    assert 'id="guarantee"' in html.content.decode()
    assert ReadLogEntry.objects.filter(
        actor=her.visitation_caseworker,
        client_id=her_course.client_id,
        record_type="contact_course",
    ).exists()


def test_waiver_roles(her, had):
    course = open_course(her, citizen(her, 1, name="Hemmelig Person"))
    url = f"/forloeb/{course.pk}/fravigelse/"
    for role in ("visitation_caseworker", "centre_leader"):
        assert signed_in(getattr(her, role)).get(url).status_code == 200
    for role in ("treater", *REFUSED_ROLES):
        assert_refused(signed_in(getattr(her, role)).get(url), 403, "Hemmelig Person")
    assert_refused(signed_in(had.visitation_caseworker).get(url), 404, "Hemmelig Person")


def test_waiver_failed_submit_keeps_the_input_and_writes_nothing(her):
    course = open_course(her, citizen(her, 1))
    client = english(signed_in(her.visitation_caseworker))
    url = f"/forloeb/{course.pk}/fravigelse/"
    before = counts()
    blank = client.post(url, {"kind": "no_show", "reason": "  ", "on": TODAY.isoformat()})
    assert blank.status_code == 400
    html = blank.content.decode()
    assert 'id="id_reason-error"' in html and re.search(r'value="no_show"[^>]*checked', html)
    refused = client.post(
        url, {"kind": "citizen_declines", "reason": "Ønsker at vente", "on": TODAY.isoformat()}
    )
    assert refused.status_code == 400
    assert 'id="id_kind-error"' in refused.content.decode()
    assert "Ønsker at vente" in refused.content.decode()
    assert counts() == before


def test_waiver_good_submit_goes_through_the_service(her):
    course = open_course(her, citizen(her, 1))
    client = english(signed_in(her.centre_leader))
    url = f"/forloeb/{course.pk}/fravigelse/"
    response = client.post(
        url, {"kind": "no_show", "reason": "Udeblev fra to aftaler.", "on": TODAY.isoformat()}
    )
    assert response.status_code == 302 and response["Location"] == url
    waiver = Waiver.objects.get(contact_course=course)
    assert waiver.kind == "no_show" and waiver.by == her.centre_leader
    assert AuditEntry.objects.filter(action="guarantee.waived", target_id=str(waiver.pk)).exists()
    page = client.get(url).content.decode()
    assert f'id="waiver-{waiver.pk}"' in page and "Udeblev fra to aftaler." in page


def test_waiver_page_query_count_does_not_grow(hjo, django_assert_max_num_queries):
    course = open_course(hjo, citizen(hjo, 1))
    client = signed_in(hjo.visitation_caseworker)
    url = f"/forloeb/{course.pk}/fravigelse/"
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for kind in ("no_show", "citizen_declines", "delayed_information"):
        courses.record_waiver(
            hjo.visitation_caseworker, course, kind=kind, reason="Grund", on=TODAY, today=TODAY
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- 6. free choice of provider -------------------------------------------------------------


def register(town, name, **extra):
    values = dict(
        cvr="",
        approved_for=["SEL-101"],
        settings_offered=["ambulant"],
        public=False,
        on_tilbudsportalen=True,
    )
    values.update(extra)
    return providers.register_provider(town.centre_leader, town.municipality, name=name, **values)


def test_free_choice_shows_each_providers_refusal_in_words(had):
    decision = decided(had, open_course(had, citizen(had, 1)), "move")
    good = register(had, "Godkendt Behandling")
    hidden = register(had, "Skjult Behandling", on_tilbudsportalen=False)
    other_form = register(had, "Døgn Behandling", settings_offered=["residential"])
    alcohol = register(had, "Alkohol Behandling", approved_for=["SUL-141"])
    html = (
        english(signed_in(had.visitation_caseworker))
        .get(f"/afgoerelser/{decision.pk}/frit-valg/")
        .content.decode()
    )

    def row(provider):
        start = html.index(f'id="provider-{provider.pk}"')
        return html[start : html.index("</tr>", start)]

    assert "Possible" in row(good)
    assert ReadLogEntry.objects.filter(
        actor=had.visitation_caseworker, record_type="decision", record_id=str(decision.pk)
    ).exists()
    assert "Free choice covers only offers on Tilbudsportalen." in row(hidden)
    assert "Free choice covers the same form of treatment as granted." in row(other_form)
    assert "The provider is not approved under" in row(alcohol)


def test_free_choice_roles(had, her):
    decision = decided(had, open_course(had, citizen(had, 1, name="Hemmelig Person")), "move")
    url = f"/afgoerelser/{decision.pk}/frit-valg/"
    for role in ("visitation_caseworker", "centre_leader", "treater"):
        assert signed_in(getattr(had, role)).get(url).status_code == 200
    for role in REFUSED_ROLES:
        assert_refused(signed_in(getattr(had, role)).get(url), 403, "Hemmelig Person")
    assert_refused(signed_in(her.visitation_caseworker).get(url), 404, "Hemmelig Person")


def test_free_choice_failed_submit_keeps_the_input_and_writes_nothing(had):
    decision = decided(had, open_course(had, citizen(had, 1)), "move")
    hidden = register(had, "Skjult Behandling", on_tilbudsportalen=False)
    client = english(signed_in(had.visitation_caseworker))
    before = counts()
    response = client.post(
        f"/afgoerelser/{decision.pk}/frit-valg/", {"provider": hidden.pk, "on": TODAY.isoformat()}
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = html[html.index('id="id_provider-error"') :]
    assert "Free choice covers only offers on Tilbudsportalen." in error[:300]
    assert f'value="{hidden.pk}" selected' in html
    empty = client.post(f"/afgoerelser/{decision.pk}/frit-valg/", {"provider": "", "on": ""})
    assert empty.status_code == 400 and 'id="id_on-error"' in empty.content.decode()
    assert counts() == before


def test_free_choice_good_submit_goes_through_the_service(had):
    decision = decided(had, open_course(had, citizen(had, 1)), "move")
    good = register(had, "Godkendt Behandling")
    response = signed_in(had.treater).post(
        f"/afgoerelser/{decision.pk}/frit-valg/", {"provider": good.pk, "on": TODAY.isoformat()}
    )
    assert (
        response.status_code == 302 and response["Location"] == f"/afgoerelser/{decision.pk}/brev/"
    )
    waiver = Waiver.objects.get(contact_course=decision.application.contact_course)
    assert waiver.kind == "free_choice" and "Godkendt Behandling" in waiver.reason
    assert AuditEntry.objects.filter(
        action="free_choice.recorded", target_id=str(waiver.pk)
    ).exists()


def test_free_choice_page_query_count_does_not_grow(had, django_assert_max_num_queries):
    decision = decided(had, open_course(had, citizen(had, 1)), "move")
    register(had, "Første Behandling")
    client = signed_in(had.visitation_caseworker)
    url = f"/afgoerelser/{decision.pk}/frit-valg/"
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(6):
        register(had, f"Behandling {n}", on_tilbudsportalen=bool(n % 2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_letter_records_how_it_was_sent_and_when_it_is_received(had):
    """Issue 12 § 2: sent by ordinary post, the letter is deemed received 6 working days later
    and the complaint period counts from then; the letter page says both."""
    decision = decided(had, open_course(had, citizen(had, 1)), "move")
    client = english(signed_in(had.visitation_caseworker))
    page = client.get(f"/afgoerelser/{decision.pk}/brev/").content.decode()
    assert 'name="sent_by"' in page and "Ordinary post" in page
    response = client.post(
        f"/afgoerelser/{decision.pk}/sendt/",
        {"sent_on": decision.decided_on.isoformat(), "sent_by": "post"},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.sent_by == "post"
    period = CourseDeadline.objects.get(kind="complaint_period", subject=f"decision:{decision.pk}")
    assert period.trigger > decision.sent_on and (period.trigger - decision.sent_on).days >= 6
    page = client.get(response["Location"]).content.decode()
    assert 'id="sent-by"' in page and 'id="received-on"' in page and 'id="complaint-due"' in page
    assert formats.date_format(period.trigger, "SHORT_DATE_FORMAT") in page
    assert formats.date_format(period.due, "SHORT_DATE_FORMAT") in page
    bad = client.post(
        f"/afgoerelser/{decision.pk}/sendt/",
        {"sent_on": decision.decided_on.isoformat(), "sent_by": "fax"},
    )
    assert bad.status_code == 400


def test_at_hjoerring_the_caseworker_has_the_final_say_and_records_the_decision(hjo):
    application = apply(hjo, open_course(hjo, citizen(hjo, 1)), "modul-1")
    url = f"/ansoegninger/{application.pk}/afgoerelse/"
    html = english(signed_in(hjo.visitation_caseworker)).get(url).content.decode()
    assert 'id="final-say"' not in html
    assert re.search(
        r'<form[^>]*id="decision-form".*<button type="submit"[^>]*>Record the decision', html, re.S
    )
