"""The intake screens: new contact, counselling talk, assessment with live ASI composites, and
earlier assessments side by side. Roles, tenancy, query counts, forms and the read log."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.db.factories import Town, cpr_for
from tests.web.conftest import signed_in
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.citizens import services as citizens
from vendepunkt.citizens.models import Client
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Assessment, Contact, ContactCourse, CounsellingTalk

pytestmark = pytest.mark.django_db

NAME = "Fiktiv Intakesen"
ALL_ROLES = (
    "treater",
    "visitation_caseworker",
    "centre_leader",
    "doctor",
    "nurse",
    "secretary",
    "auditor",
    "administrator",
)


@pytest.fixture
def ods(db):
    return Town("odsherred")


def today():
    return timezone.localdate()


def english(user):
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def citizen(town, seed=1, name=NAME):
    return citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(dt.date(1985, 3, 4), seed=seed),
        name=name,
        today=today(),
    )


def contact(town, client, *, days_ago=0, track="SEL-101", wish=True):
    return courses.record_contact(
        town.treater,
        client,
        at=timezone.now() - dt.timedelta(days=days_ago),
        channel="phone",
        made_by="self",
        legal_track=track,
        substances=["drugs"],
        wish_for_treatment=wish,
        today=today(),
    )


def course_for(town, seed=1, name=NAME):
    return contact(town, citizen(town, seed, name)).contact_course


def assess(town, course, days_ago=0, answers=None, text="Samlet vurdering."):
    return courses.record_assessment(
        town.treater,
        course,
        phase="intake",
        assessed_on=today() - dt.timedelta(days=days_ago),
        text=text,
        load_degree="moderate",
        answers=answers or {},
        today=today(),
    )


def counts():
    return (
        Client.objects.count(),
        Contact.objects.count(),
        ContactCourse.objects.count(),
        CounsellingTalk.objects.count(),
        Assessment.objects.count(),
        AuditEntry.objects.count(),
    )


def messages_of(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def expected_target(course_id, client_id):
    for name, arg in (("course-detail", course_id), ("citizen-detail", client_id)):
        try:
            return reverse(name, args=[arg])
        except NoReverseMatch:
            continue
    return f"{reverse('contact-new')}?client={client_id}"


def contact_data(**extra):
    now = timezone.localtime()
    data = {
        "at_date": now.date().isoformat(),
        "at_time": "09:30" if now.hour >= 10 else "00:00",
        "channel": "phone",
        "made_by": "self",
        "substances": ["cannabis"],
        "main_substance": "cannabis",
        "wish_for_treatment": "on",
        "legal_track": "SEL-101",
        "note": "",
    }
    data.update(extra)
    return data


# --- 1. new contact -------------------------------------------------------------------------


def test_contact_page_roles(her):
    for role in ("treater", "visitation_caseworker", "centre_leader", "secretary"):
        response = english(getattr(her, role)).get("/henvendelse/ny/")
        assert response.status_code == 200, role
        html = response.content.decode()
        assert 'aria-current="page"' in html and 'id="contact-form"' in html
    for role in ("doctor", "nurse", "auditor", "administrator"):
        assert signed_in(getattr(her, role)).get("/henvendelse/ny/").status_code == 403, role


def test_contact_for_a_known_client_roles_and_tenancy(her, had):
    person = citizen(her)
    url = f"/henvendelse/ny/?client={person.pk}"
    page = english(her.secretary).get(url)
    assert page.status_code == 200 and NAME in page.content.decode()
    assert ReadLogEntry.objects.filter(client_id=person.pk, record_type="client").exists()
    for user, status in ((her.doctor, 403), (her.auditor, 403), (had.treater, 404)):
        response = signed_in(user).get(url)
        assert response.status_code == status
        assert NAME not in response.content.decode()


def test_the_form_offers_the_standards_tracks_and_counselling(her, ods):
    html = english(her.treater).get("/henvendelse/ny/").content.decode()
    assert 'value="SEL-101"' in html and 'value="counselling"' in html
    assert 'value="SUL-142"' not in html and 'value="SEL-101a"' not in html  # Herning: SEL § 101
    html = english(ods.treater).get("/henvendelse/ny/").content.decode()
    for track in ("SEL-101", "SEL-101a", "SUL-141", "SUL-142", "counselling"):
        assert f'value="{track}"' in html
    assert "If the person is anonymous, the law allows only" in html
    assert "SUL § 142" in html and "cannot be given anonymously" in html


def test_an_anonymous_client_is_offered_only_what_the_law_allows(her, ods):
    anonymous = citizens.register_anonymous(ods.treater, ods.municipality, today=today())
    html = english(ods.treater).get(f"/henvendelse/ny/?client={anonymous.pk}").content.decode()
    assert 'value="SEL-101a"' in html and 'value="SUL-141"' in html
    assert 'value="SEL-101"' not in html and 'value="SUL-142"' not in html
    assert "only the tracks the law allows anonymously are offered" in html
    anonymous = citizens.register_anonymous(her.treater, her.municipality, today=today())
    html = english(her.treater).get(f"/henvendelse/ny/?client={anonymous.pk}").content.decode()
    assert 'value="counselling"' in html and 'value="SEL-101"' not in html


def test_a_new_identified_citizen_is_registered_and_the_contact_opens_a_course(her):
    data = contact_data(identity="identified", cpr=cpr_for(dt.date(1990, 1, 2)), name=NAME)
    response = english(her.treater).post("/henvendelse/ny/", data)
    assert response.status_code == 302
    person = Client.objects.get(name=NAME)
    course = ContactCourse.objects.get(client=person)
    assert response["Location"] == expected_target(course.pk, person.pk)
    assert course.request_on == today()
    assert AuditEntry.objects.filter(action="client.registered", target_id=str(person.pk)).exists()
    assert AuditEntry.objects.filter(action="contact.recorded").count() == 1
    text = messages_of(response)
    assert "Registered the citizen." in text and "opened a new contact course" in text


def test_an_existing_citizen_is_found_by_cpr_and_not_registered_again(her):
    person = citizen(her, seed=7)
    number = cpr_for(dt.date(1985, 3, 4), seed=7)
    data = contact_data(identity="identified", cpr=number, name="")
    response = english(her.secretary).post("/henvendelse/ny/", data)
    assert response.status_code == 302
    assert Client.objects.count() == 1 and Contact.objects.get().contact_course.client == person
    assert ReadLogEntry.objects.filter(record_type="client_search", client_id=person.pk).exists()
    text = messages_of(response)
    assert "Registered" not in text and "Found the registered citizen" in text


def test_an_anonymous_client_is_registered_with_a_code(ods):
    data = contact_data(identity="anonymous", birth_year="1994", sex="male", legal_track="SEL-101a")
    response = english(ods.treater).post("/henvendelse/ny/", data)
    assert response.status_code == 302
    person = Client.objects.get()
    assert person.anonymous and person.cpr_hash is None and person.birth_year == 1994
    assert person.code in messages_of(response)


def test_an_anonymous_contact_on_a_closed_track_is_refused_in_words(ods):
    before = counts()
    data = contact_data(identity="anonymous", birth_year="1994", legal_track="SUL-142")
    response = english(ods.treater).post("/henvendelse/ny/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_legal_track-error"' in html and "cannot be given anonymously" in html
    assert counts() == before


def test_R1_a_contact_on_behalf_without_agreement_writes_nothing(her):
    before, reads = counts(), ReadLogEntry.objects.count()
    number = cpr_for(dt.date(1990, 1, 2))
    data = contact_data(identity="identified", cpr=number, name=NAME, made_by="gp")
    response = english(her.treater).post("/henvendelse/ny/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_citizen_agreed-error"' in html
    assert "requires the citizen&#x27;s agreement" in html or "requires the citizen's" in html
    assert f'value="{NAME}"' in html and f'value="{number}"' in html  # what was typed is kept
    assert counts() == before  # the registration was rolled back with the refused contact
    assert ReadLogEntry.objects.count() == reads + 1  # only the CPR search itself is logged
    data["citizen_agreed"] = "on"
    assert english(her.treater).post("/henvendelse/ny/", data).status_code == 302


def test_form_errors_are_shown_next_to_their_fields(her):
    before = counts()
    client = english(her.treater)
    response = client.post("/henvendelse/ny/", contact_data(identity="identified", cpr=""))
    assert response.status_code == 400 and 'id="id_cpr-error"' in response.content.decode()
    response = client.post(
        "/henvendelse/ny/", contact_data(identity="identified", cpr="320190-1234", name=NAME)
    )
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_cpr-error"' in html
    assert 'aria-invalid="true"' in html
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        "/henvendelse/ny/",
        contact_data(identity="anonymous", at_date=tomorrow, main_substance="alcohol"),
    )
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_at_date-error"' in html
    assert counts() == before


def test_the_confirmation_says_the_contact_joined_the_open_course(her):
    person = citizen(her)
    course = contact(her, person, days_ago=3).contact_course
    response = english(her.treater).post(f"/henvendelse/ny/?client={person.pk}", contact_data())
    assert response.status_code == 302
    assert response["Location"] == expected_target(course.pk, person.pk)
    text = messages_of(response)
    with translation.override("en"):
        opened = date_format(course.opened_on, "SHORT_DATE_FORMAT")
    assert f"added to the open contact course opened {opened}" in text
    assert Contact.objects.filter(contact_course=course).count() == 2


def test_the_confirmation_says_the_10_day_rule_closed_the_earlier_course(her):
    person = citizen(her)
    old = contact(her, person, days_ago=20).contact_course
    response = english(her.treater).post(f"/henvendelse/ny/?client={person.pk}", contact_data())
    text = messages_of(response)
    old.refresh_from_db()
    with translation.override("en"):
        closed = date_format(old.closed_on, "SHORT_DATE_FORMAT")
    assert "opened a new contact course" in text and "10-day rule" in text
    assert f"was closed on {closed}" in text
    assert old.closed_on == old.last_contact_on
    new = ContactCourse.objects.get(client=person, closed_on__isnull=True)
    assert response["Location"] == expected_target(new.pk, person.pk)


def test_contact_page_query_count_does_not_grow(her, django_assert_max_num_queries):
    person = citizen(her)
    contact(her, person)
    client = signed_in(her.treater)
    url = f"/henvendelse/ny/?client={person.pk}"
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for seed in range(2, 8):
        contact(her, citizen(her, seed, f"Anden {seed}"))
    for days in (1, 2, 3):
        contact(her, person, days_ago=days)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- 2. counselling ---------------------------------------------------------------------------


def test_counselling_page_roles_and_tenancy(her, had):
    course = course_for(her)
    url = f"/forloeb/{course.pk}/raadgivning/"
    for role in ("treater", "visitation_caseworker", "centre_leader"):
        response = english(getattr(her, role)).get(url)
        assert response.status_code == 200 and NAME in response.content.decode(), role
    for role in ("secretary", "doctor", "nurse", "auditor", "administrator"):
        response = signed_in(getattr(her, role)).get(url)
        assert response.status_code == 403 and NAME not in response.content.decode(), role
    response = signed_in(had.treater).get(url)
    assert response.status_code == 404 and NAME not in response.content.decode()
    assert signed_in(her.treater).get("/forloeb/999999/raadgivning/").status_code == 404


def test_a_counselling_talk_is_recorded_and_the_remaining_talks_shown(ods):
    """R4 with the seed's example: Odsherred's "rådgivningsforløb på 1-5 samtaler"."""
    course = course_for(ods)
    client = english(ods.treater)
    url = f"/forloeb/{course.pk}/raadgivning/"
    html = client.get(url).content.decode()
    assert 'value="anonymous"' not in html  # anonymous counselling is for anonymous clients
    assert "0 of 5 talks held, 5 remain" in html
    response = client.post(url, {"kind": "course", "held_on": today().isoformat()})
    assert response.status_code == 302 and response["Location"] == url
    talk = CounsellingTalk.objects.get()
    assert AuditEntry.objects.filter(action="counselling.recorded", target_id=str(talk.pk)).exists()
    html = client.get(url).content.decode()
    assert 'id="talks"' in html and "1 of 5 talks held, 4 remain" in html
    assert ReadLogEntry.objects.filter(
        record_type="counselling_talks", client_id=course.client_id
    ).exists()


def test_an_anonymous_client_sees_both_limits(ods):
    anonymous = citizens.register_anonymous(ods.treater, ods.municipality, today=today())
    course = contact(ods, anonymous, track="counselling", wish=False).contact_course
    html = english(ods.treater).get(f"/forloeb/{course.pk}/raadgivning/").content.decode()
    assert 'value="anonymous"' in html
    assert html.count("of 5 talks held") == 2


def test_a_sixth_talk_is_refused_next_to_its_field(ods):
    course = course_for(ods)
    for days in range(5):
        courses.record_counselling(
            ods.treater,
            course,
            kind="course",
            held_on=today() - dt.timedelta(days=days),
            today=today(),
        )
    before = counts()
    response = english(ods.treater).post(
        f"/forloeb/{course.pk}/raadgivning/", {"kind": "course", "held_on": today().isoformat()}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_kind-error"' in html and "at most 5 talks" in html
    assert "Visitationsprocedure" in html and "(R2, R4)" not in html  # its source, in words
    assert "5 of 5 talks held, 0 remain" in html
    assert counts() == before
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    response = english(ods.treater).post(
        f"/forloeb/{course.pk}/raadgivning/", {"kind": "open", "held_on": tomorrow}
    )
    assert response.status_code == 400 and 'id="id_held_on-error"' in response.content.decode()
    assert f'value="{tomorrow}"' in response.content.decode()
    assert counts() == before


def test_the_form_offers_only_the_kinds_the_standard_offers(her):
    """Herning offers open counselling without a number of talks and no counselling course."""
    course = course_for(her)
    url = f"/forloeb/{course.pk}/raadgivning/"
    html = english(her.treater).get(url).content.decode()
    assert 'value="open"' in html and 'value="course"' not in html
    assert "talks held," not in html  # no number to count against
    before = counts()
    response = english(her.treater).post(url, {"kind": "course", "held_on": today().isoformat()})
    assert response.status_code == 400 and counts() == before


def test_counselling_page_query_count_does_not_grow(her, django_assert_max_num_queries):
    course = course_for(her)
    courses.record_counselling(her.treater, course, kind="open", held_on=today(), today=today())
    client = signed_in(her.treater)
    url = f"/forloeb/{course.pk}/raadgivning/"
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for kind in ("information", "open", "open", "open", "information"):
        courses.record_counselling(her.treater, course, kind=kind, held_on=today(), today=today())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- 3. assessment with live composites -----------------------------------------------------


def test_assessment_page_roles_and_tenancy(her, had):
    course = course_for(her)
    url = f"/forloeb/{course.pk}/udredning/ny/"
    for role in ("treater", "visitation_caseworker", "centre_leader"):
        response = english(getattr(her, role)).get(url)
        assert response.status_code == 200 and NAME in response.content.decode(), role
    for role in ("secretary", "doctor", "nurse", "auditor", "administrator"):
        response = signed_in(getattr(her, role)).get(url)
        assert response.status_code == 403 and NAME not in response.content.decode(), role
    response = signed_in(had.visitation_caseworker).get(url)
    assert response.status_code == 404 and NAME not in response.content.decode()
    assert ReadLogEntry.objects.filter(
        record_type="contact_course", client_id=course.client_id, purpose="assessment"
    ).exists()


def test_the_asi_items_are_grouped_by_domain_with_fitting_inputs(her):
    course = course_for(her)
    html = english(her.treater).get(f"/forloeb/{course.pk}/udredning/ny/").content.decode()
    for domain in ("medical", "employment", "alcohol", "drug", "legal", "family_social"):
        assert f'id="asi-{domain}"' in html
    assert "Days with medical problems (past 30 days)" in html
    assert 'name="M6"' in html and 'min="0"' in html and 'max="30"' in html
    assert 'type="number" name="E12"' in html and 'max="1000000"' in html
    assert '<select name="E4"' in html and '<select name="F3"' in html
    assert 'value="indifferent"' in html
    assert 'hx-post="/forloeb/' in html and 'hx-trigger="change"' in html
    assert 'hx-target="#asi-results"' in html
    assert "not computed: missing M6, M7, M8" in html
    danish = signed_in(her.treater).get(f"/forloeb/{course.pk}/udredning/ny/").content.decode()
    assert "Dage med fysiske helbredsproblemer" in danish


def test_the_preview_computes_the_composites_and_names_missing_items(her):
    course = course_for(her)
    client = english(her.treater)
    url = f"/forloeb/{course.pk}/udredning/beregn/"
    response = client.post(
        url, {"M6": "30", "M7": "4", "M8": "4", "E4": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="asi-composites"' in html
    medical = html.split('data-domain="medical"')[1].split("</tr>")[0]
    assert "1.000" in medical
    employment = html.split('data-domain="employment"')[1].split("</tr>")[0]
    assert "not computed: missing E5, E11, E12" in employment
    response = client.post(url, {"M6": "31", "M7": "4", "M8": "4"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="asi-invalid"' in html and "M6" in html
    assert "not computed: missing M6" in html
    assert NAME not in html


def test_the_preview_is_refused_like_the_form(her, had):
    course = course_for(her)
    url = f"/forloeb/{course.pk}/udredning/beregn/"
    assert signed_in(her.secretary).post(url, {"M6": "1"}).status_code == 403
    assert signed_in(her.doctor).post(url, {"M6": "1"}).status_code == 403
    assert signed_in(had.treater).post(url, {"M6": "1"}).status_code == 404
    assert signed_in(her.treater).get(url).status_code == 405


def test_preview_query_count_does_not_grow(her, django_assert_max_num_queries):
    course = course_for(her)
    assess(her, course)
    client = signed_in(her.treater)
    url = f"/forloeb/{course.pk}/udredning/beregn/"
    client.post(url, {"M6": "3"})
    with django_assert_max_num_queries(20) as few:
        client.post(url, {"M6": "3"})
    for days in range(1, 4):
        assess(her, course, days_ago=days)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.post(url, {"M6": "3", "M7": "2", "M8": "1"})


def assessment_data(**extra):
    data = {
        "phase": "intake",
        "assessed_on": today().isoformat(),
        "text": "Borgeren ønsker at stoppe med hash.",
        "load_degree": "high",
        "M6": "30",
        "M7": "4",
        "M8": "4",
        "E4": "0",
        "F3": "indifferent",
        "action": "save",
    }
    data.update(extra)
    return data


def test_an_assessment_is_saved_with_its_composites(her):
    course = course_for(her)
    response = english(her.treater).post(f"/forloeb/{course.pk}/udredning/ny/", assessment_data())
    assert response.status_code == 302
    assert response["Location"] == f"/forloeb/{course.pk}/udredninger/"
    assessment = Assessment.objects.get()
    assert assessment.answers == {"M6": 30, "M7": 4, "M8": 4, "E4": 0, "F3": "indifferent"}
    assert assessment.composites["medical"] == 1.0 and assessment.composites["drug"] is None
    assert assessment.load_degree == "high" and assessment.version == 1
    assert AuditEntry.objects.filter(
        action="assessment.recorded", target_id=str(assessment.pk)
    ).exists()
    assert "version 1" in messages_of(response)


def test_a_failed_assessment_keeps_the_answers_and_writes_nothing(her):
    course = course_for(her)
    before = counts()
    client = english(her.treater)
    url = f"/forloeb/{course.pk}/udredning/ny/"
    response = client.post(url, assessment_data(text="   "))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_text-error"' in html and 'value="30"' in html
    assert "1.000" in html  # the composites are computed on the server too
    response = client.post(url, assessment_data(M7="9"))
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_M7-error"' in html
    assert counts() == before


def test_a_stale_assessment_form_gets_the_conflict_and_writes_nothing(her):
    course = course_for(her)
    client = signed_in(her.treater)
    url = f"/forloeb/{course.pk}/udredning/ny/"
    assert 'name="expected_version" value="0"' in client.get(url).content.decode()
    assess(her, course)  # someone else records an assessment after the form was rendered
    before = counts()
    response = client.post(url, assessment_data(expected_version="0"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Posten er ændret af en anden, siden du læste den. Læs den igen." in html
    assert "Borgeren ønsker at stoppe med hash." in html  # the user's text is kept
    assert 'name="expected_version" value="1"' in html  # saving again adds a second one
    assert counts() == before
    again = client.post(url, assessment_data(expected_version="1"))
    assert (
        again.status_code == 302 and Assessment.objects.filter(contact_course=course).count() == 2
    )


def test_compute_scores_without_javascript_saves_nothing(her):
    course = course_for(her)
    before = counts()
    response = english(her.treater).post(
        f"/forloeb/{course.pk}/udredning/ny/", assessment_data(text="", action="compute")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "1.000" in html and 'id="id_text-error"' not in html
    assert counts() == before


def test_assessment_page_query_count_does_not_grow(her, django_assert_max_num_queries):
    course = course_for(her)
    assess(her, course)
    client = signed_in(her.treater)
    url = f"/forloeb/{course.pk}/udredning/ny/"
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for days in range(1, 4):
        assess(her, course, days_ago=days)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- 4. earlier assessments side by side ------------------------------------------------------


def test_assessments_side_by_side_roles_and_tenancy(her, had):
    course = course_for(her)
    assess(her, course, text="Første vurdering")
    url = f"/forloeb/{course.pk}/udredninger/"
    for role in ("treater", "visitation_caseworker", "centre_leader", "doctor", "nurse"):
        response = english(getattr(her, role)).get(url)
        assert response.status_code == 200 and "Første vurdering" in response.content.decode()
    for role in ("secretary", "auditor", "administrator"):
        response = signed_in(getattr(her, role)).get(url)
        assert response.status_code == 403, role
        html = response.content.decode()
        assert NAME not in html and "Første vurdering" not in html
    response = signed_in(had.centre_leader).get(url)
    assert response.status_code == 404 and NAME not in response.content.decode()
    assert not ReadLogEntry.objects.filter(actor=her.secretary).exists()


def test_assessments_are_compared_column_by_column(her):
    course = course_for(her)
    assess(her, course, days_ago=30, answers={"M6": 30, "M7": 4, "M8": 4})
    assess(her, course, answers={"M6": 0, "M7": 0, "M8": 0}, text="Anden vurdering")
    response = english(her.treater).get(f"/forloeb/{course.pk}/udredninger/")
    html = response.content.decode()
    assert html.count("data-assessment=") == 2
    assert "Version 1" in html and "Version 2" in html and "Anden vurdering" in html
    medical = html.split("Medical status</th>")[1].split("</tr>")[0]
    assert "1.000" in medical and "0.000" in medical
    assert "Moderate" in html and "<caption>" in html and 'scope="row"' in html
    entry = ReadLogEntry.objects.get(record_type="assessments")
    assert entry.client_id == course.client_id and entry.actor == her.treater
    empty = course_for(her, seed=2, name="Uden Udredning")
    html = english(her.treater).get(f"/forloeb/{empty.pk}/udredninger/").content.decode()
    assert 'id="no-assessments"' in html


def test_assessments_query_count_does_not_grow(her, django_assert_max_num_queries):
    course = course_for(her)
    assess(her, course, answers={"M6": 1, "M7": 1, "M8": 1})
    client = signed_in(her.treater)
    url = f"/forloeb/{course.pk}/udredninger/"
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for days in range(1, 6):
        assess(her, course, days_ago=days, answers={"M6": days})
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_every_intake_page_needs_sign_in(her):
    from django.test import Client as Browser

    course = course_for(her)
    for url in (
        "/henvendelse/ny/",
        f"/forloeb/{course.pk}/raadgivning/",
        f"/forloeb/{course.pk}/udredning/ny/",
        f"/forloeb/{course.pk}/udredninger/",
    ):
        response = Browser().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
