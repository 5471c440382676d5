"""Oversight screens: complaints (list, register with the route, page, re-assess, forward), the
provider register and the municipality's standard with its lint findings. Synthetic people only."""

import copy
import datetime as dt

import pytest
import yaml
from django.utils import timezone

from tests.db.factories import Town, cpr_for
from tests.web.conftest import signed_in
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.citizens import services as citizens
from vendepunkt.complaints import services as complaints
from vendepunkt.complaints.models import Complaint
from vendepunkt.courses import services as courses
from vendepunkt.providers import services as providers
from vendepunkt.providers.models import Provider
from vendepunkt.rules.dates import date_text
from vendepunkt.rules.standards import registry
from vendepunkt.rules.standards.loader import load_standard_text
from vendepunkt.standards.services import record_versions

pytestmark = pytest.mark.django_db

ROLES = (
    "treater",
    "visitation_caseworker",
    "doctor",
    "nurse",
    "secretary",
    "centre_leader",
    "administrator",
    "auditor",
)


def today():
    return timezone.localdate()


def english(user):
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def person(town, seed, name=None, service="mi"):
    """A citizen of 25 with a contact course and a decision sent 10 days ago."""
    day = today()
    client = citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(day.replace(year=day.year - 25) - dt.timedelta(days=40), seed=seed),
        name=name or f"Fiktiv Klager {seed}",
        today=day,
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
        today=day,
    ).contact_course
    return client, decided(town, course, service)


def decided(town, course, service):
    """A grant of `service` on the course, sent 12 days ago."""
    day = today()
    application = courses.apply_for_service(
        town.treater,
        course,
        service_id=service,
        applied_on=day - dt.timedelta(days=19),
        today=day,
    )
    decision = courses.decide(
        town.centre_leader,
        application,
        outcome="grant",
        legal_basis="SEL-101",
        reasons="I målgruppen.",
        decided_on=day - dt.timedelta(days=12),
        today=day,
    )
    courses.mark_decision_sent(town.centre_leader, decision, sent_on=decision.decided_on, today=day)
    return decision


def complaint_of(town, client, decision, days_ago=5, **extra):
    return complaints.register_complaint(
        town.secretary,
        client,
        kind="social_decision",
        received_on=today() - dt.timedelta(days=days_ago),
        form="written",
        text="Uenig i afgørelsen",
        decision=decision,
        today=today(),
        **extra,
    )


@pytest.fixture
def her():
    return Town("herning")


def counts():
    return (Complaint.objects.count(), AuditEntry.objects.count(), Provider.objects.count())


# --- the complaints list ------------------------------------------------------------------------


def test_complaints_list_roles(her):
    client, decision = person(her, 1)
    complaint_of(her, client, decision)
    for role in ("visitation_caseworker", "centre_leader", "treater", "secretary"):
        response = signed_in(getattr(her, role)).get("/klager/")
        assert response.status_code == 200, role
        assert "Fiktiv Klager 1" in response.content.decode()
    for role in ("doctor", "nurse", "auditor", "administrator"):
        response = signed_in(getattr(her, role)).get("/klager/")
        assert response.status_code == 403, role
        assert "Fiktiv" not in response.content.decode()
    other = Town("herning")
    response = signed_in(other.visitation_caseworker).get("/klager/")
    assert response.status_code == 200 and "Fiktiv" not in response.content.decode()


def test_complaints_list_open_first_with_deadlines_and_a_read_log(her):
    closed_client, closed_decision = person(her, 1, "Fiktiv Lukket")
    closed = complaint_of(her, closed_client, closed_decision, days_ago=2)
    complaints.reassess(
        her.visitation_caseworker,
        closed,
        on=today(),
        keep_decision=False,
        outcome="Ændret",
        today=today(),
    )
    open_client, open_decision = person(her, 2, "Fiktiv Aaben")
    opened = complaint_of(her, open_client, open_decision, days_ago=8)
    ReadLogEntry.objects.all().delete()
    response = english(her.visitation_caseworker).get("/klager/")
    html = response.content.decode()
    assert html.index("Fiktiv Aaben") < html.index("Fiktiv Lukket")
    assert f'id="complaint-{opened.pk}" class="complaint-open"' in html
    assert f'id="complaint-{closed.pk}" class="complaint-closed"' in html
    due = opened.received_on + dt.timedelta(weeks=4)
    assert f"by {date_text(due)}" in html  # the re-assessment deadline's reason, a Danish date
    assert "decision changed" in html and f'href="/klager/{opened.pk}/"' in html
    logged = ReadLogEntry.objects.filter(record_type="complaint_list")
    assert sorted(logged.values_list("client_id", flat=True)) == sorted(
        [closed_client.pk, open_client.pk]
    )


def test_a_secretary_lists_complaints_without_links_to_their_pages(her):
    client, decision = person(her, 1)
    complaint = complaint_of(her, client, decision)
    html = signed_in(her.secretary).get("/klager/").content.decode()
    assert "Fiktiv Klager 1" in html and f'href="/klager/{complaint.pk}/"' not in html


def test_complaints_list_query_count_does_not_grow(her, django_assert_max_num_queries):
    for seed in range(2):
        complaint_of(her, *person(her, seed))
    web = signed_in(her.visitation_caseworker)
    web.get("/klager/")
    with django_assert_max_num_queries(40) as few:
        web.get("/klager/")
    for seed in range(2, 7):
        complaint_of(her, *person(her, seed))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = web.get("/klager/")
    assert response.content.decode().count('class="complaint-open"') == 7


# --- registering a complaint --------------------------------------------------------------------


def test_register_page_roles_and_read_log(her):
    client, decision = person(her, 1)
    for role in ("secretary", "treater", "visitation_caseworker", "centre_leader"):
        response = signed_in(getattr(her, role)).get(f"/klager/ny/?client={client.pk}")
        assert response.status_code == 200, role
        html = response.content.decode()
        assert "Fiktiv Klager 1" in html and f'<option value="{decision.pk}"' in html
    assert (
        ReadLogEntry.objects.filter(
            record_type="complaint_registration", client_id=client.pk
        ).count()
        == 4
    )
    for role in ("doctor", "nurse", "auditor", "administrator"):
        response = signed_in(getattr(her, role)).get(f"/klager/ny/?client={client.pk}")
        assert response.status_code == 403, role
        assert "Fiktiv" not in response.content.decode()
    other = Town("herning")
    response = signed_in(other.secretary).get(f"/klager/ny/?client={client.pk}")
    assert response.status_code == 404 and "Fiktiv" not in response.content.decode()
    assert signed_in(her.secretary).get("/klager/ny/?client=x").status_code == 404
    assert signed_in(her.secretary).get("/klager/ny/").status_code == 200


def test_register_page_query_count_does_not_grow(her, django_assert_max_num_queries):
    client, _decision = person(her, 1)
    web = signed_in(her.secretary)
    web.get(f"/klager/ny/?client={client.pk}")
    with django_assert_max_num_queries(40) as few:
        web.get(f"/klager/ny/?client={client.pk}")
    course = client.contact_courses.get()
    for service in ("nada", "hash-stop", "klods-hans"):
        decided(her, course, service)
    for seed in range(2, 5):
        complaint_of(her, *person(her, seed))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = web.get(f"/klager/ny/?client={client.pk}").content.decode()
    assert html.count('<option value="') >= 4 + 8  # four decisions and the kinds


def good_complaint(decision, **extra):
    data = {
        "decision": str(decision.pk),
        "kind": "social_decision",
        "received_on": today().isoformat(),
        "form": "written",
        "representative": "",
        "text": "Borgeren er uenig i afgørelsen.",
        "action": "save",
    }
    data.update(extra)
    return data


def test_registering_a_complaint_writes_through_the_service_and_redirects(her):
    client, decision = person(her, 1)
    web = english(her.visitation_caseworker)
    response = web.post(f"/klager/ny/?client={client.pk}", good_complaint(decision))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/klager/{complaint.pk}/"
    assert complaint.decision == decision and complaint.route_id == "afgoerelser"
    assert AuditEntry.objects.filter(
        action="complaint.registered", target_id=str(complaint.pk)
    ).exists()
    page = web.get(response["Location"]).content.decode()
    assert "The complaint is registered." in page
    # a secretary may register but not open the complaint: back to the list
    response = signed_in(her.secretary).post(
        f"/klager/ny/?client={client.pk}", good_complaint(decision)
    )
    assert response.status_code == 302 and response["Location"] == "/klager/"


def test_a_failed_submit_keeps_the_input_shows_the_error_and_writes_nothing(her):
    client, decision = person(her, 1)
    web = english(her.secretary)
    before = counts()
    response = web.post(
        f"/klager/ny/?client={client.pk}",
        good_complaint(decision, text="  ", representative="Advokat Fiktiv"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_text-error"' in html and 'value="Advokat Fiktiv"' in html
    assert counts() == before
    # the service's rule: a representative needs a power of attorney, shown at its field
    response = web.post(
        f"/klager/ny/?client={client.pk}",
        good_complaint(decision, representative="Advokat Fiktiv"),
    )
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_power_of_attorney-error"' in html
    assert "A representative needs a power of attorney." in html
    assert "Borgeren er uenig i afgørelsen." in html
    assert counts() == before
    response = web.post(
        f"/klager/ny/?client={client.pk}",
        good_complaint(decision, received_on=(today() + dt.timedelta(days=3)).isoformat()),
    )
    assert response.status_code == 400 and 'id="id_received_on-error"' in response.content.decode()
    assert counts() == before


def test_a_complaint_about_a_101a_decision_is_refused_at_the_decision_field():
    ods = Town("odsherred")
    anonymous = citizens.register_anonymous(
        ods.treater, ods.municipality, birth_year=today().year - 30, today=today()
    )
    course = courses.record_contact(
        ods.treater,
        anonymous,
        at=timezone.now() - dt.timedelta(days=20),
        channel="phone",
        made_by="self",
        legal_track="SEL-101a",
        substances=["cannabis"],
        main_substance="cannabis",
        wish_for_treatment=True,
        today=today(),
    ).contact_course
    application = courses.apply_for_service(
        ods.treater,
        course,
        service_id="anonym-gruppebehandling",
        applied_on=today() - dt.timedelta(days=10),
        today=today(),
    )
    decision = courses.decide(
        ods.visitation_caseworker,
        application,
        outcome="grant",
        legal_basis="SEL-101a",
        reasons="Anonym behandling.",
        decided_on=today() - dt.timedelta(days=5),
        other_social_problems=False,
        today=today(),
    )
    before = counts()
    response = english(ods.visitation_caseworker).post(
        f"/klager/ny/?client={anonymous.pk}", good_complaint(decision)
    )
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_decision-error"' in html
    assert "SEL § 101 a stk. 6" in html and "cannot be appealed" in html
    assert counts() == before


def test_a_decision_of_another_client_cannot_be_chosen(her):
    client, _decision = person(her, 1)
    _other, other_decision = person(her, 2)
    before = counts()
    response = signed_in(her.secretary).post(
        f"/klager/ny/?client={client.pk}", good_complaint(other_decision)
    )
    assert response.status_code == 400 and 'id="id_decision-error"' in response.content.decode()
    assert counts() == before


def test_the_route_fragment_follows_the_standard_and_names_todays_body(her):
    web = english(her.secretary)
    html = web.get("/klager/klagevej/?kind=social_decision", HTTP_HX_REQUEST="true")
    assert html.status_code == 200
    text = html.content.decode()
    assert "<html" not in text and 'data-kind="social_decision"' in text
    # Herning writes "Den Sociale Ankestyrelse"; the route names today's Ankestyrelsen
    assert '<dd id="route-next-instance">Ankestyrelsen' in text
    assert "Den Sociale Ankestyrelse" in text and "HER 13" in text and "4 uger" in text
    text = web.get("/klager/klagevej/?kind=staff_conduct").content.decode()
    assert 'id="route-none"' in text
    for role in ("doctor", "nurse", "auditor", "administrator"):
        assert signed_in(getattr(her, role)).get("/klager/klagevej/").status_code == 403


def test_the_route_where_the_standard_is_silent_is_the_laws():
    hjo = Town("hjoerring")
    text = english(hjo.secretary).get("/klager/klagevej/?kind=social_decision").content.decode()
    assert 'id="route-law"' in text and "Retssikkerhedsloven §§ 66-67" in text


def test_the_route_without_javascript_keeps_what_was_typed_and_saves_nothing(her):
    client, decision = person(her, 1)
    before = counts()
    response = english(her.secretary).post(
        f"/klager/ny/?client={client.pk}",
        good_complaint(decision, kind="medical_treatment", action="route", text="Dosis for lav"),
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'data-kind="medical_treatment"' in html
    assert "Dosis for lav" in html and "form-error-message" not in html
    assert "Styrelsen for Patientklager" in html  # Patientklagenævnet as named today
    assert counts() == before


def test_the_route_fragment_query_count_is_small(her, django_assert_max_num_queries):
    web = signed_in(her.secretary)
    web.get("/klager/klagevej/?kind=social_decision")
    with django_assert_max_num_queries(12):
        web.get("/klager/klagevej/?kind=social_decision")


# --- the complaint page, re-assessment and forwarding ------------------------------------------


def test_complaint_page_roles_and_read_log(her):
    client, decision = person(her, 1)
    complaint = complaint_of(her, client, decision)
    ReadLogEntry.objects.all().delete()
    for role in ("visitation_caseworker", "centre_leader", "treater"):
        response = signed_in(getattr(her, role)).get(f"/klager/{complaint.pk}/")
        assert response.status_code == 200, role
        assert "Fiktiv Klager 1" in response.content.decode()
    assert (
        ReadLogEntry.objects.filter(
            record_type="complaint", client_id=client.pk, record_id=str(complaint.pk)
        ).count()
        == 3
    )
    for role in ("secretary", "doctor", "nurse", "auditor", "administrator"):
        response = signed_in(getattr(her, role)).get(f"/klager/{complaint.pk}/")
        assert response.status_code == 403, role
        assert "Fiktiv" not in response.content.decode()
    other = Town("herning")
    response = signed_in(other.visitation_caseworker).get(f"/klager/{complaint.pk}/")
    assert response.status_code == 404 and "Fiktiv" not in response.content.decode()
    # a treater sees the complaint but not the forms to handle it
    html = signed_in(her.treater).get(f"/klager/{complaint.pk}/").content.decode()
    assert 'id="reassess-form"' not in html


def test_complaint_page_shows_the_deadlines_and_the_body_it_would_go_to(her):
    client, decision = person(her, 1)
    complaint = complaint_of(her, client, decision, days_ago=30)
    html = english(her.visitation_caseworker).get(f"/klager/{complaint.pk}/").content.decode()
    assert 'id="deadline-complaint_reassessment"' in html and "status-breached" in html
    assert "Retssikkerhedsloven §§ 66-67" in html and 'id="reassess-form"' in html
    assert "the complaint goes to Ankestyrelsen" in html


def test_complaint_page_query_count_does_not_grow(her, django_assert_max_num_queries):
    client, decision = person(her, 1)
    complaint = complaint_of(her, client, decision)
    web = signed_in(her.visitation_caseworker)
    web.get(f"/klager/{complaint.pk}/")
    with django_assert_max_num_queries(40) as few:
        web.get(f"/klager/{complaint.pk}/")
    for days_ago in (1, 2, 3):
        complaint_of(her, client, decision, days_ago=days_ago)
    for seed in range(2, 4):
        complaint_of(her, *person(her, seed))
    with django_assert_max_num_queries(len(few.captured_queries)):
        web.get(f"/klager/{complaint.pk}/")


def test_reassess_and_forward_write_through_the_services(her):
    client, decision = person(her, 1)
    complaint = complaint_of(her, client, decision)
    web = english(her.visitation_caseworker)
    response = web.post(
        f"/klager/{complaint.pk}/genvurdering/",
        {
            "reassess-on": today().isoformat(),
            "reassess-keep_decision": "yes",
            "reassess-outcome": "Afgørelsen fastholdes.",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/klager/{complaint.pk}/"
    assert AuditEntry.objects.filter(action="complaint.reassessed").count() == 1
    html = web.get(response["Location"]).content.decode()
    assert "The re-assessment is recorded." in html and 'id="forward-form"' in html
    assert 'id="deadline-complaint_forwarding"' in html
    response = web.post(
        f"/klager/{complaint.pk}/videresend/",
        {"forward-on": today().isoformat(), "forward-citizen_informed_on": today().isoformat()},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.forwarded_to == "Ankestyrelsen" and complaint.forwarded_on == today()
    assert AuditEntry.objects.filter(action="complaint.forwarded").count() == 1
    html = web.get(f"/klager/{complaint.pk}/").content.decode()
    assert '<dd id="forwarded-to">Ankestyrelsen</dd>' in html and "status-met" in html
    assert 'id="forward-form"' not in html and 'class="tag tag-closed"' in html


def test_a_failed_reassessment_shows_the_error_and_writes_nothing(her):
    client, decision = person(her, 1)
    complaint = complaint_of(her, client, decision, days_ago=3)
    web = english(her.visitation_caseworker)
    before = counts()
    response = web.post(
        f"/klager/{complaint.pk}/genvurdering/",
        {
            "reassess-on": (today() - dt.timedelta(days=10)).isoformat(),
            "reassess-keep_decision": "yes",
            "reassess-outcome": "Fastholdt før klagen kom",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_reassess-on-error"' in html
    assert "The re-assessment is before the complaint arrived." in html
    assert "Fastholdt før klagen kom" in html
    response = web.post(
        f"/klager/{complaint.pk}/genvurdering/",
        {"reassess-on": today().isoformat(), "reassess-outcome": "x"},
    )
    assert response.status_code == 400
    assert 'id="id_reassess-keep_decision-error"' in response.content.decode()
    assert counts() == before
    complaint.refresh_from_db()
    assert complaint.reassessed_on is None
    response = signed_in(her.treater).post(
        f"/klager/{complaint.pk}/genvurdering/",
        {
            "reassess-on": today().isoformat(),
            "reassess-keep_decision": "yes",
            "reassess-outcome": "x",
        },
    )
    assert response.status_code == 403 and "Fiktiv" not in response.content.decode()
    other = Town("herning")
    response = signed_in(other.visitation_caseworker).post(
        f"/klager/{complaint.pk}/videresend/",
        {"forward-on": today().isoformat(), "forward-citizen_informed_on": today().isoformat()},
    )
    assert response.status_code == 404
    assert counts() == before


def test_forwarding_a_complaint_that_is_not_kept_is_refused(her):
    client, decision = person(her, 1)
    complaint = complaint_of(her, client, decision)
    before = counts()
    response = english(her.visitation_caseworker).post(
        f"/klager/{complaint.pk}/videresend/",
        {"forward-on": today().isoformat(), "forward-citizen_informed_on": today().isoformat()},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Only a decision that is kept is forwarded." in html
    assert counts() == before


# --- providers ----------------------------------------------------------------------------------


def provider(town, name="Privat Behandling ApS", **extra):
    data = dict(
        name=name,
        cvr="12345678",
        approved_for=["SEL-101", "SUL-142"],
        settings_offered=["day"],
        public=False,
        on_tilbudsportalen=True,
        capacity=12,
    )
    data.update(extra)
    return providers.register_provider(town.centre_leader, town.municipality, **data)


def test_providers_list_roles(her):
    provider(her)
    for role in ROLES:
        response = signed_in(getattr(her, role)).get("/leverandoerer/")
        if role == "auditor":
            assert response.status_code == 403
            assert "Privat Behandling" not in response.content.decode()
        else:
            assert response.status_code == 200, role
            html = response.content.decode()
            assert "Privat Behandling ApS" in html and "Serviceloven § 101" in html
            assert "Sundhedsloven § 142" in html and "dagbehandling" in html
    html = signed_in(her.treater).get("/leverandoerer/").content.decode()
    assert 'href="/leverandoerer/ny/"' not in html
    html = signed_in(her.administrator).get("/leverandoerer/").content.decode()
    assert 'href="/leverandoerer/ny/"' in html
    other = Town("herning")
    assert (
        "Privat Behandling" not in signed_in(other.treater).get("/leverandoerer/").content.decode()
    )


def test_providers_list_query_count_does_not_grow(her, django_assert_max_num_queries):
    provider(her)
    web = signed_in(her.treater)
    web.get("/leverandoerer/")
    with django_assert_max_num_queries(20) as few:
        web.get("/leverandoerer/")
    for n in range(6):
        provider(her, name=f"Leverandør {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        web.get("/leverandoerer/")


def good_provider(**extra):
    data = {
        "name": "Fiktiv Døgnbehandling",
        "cvr": "87654321",
        "approved_for": ["SEL-101", "SEL-107"],
        "settings_offered": ["residential"],
        "capacity": "8",
        "ownership": "private",
        "on_tilbudsportalen": "on",
    }
    data.update(extra)
    return data


def test_register_a_provider(her):
    for role in ("treater", "visitation_caseworker", "secretary", "doctor", "auditor"):
        assert signed_in(getattr(her, role)).get("/leverandoerer/ny/").status_code == 403
        assert (
            signed_in(getattr(her, role)).post("/leverandoerer/ny/", good_provider()).status_code
            == 403
        )
    assert Provider.objects.count() == 0
    for role in ("centre_leader", "administrator"):
        assert signed_in(getattr(her, role)).get("/leverandoerer/ny/").status_code == 200
    web = english(her.administrator)
    response = web.post("/leverandoerer/ny/", good_provider())
    assert response.status_code == 302 and response["Location"] == "/leverandoerer/"
    saved = Provider.objects.get()
    assert saved.approved_for == ["SEL-101", "SEL-107"] and not saved.public
    assert saved.on_tilbudsportalen and saved.capacity == 8
    assert AuditEntry.objects.filter(action="provider.registered", target_id=str(saved.pk)).exists()
    assert "Fiktiv Døgnbehandling is registered" in web.get("/leverandoerer/").content.decode()


def test_a_provider_with_a_bad_cvr_or_an_unknown_paragraph_is_refused(her):
    web = english(her.centre_leader)
    before = counts()
    response = web.post("/leverandoerer/ny/", good_provider(cvr="1234"))
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_cvr-error"' in html
    assert "The CVR number must be 8 digits." in html and 'value="Fiktiv Døgnbehandling"' in html
    response = web.post("/leverandoerer/ny/", good_provider(approved_for=["SEL-101", "SEL-999"]))
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_approved_for-error"' in html
    assert "Unknown legal basis: SEL-999." in html
    response = web.post("/leverandoerer/ny/", good_provider(ownership=""))
    assert response.status_code == 400 and 'id="id_ownership-error"' in response.content.decode()
    assert counts() == before
    provider(her, name="Fiktiv Døgnbehandling")
    response = web.post("/leverandoerer/ny/", good_provider())
    assert response.status_code == 400 and 'id="id_name-error"' in response.content.decode()
    assert Provider.objects.count() == 1


# --- the municipality's standard ----------------------------------------------------------------


def test_my_standard_roles(her):
    for role in ROLES:
        response = signed_in(getattr(her, role)).get("/kvalitetsstandard/")
        expected = 200 if role in ("centre_leader", "administrator") else 403
        assert response.status_code == expected, role


def test_my_standard_shows_the_lint_findings_errors_first_with_place_and_citation(her):
    loaded = registry.get("herning")
    record_versions([loaded], today())
    html = english(her.centre_leader).get("/kvalitetsstandard/").content.decode()
    assert loaded.standard.document.title in html
    assert f'<code id="file-sha">{loaded.sha256[:12]}</code>' in html
    assert 'id="version-mismatch"' not in html and "recorded " in html
    assert 'href="/standarder/herning/"' in html
    assert html.index("severity-error") < html.index("severity-warning")
    assert "herning.yaml, line" in html and "<code>guarantee-counts-from</code>" not in html
    assert "The standard" in html  # messages in English after the language switch
    had = Town("haderslev")
    other = english(had.administrator).get("/kvalitetsstandard/").content.decode()
    assert registry.get("haderslev").standard.document.title in other
    assert loaded.standard.document.title not in other


def test_my_standard_warns_when_the_file_differs_from_the_recorded_version(her):
    loaded = registry.get("herning")
    data = copy.deepcopy(loaded.data)
    data["document"]["title"] = "Kvalitetsstandard 2099"
    record_versions(
        [load_standard_text(yaml.safe_dump(data, allow_unicode=True), name="changed.yaml")],
        today(),
    )
    html = english(her.centre_leader).get("/kvalitetsstandard/").content.decode()
    assert 'id="version-mismatch"' in html


def test_my_standard_query_count_is_constant(her, django_assert_max_num_queries):
    web = signed_in(her.centre_leader)
    web.get("/kvalitetsstandard/")
    with django_assert_max_num_queries(12) as few:
        web.get("/kvalitetsstandard/")
    record_versions(list(registry.load_all().values()), today())
    with django_assert_max_num_queries(len(few.captured_queries)):
        web.get("/kvalitetsstandard/")


def test_R48_a_treater_sees_the_complaints_of_their_teams_and_a_secretary_their_own(her):
    client, decision = person(her, 1, name="Fiktiv Egetteam")
    courses.start_treatment(
        her.visitation_caseworker,
        decision.application.contact_course,
        team=her.other_team,
        start_on=today() - dt.timedelta(days=10),
        today=today(),
    )
    other_team = complaint_of(her, client, decision)  # registered by the secretary
    mine_client, mine_decision = person(her, 2, name="Fiktiv Selvregistreret")
    mine = complaints.register_complaint(
        her.treater,
        mine_client,
        kind="social_decision",
        received_on=today(),
        form="oral",
        text="Uenig",
        decision=mine_decision,
        today=today(),
    )
    treater = signed_in(her.treater)
    listed = treater.get("/klager/").content.decode()
    assert "Fiktiv Selvregistreret" in listed and "Fiktiv Egetteam" not in listed
    refused = treater.get(f"/klager/{other_team.pk}/")
    assert refused.status_code == 403 and "Fiktiv" not in refused.content.decode()
    assert treater.get(f"/klager/{mine.pk}/").status_code == 200
    secretary = signed_in(her.secretary).get("/klager/").content.decode()
    assert "Fiktiv Egetteam" in secretary and "Fiktiv Selvregistreret" not in secretary
    for role in ("visitation_caseworker", "centre_leader"):
        html = signed_in(getattr(her, role)).get("/klager/").content.decode()
        assert "Fiktiv Egetteam" in html and "Fiktiv Selvregistreret" in html
