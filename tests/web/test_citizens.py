"""The citizen screens: find, register (identified, anonymous, relative), the citizen page with its
timeline, linking an anonymous client, and the access log. Roles, tenancy, query counts, forms
and the read log. Synthetic people only."""

import datetime as dt
import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.db.factories import cpr_for
from tests.web.conftest import signed_in
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.citizens import services as citizens
from vendepunkt.citizens.models import Client
from vendepunkt.complaints import services as complaints
from vendepunkt.courses import services as courses
from vendepunkt.web.areas.citizens.views import safe_reverse

pytestmark = pytest.mark.django_db

ALL_ROLES = (
    "treater",
    "visitation_caseworker",
    "doctor",
    "nurse",
    "secretary",
    "centre_leader",
    "administrator",
    "auditor",
)
VIEWERS = ("treater", "visitation_caseworker", "doctor", "nurse", "secretary", "centre_leader")
ADDERS = ("treater", "visitation_caseworker", "secretary", "centre_leader")
LINKERS = ("visitation_caseworker", "centre_leader")
LOG_READERS = ("centre_leader", "auditor")


def today():
    return timezone.localdate()


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


def person(town, seed=1, name="Fiktiv Testesen", birth=dt.date(1985, 3, 14), **extra):
    return citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(birth, seed=seed),
        name=name,
        today=today(),
        **extra,
    )


def english(user) -> HttpClient:
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def contact(town, client, *, on: dt.date, actor=None, track="SEL-101"):
    return courses.record_contact(
        actor or town.treater,
        client,
        at=dt.datetime.combine(on, dt.time(10, 0), tzinfo=dt.UTC),
        channel="phone",
        made_by="self",
        legal_track=track,
        substances=["cannabis"],
        main_substance="cannabis",
        wish_for_treatment=True,
        today=today(),
    )


def full_course(town, client, *, start=60):
    """A course with one of every kind of event: contact to follow-up, and a complaint."""
    t = today()
    course = contact(town, client, on=days_ago(start)).contact_course
    courses.record_counselling(
        town.treater, course, kind="information", held_on=days_ago(start - 1), today=t
    )
    courses.record_assessment(
        town.treater,
        course,
        phase="intake",
        assessed_on=days_ago(start - 2),
        text="Udredning (syntetisk).",
        today=t,
    )
    application = courses.apply_for_service(
        town.treater, course, service_id="hash-stop", applied_on=days_ago(start - 2), today=t
    )
    decision = courses.decide(
        town.visitation_caseworker,
        application,
        outcome="grant",
        legal_basis="SEL-101",
        reasons="I målgruppen (syntetisk).",
        decided_on=days_ago(start - 3),
        valid_until=days_ago(start - 200),
        today=t,
    )
    courses.mark_decision_sent(
        town.visitation_caseworker, decision, sent_on=days_ago(start - 3), today=t
    )
    treatment = courses.start_treatment(
        town.treater,
        course,
        team=town.team,
        start_on=days_ago(start - 20),
        treater=town.treater,
        decision=decision,
        today=t,
    )
    courses.save_plan(
        town.treater,
        treatment,
        substance_goal="stop",
        goals=[{"text": "Ophør", "horizon": "short"}],
        methods="Samtaler",
        responsible=[{"actor": "Behandler", "task": "Samtaler"}],
        made_on=days_ago(start - 20),
        today=t,
    )
    courses.record_appointment(
        town.treater,
        treatment,
        at=dt.datetime.combine(days_ago(start - 25), dt.time(11), tzinfo=dt.UTC),
        kind="individual",
        status="attended",
        today=t,
    )
    courses.review_plan(town.treater, treatment, on=days_ago(start - 30), today=t)
    courses.discharge(
        town.treater,
        treatment,
        on=days_ago(start - 40),
        status="completed",
        outcome="abstinent",
        today=t,
    )
    courses.record_follow_up(
        town.treater,
        treatment,
        subject="follow_up:1m",
        on=days_ago(max(start - 55, 0)),
        reached=True,
        result="Ædru (syntetisk).",
        today=t,
    )
    complaints.register_complaint(
        town.treater,
        client,
        kind="social_decision",
        received_on=days_ago(start - 10),
        form="written",
        text="Uenig (syntetisk).",
        decision=decision,
        today=t,
    )
    return course


# --- find a citizen --------------------------------------------------------------------------


def test_search_page_roles(her):
    for role in ALL_ROLES:
        response = signed_in(her.users[role]).get("/borgere/")
        assert response.status_code == (200 if role in VIEWERS else 403), role


def test_search_by_name_is_posted_case_insensitive_and_logs_each_client_listed(her, had):
    soren = person(her, 1, name="Søren Ærbødig")
    person(her, 2, name="Anne Andersen")
    other_town = person(had, 3, name="Søren Andetsted")
    citizens.register_anonymous(her.treater, her.municipality, today=today())
    client = english(her.treater)
    response = client.post("/borgere/", {"query": "sØREN æRB"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/borgere/{soren.pk}/"' in html and "Søren Ærbødig" in html
    assert "Anne Andersen" not in html and "Andetsted" not in html
    searches = ReadLogEntry.objects.filter(record_type="client_search", actor=her.treater)
    assert sorted(searches.values_list("client_id", flat=True), key=str) == sorted(
        [None, soren.pk], key=str
    )
    assert not ReadLogEntry.objects.filter(client_id=other_town.pk).exists()
    # the search text never enters a URL: the form posts to the bare path
    assert re.search(r'<form method="post" action="/borgere/"', html)


def test_search_by_name_lists_identified_clients_only_and_at_most_50(her):
    for n in range(51):
        person(her, 100 + n, name=f"Fiktiv Mange {n:02d}")
    citizens.register_anonymous(her.treater, her.municipality, today=today())
    html = english(her.secretary).post("/borgere/", {"query": "mange"}).content.decode()
    assert html.count('<tr id="result-') == 50 and 'id="more-results"' in html
    assert (
        ReadLogEntry.objects.filter(record_type="client_search", client_id__isnull=False).count()
        == 50
    )


def test_search_by_cpr_finds_exactly_one_and_logs_the_search(her):
    soren = person(her, 1, name="Søren Cpr")
    person(her, 2, name="Søren Anden", birth=dt.date(1985, 3, 15))
    number = cpr_for(dt.date(1985, 3, 14), seed=1)
    html = english(her.treater).post("/borgere/", {"query": number}).content.decode()
    assert f'href="/borgere/{soren.pk}/"' in html and "Søren Anden" not in html
    assert number not in html  # a number once used is not echoed back
    entry = ReadLogEntry.objects.get(record_type="client_search")
    assert entry.client_id == soren.pk


def test_search_by_cpr_without_a_match(her):
    html = (
        english(her.treater)
        .post("/borgere/", {"query": cpr_for(dt.date(1970, 1, 1), seed=9)})
        .content.decode()
    )
    assert 'id="no-results"' in html and "No citizen with this CPR number" in html
    assert ReadLogEntry.objects.get(record_type="client_search").client_id is None


def test_search_with_an_invalid_cpr_number_answers_400_and_reads_nothing(her):
    person(her, 1)
    reads = ReadLogEntry.objects.count()
    response = english(her.treater).post("/borgere/", {"query": "320190-1234"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="form-group form-error"' in html and 'id="id_query-error"' in html
    assert 'value="320190-1234"' in html  # what was typed is kept
    assert ReadLogEntry.objects.count() == reads


def test_search_by_anonymous_code(her):
    anonymous = citizens.register_anonymous(her.treater, her.municipality, today=today())
    html = (
        english(her.treater).post("/borgere/", {"query": anonymous.code.lower()}).content.decode()
    )
    assert f'href="/borgere/{anonymous.pk}/"' in html
    assert ReadLogEntry.objects.get(record_type="client_search").client_id == anonymous.pk


def test_search_is_csrf_protected(her):
    signed = signed_in(her.treater)
    strict = HttpClient(enforce_csrf_checks=True)
    strict.cookies = signed.cookies
    assert strict.post("/borgere/", {"query": "Fiktiv"}).status_code == 403
    assert not ReadLogEntry.objects.exists()


def test_search_query_count_does_not_grow(her, django_assert_max_num_queries):
    person(her, 1, name="Fiktiv Tæller 1")
    client = signed_in(her.treater)
    client.post("/borgere/", {"query": "tæller"})
    with django_assert_max_num_queries(30) as few:
        client.post("/borgere/", {"query": "tæller"})
    for n in range(2, 12):
        person(her, n, name=f"Fiktiv Tæller {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.post("/borgere/", {"query": "tæller"}).content.decode()
    assert html.count('<tr id="result-') == 11


# --- register --------------------------------------------------------------------------------


def test_register_pages_roles(her):
    for role in ALL_ROLES:
        client = signed_in(her.users[role])
        for url in ("/borgere/ny/", "/borgere/ny-anonym/"):
            assert client.get(url).status_code == (200 if role in ADDERS else 403), (role, url)


def citizen_data(**extra):
    data = {
        "cpr": cpr_for(dt.date(1990, 6, 1), seed=5),
        "name": "Fiktiv Ny",
        "home_municipality": "Herning",
        "children_under_18": "2",
        "pregnant": "no",
        "client_kind": "citizen",
        "relative_of": "",
    }
    data.update(extra)
    return data


def test_register_a_citizen_writes_through_the_service_and_redirects(her):
    response = english(her.secretary).post("/borgere/ny/", citizen_data())
    client = Client.objects.get(name="Fiktiv Ny")
    assert response.status_code == 302 and response["Location"] == f"/borgere/{client.pk}/"
    assert client.children_under_18 == 2 and client.pregnant is False
    assert client.birth_date == dt.date(1990, 6, 1)
    assert AuditEntry.objects.filter(
        action="client.registered", target_id=str(client.pk), actor=her.secretary
    ).exists()


def test_register_with_an_invalid_cpr_number_keeps_the_input_and_writes_nothing(her):
    clients, audits = Client.objects.count(), AuditEntry.objects.count()
    response = english(her.treater).post(
        "/borgere/ny/", citizen_data(cpr="320190-1234", name="Fiktiv Fejl")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_cpr-error"' in html and 'value="Fiktiv Fejl"' in html
    assert Client.objects.count() == clients and AuditEntry.objects.count() == audits


def test_register_a_duplicate_links_to_the_existing_citizen(her):
    existing = person(her, 5, birth=dt.date(1990, 6, 1))
    audits = AuditEntry.objects.count()
    response = english(her.treater).post("/borgere/ny/", citizen_data(name="Fiktiv Igen"))
    html = response.content.decode()
    assert response.status_code == 400
    error = html[html.index('id="id_cpr-error"') :]
    error = error[: error.index("</span>\n")]
    assert f'<a href="/borgere/{existing.pk}/" id="existing-citizen">' in error
    assert "already registered" in error
    assert AuditEntry.objects.count() == audits and not Client.objects.filter(name="Fiktiv Igen")


def test_register_a_relative_from_the_citizens_page(her, had):
    user = person(her, 1, name="Fiktiv Bruger")
    client = english(her.treater)
    form = client.get(f"/borgere/ny/?relative_of={user.pk}").content.decode()
    assert 'id="relative-person"' in form and "Fiktiv Bruger" in form
    assert f'value="{user.pk}"' in form
    response = client.post(
        "/borgere/ny/",
        citizen_data(name="Fiktiv Pårørende", client_kind="relative", relative_of=str(user.pk)),
    )
    relative = Client.objects.get(name="Fiktiv Pårørende")
    assert response.status_code == 302
    assert relative.relative_of == user and relative.client_kind == "relative"
    page = client.get(f"/borgere/{user.pk}/").content.decode()
    assert f'href="/borgere/{relative.pk}/"' in page and "Fiktiv Pårørende" in page
    # another municipality's client cannot be chosen
    stranger = person(had, 2, name="Fiktiv Fremmed")
    response = client.post(
        "/borgere/ny/",
        citizen_data(
            cpr=cpr_for(dt.date(1991, 1, 1), seed=7),
            client_kind="relative",
            relative_of=str(stranger.pk),
        ),
    )
    assert response.status_code == 400 and 'id="id_relative_of-error"' in response.content.decode()
    assert "Fremmed" not in response.content.decode()


def test_a_citizen_is_nobodys_relative(her):
    user = person(her, 1)
    response = english(her.treater).post(
        "/borgere/ny/", citizen_data(client_kind="citizen", relative_of=str(user.pk))
    )
    assert response.status_code == 400 and 'id="id_relative_of-error"' in response.content.decode()


def test_register_an_anonymous_client_and_an_anonymous_relative(her):
    client = english(her.treater)
    response = client.post(
        "/borgere/ny-anonym/",
        {"birth_year": "1988", "sex": "male", "client_kind": "citizen", "relative_of": ""},
    )
    anonymous = Client.objects.get(anonymous=True)
    assert response.status_code == 302 and response["Location"] == f"/borgere/{anonymous.pk}/"
    assert anonymous.birth_year == 1988 and anonymous.sex == "male"
    assert AuditEntry.objects.filter(
        action="client.registered_anonymous", target_id=str(anonymous.pk)
    ).exists()
    page = client.get(response["Location"]).content.decode()
    assert anonymous.code in page  # the confirmation message and the page show the code
    user = person(her, 1)
    response = client.post(
        "/borgere/ny-anonym/",
        {"birth_year": "", "sex": "", "client_kind": "relative", "relative_of": str(user.pk)},
    )
    assert response.status_code == 302
    assert Client.objects.get(anonymous=True, relative_of=user).client_kind == "relative"


def test_register_an_anonymous_client_with_an_impossible_birth_year(her):
    audits = AuditEntry.objects.count()
    response = english(her.treater).post(
        "/borgere/ny-anonym/",
        {"birth_year": "1800", "sex": "female", "client_kind": "citizen", "relative_of": ""},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_birth_year-error"' in html and "1800" in html
    assert not Client.objects.exists() and AuditEntry.objects.count() == audits


# --- the citizen page ------------------------------------------------------------------------


def test_citizen_page_roles(her):
    client = person(her, 1, name="Fiktiv Rolle")
    contact(her, client, on=days_ago(2))
    for role in ALL_ROLES:
        response = signed_in(her.users[role]).get(f"/borgere/{client.pk}/")
        assert response.status_code == (200 if role in VIEWERS else 403), role
        if role not in VIEWERS:
            assert "Fiktiv Rolle" not in response.content.decode()
            assert not ReadLogEntry.objects.filter(actor=her.users[role]).exists()


def test_another_municipalitys_citizen_is_not_found(her, had):
    client = person(her, 1, name="Fiktiv Skjult")
    response = signed_in(had.visitation_caseworker).get(f"/borgere/{client.pk}/")
    assert response.status_code == 404 and "Fiktiv Skjult" not in response.content.decode()
    assert signed_in(had.centre_leader).get(f"/borgere/{client.pk}/adgangslog/").status_code == 404


def test_citizen_page_shows_identity_masked_and_logs_the_read(her):
    number = cpr_for(dt.date(1985, 3, 14), seed=1)
    client = person(her, 1, name="Fiktiv Maske", children_under_18=1, pregnant=True)
    html = english(her.visitation_caseworker).get(f"/borgere/{client.pk}/").content.decode()
    assert f"{number[:6]}-xxxx" in html
    assert number not in html and number[7:] not in html
    assert 'id="pregnant">yes' in html and "Fiktiv Maske" in html
    reads = ReadLogEntry.objects.filter(actor=her.visitation_caseworker, client_id=client.pk)
    assert reads.filter(record_type="client", purpose="citizen_page").exists()


def test_the_timeline_holds_every_event_and_deadline_in_date_order(her):
    client = person(her, 1, name="Fiktiv Forløb")
    course = full_course(her, client)
    html = english(her.visitation_caseworker).get(f"/borgere/{client.pk}/").content.decode()
    for kind in (
        "contact",
        "counselling",
        "assessment",
        "application",
        "decision",
        "treatment_start",
        "plan",
        "appointment",
        "review",
        "discharge",
        "follow_up",
        "complaint",
        "deadline",
    ):
        assert f"event-{kind}" in html, kind
    assert f'id="course-{course.pk}"' in html and "course-discharged" in html
    rows = re.findall(r'<tr class="event event-(\w+)', html)
    assert rows.index("contact") < rows.index("treatment_start") < rows.index("discharge")
    assert "deadline-met" in html and "deadline-breached" in html  # closed on time and late
    assert "SEL § 101 stk. 4" in html  # the deadline's citation
    reads = ReadLogEntry.objects.filter(actor=her.visitation_caseworker, client_id=client.pk)
    assert set(reads.values_list("record_type", flat=True)) == {
        "client",
        "contact_course",
        "assessments",
        "complaint",
        "reminder_consent",  # the consent to reminders shown on the page (issue 13 § 3)
    }


def test_a_breached_deadline_is_decided_on_read(her):
    client = person(her, 1)
    contact(her, client, on=days_ago(30))
    html = english(her.treater).get(f"/borgere/{client.pk}/").content.decode()
    assert "deadline-breached" in html and "status-breached" in html


def test_secretaries_see_no_assessments_and_no_complaints(her):
    client = person(her, 1)
    full_course(her, client)
    html = english(her.secretary).get(f"/borgere/{client.pk}/").content.decode()
    assert "event-contact" in html and "event-deadline" in html
    assert "event-assessment" not in html and "event-complaint" not in html
    assert 'id="assessments-hidden"' in html
    assert not ReadLogEntry.objects.filter(
        actor=her.secretary, record_type__in=["assessments", "complaint"]
    ).exists()


def test_a_treater_sees_only_the_courses_of_their_teams(her):
    client = person(her, 1, name="Fiktiv Team")
    course = full_course(her, client)  # treated by Team A
    outsider = her.user("treater", team=her.other_team)
    html = english(outsider).get(f"/borgere/{client.pk}/").content.decode()
    assert "Fiktiv Team" in html and f'id="course-{course.pk}"' not in html
    assert 'id="hidden-courses"' in html and "event-contact" not in html
    assert not ReadLogEntry.objects.filter(actor=outsider, record_type="contact_course").exists()


def test_citizen_page_links_to_the_other_areas_screens(her):
    client = person(her, 1)
    course = contact(her, client, on=days_ago(2)).contact_course
    html = signed_in(her.treater).get(f"/borgere/{client.pk}/").content.decode()
    new_contact = safe_reverse("contact-new", query=f"client={client.pk}")
    course_page = safe_reverse("course-detail", course.pk)
    assert (f'href="{new_contact}"' in html) if new_contact else ('id="new-contact"' not in html)
    if course_page:
        assert f'href="{course_page}"' in html
    assert 'id="access-log"' not in html and 'id="link-client"' not in html
    leader = signed_in(her.centre_leader).get(f"/borgere/{client.pk}/").content.decode()
    assert f'href="/borgere/{client.pk}/adgangslog/"' in leader


def test_citizen_page_query_count_does_not_grow(her, django_assert_max_num_queries):
    client = person(her, 1)
    full_course(her, client, start=200)
    relative = citizens.register_citizen(
        her.treater,
        her.municipality,
        cpr=cpr_for(dt.date(1970, 1, 1), seed=2),
        name="Fiktiv Pårørende",
        client_kind="relative",
        relative_of=client,
        today=today(),
    )
    browser = signed_in(her.treater)
    browser.get(f"/borgere/{client.pk}/")
    with django_assert_max_num_queries(60) as few:
        browser.get(f"/borgere/{client.pk}/")
    full_course(her, client, start=100)
    for _ in range(2):
        citizens.register_anonymous(
            her.treater, her.municipality, client_kind="relative", relative_of=client, today=today()
        )
    assert relative.pk
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = browser.get(f"/borgere/{client.pk}/").content.decode()
    assert html.count("event-discharge") == 2


# --- link an anonymous client ----------------------------------------------------------------


def test_link_page_roles(her):
    anonymous = citizens.register_anonymous(her.treater, her.municipality, today=today())
    for role in ALL_ROLES:
        response = signed_in(her.users[role]).get(f"/borgere/{anonymous.pk}/sammenkaed/")
        assert response.status_code == (200 if role in LINKERS else 403), role
        if role not in LINKERS:
            assert anonymous.code not in response.content.decode()
            assert not ReadLogEntry.objects.filter(actor=her.users[role]).exists()


def test_link_page_of_another_municipality_is_not_found(her, had):
    anonymous = citizens.register_anonymous(her.treater, her.municipality, today=today())
    response = signed_in(had.visitation_caseworker).get(f"/borgere/{anonymous.pk}/sammenkaed/")
    assert response.status_code == 404 and anonymous.code not in response.content.decode()


def test_link_in_two_steps_with_consent(her):
    anonymous = citizens.register_anonymous(her.treater, her.municipality, today=today())
    contact(her, anonymous, on=days_ago(3), track="SEL-101a")
    citizen = person(her, 1, name="Fiktiv Identificeret")
    number = cpr_for(dt.date(1985, 3, 14), seed=1)
    client = english(her.visitation_caseworker)
    url = f"/borgere/{anonymous.pk}/sammenkaed/"
    found = client.post(url, {"cpr": number, "consent": "on"})
    html = found.content.decode()
    assert found.status_code == 200 and 'id="candidate"' in html
    assert "Fiktiv Identificeret" in html and f'name="citizen" value="{citizen.pk}"' in html
    anonymous.refresh_from_db()
    assert anonymous.linked_to is None  # nothing linked before the confirmation
    done = client.post(url, {"cpr": number, "consent": "on", "citizen": citizen.pk, "confirm": "1"})
    assert done.status_code == 302 and done["Location"] == f"/borgere/{citizen.pk}/"
    anonymous.refresh_from_db()
    assert anonymous.linked_to == citizen
    assert AuditEntry.objects.filter(action="client.linked", target_id=str(anonymous.pk)).exists()
    page = client.get(done["Location"]).content.decode()
    assert 'id="linked-anonymous"' in page and anonymous.code in page
    assert "event-contact" in page  # the anonymous history moved to the citizen


def test_link_without_consent_answers_400_and_links_nothing(her):
    anonymous = citizens.register_anonymous(her.treater, her.municipality, today=today())
    citizen = person(her, 1)
    number = cpr_for(dt.date(1985, 3, 14), seed=1)
    audits = AuditEntry.objects.count()
    response = english(her.centre_leader).post(
        f"/borgere/{anonymous.pk}/sammenkaed/",
        {"cpr": number, "citizen": citizen.pk, "confirm": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_consent-error"' in html
    assert f'value="{number}"' in html
    anonymous.refresh_from_db()
    assert anonymous.linked_to is None and AuditEntry.objects.count() == audits


def test_link_to_an_unknown_cpr_number(her):
    anonymous = citizens.register_anonymous(her.treater, her.municipality, today=today())
    response = english(her.centre_leader).post(
        f"/borgere/{anonymous.pk}/sammenkaed/",
        {"cpr": cpr_for(dt.date(1960, 1, 1), seed=4), "consent": "on"},
    )
    assert response.status_code == 400 and 'id="id_cpr-error"' in response.content.decode()


def test_an_identified_citizen_is_not_linked(her):
    citizen = person(her, 1)
    response = signed_in(her.centre_leader).get(f"/borgere/{citizen.pk}/sammenkaed/")
    assert response.status_code == 302 and response["Location"] == f"/borgere/{citizen.pk}/"


def test_the_anonymous_page_offers_the_link_to_caseworkers_only(her):
    anonymous = citizens.register_anonymous(her.treater, her.municipality, today=today())
    url = f"/borgere/{anonymous.pk}/"
    assert 'id="link-client"' in signed_in(her.visitation_caseworker).get(url).content.decode()
    assert 'id="link-client"' not in signed_in(her.treater).get(url).content.decode()


# --- the access log --------------------------------------------------------------------------


def test_access_log_roles(her):
    client = person(her, 1, name="Fiktiv Log")
    for role in ALL_ROLES:
        response = signed_in(her.users[role]).get(f"/borgere/{client.pk}/adgangslog/")
        assert response.status_code == (200 if role in LOG_READERS else 403), role
        if role not in LOG_READERS:
            assert "Fiktiv Log" not in response.content.decode()


def test_access_log_lists_who_read_newest_first_and_is_logged_itself(her):
    client = person(her, 1)
    her.treater.first_name, her.treater.last_name = "Bente", "Behandler"
    her.treater.save()
    citizens.get_client(her.treater, client.pk, purpose="citizen_page")
    citizens.get_client(her.secretary, client.pk, purpose="worklist")
    response = english(her.auditor).get(f"/borgere/{client.pk}/adgangslog/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bente Behandler" in html and her.secretary.username in html
    assert html.index(her.secretary.username) < html.index("Bente Behandler")  # newest first
    assert "The citizen&#x27;s page" in html and "Worklist" in html
    assert ReadLogEntry.objects.filter(
        actor=her.auditor, record_type="access_log", client_id=client.pk
    ).exists()
    assert "log-access_log" in html  # this very reading is in the log


def test_access_log_includes_reads_of_the_linked_anonymous_client(her):
    anonymous = citizens.register_anonymous(her.treater, her.municipality, today=today())
    citizens.get_client(her.treater, anonymous.pk, purpose="citizen_page")
    citizen = person(her, 1)
    citizens.link_anonymous(
        her.visitation_caseworker, anonymous, citizen, consent=True, today=today()
    )
    html = english(her.centre_leader).get(f"/borgere/{citizen.pk}/adgangslog/").content.decode()
    assert f"as anonymous client {anonymous.code}" in html


def test_access_log_printable_version_and_period(her):
    client = person(her, 1, name="Fiktiv Print")
    citizens.get_client(her.treater, client.pk, purpose="citizen_page")
    leader = english(her.centre_leader)
    page = leader.get(f"/borgere/{client.pk}/adgangslog/").content.decode()
    assert 'id="print-link" href="?print=1"' in page
    printed = leader.get(f"/borgere/{client.pk}/adgangslog/?print=1")
    html = printed.content.decode()
    assert printed.status_code == 200 and 'class="print-page"' in html
    assert "main-nav" not in html and "Fiktiv Print" in html and 'id="log-table"' in html
    future = (today() + dt.timedelta(days=5)).isoformat()
    later = leader.get(f"/borgere/{client.pk}/adgangslog/?since={future}").content.decode()
    assert 'id="no-reads"' in later
    bad = leader.get(f"/borgere/{client.pk}/adgangslog/?since={future}&until={today()}")
    assert bad.status_code == 400 and 'id="id_until-error"' in bad.content.decode()


def test_access_log_query_count_does_not_grow(her, django_assert_max_num_queries):
    client = person(her, 1)
    citizens.get_client(her.treater, client.pk, purpose="citizen_page")
    browser = signed_in(her.auditor)
    browser.get(f"/borgere/{client.pk}/adgangslog/")
    with django_assert_max_num_queries(30) as few:
        browser.get(f"/borgere/{client.pk}/adgangslog/")
    for user in (her.secretary, her.doctor, her.visitation_caseworker, her.user("treater")):
        for _ in range(3):
            citizens.get_client(user, client.pk, purpose="citizen_page")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = browser.get(f"/borgere/{client.pk}/adgangslog/").content.decode()
    assert html.count('<tr class="log-client"') >= 13


def test_reverse_names(her):
    assert reverse("citizen-detail", args=[1]) == "/borgere/1/"
    assert reverse("citizen-access-log", args=[1]) == "/borgere/1/adgangslog/"
    assert reverse("citizen-link", args=[1]) == "/borgere/1/sammenkaed/"


def test_citizen_page_links_to_registering_a_complaint_for_the_roles_that_may(her):
    client = person(her, 1)
    contact(her, client, on=days_ago(2))
    link = f'id="new-complaint" href="/klager/ny/?client={client.pk}"'
    for role in ("treater", "secretary", "visitation_caseworker", "centre_leader"):
        html = signed_in(getattr(her, role)).get(f"/borgere/{client.pk}/").content.decode()
        assert link in html, role
    doctor = signed_in(her.doctor).get(f"/borgere/{client.pk}/").content.decode()
    assert 'id="new-complaint"' not in doctor
