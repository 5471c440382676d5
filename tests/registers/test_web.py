"""The leaders' register page: roles (leaders and administrators 200, everyone else 403 without
personal data), validation with findings and diff, downloading an extract and the FHIR bundle."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from tests.registers.conftest import last_month, make_course
from tests.web.conftest import signed_in
from vendepunkt.registers.models import RegisterSubmission

pytestmark = pytest.mark.django_db

ALLOWED = ("centre_leader", "administrator")
REFUSED = ("treater", "visitation_caseworker", "doctor", "nurse", "secretary", "auditor")


@pytest.mark.parametrize("role", ALLOWED)
def test_leaders_and_administrators_see_the_page(her, role):
    response = signed_in(her.users[role]).get(reverse("registers"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="extract-form"' in body and 'aria-current="page"' in body
    assert "Registerindberetning" in body and "Hent udtrækket" in body  # Danish by default
    assert last_month()[0] in body  # last month is proposed


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_refused_without_personal_data(her, role):
    course = make_course(her)
    period, _ = last_month()
    client = signed_in(her.users[role])
    for response in (
        client.get(reverse("registers")),
        client.get(reverse("registers"), {"register": "smdb", "period": period}),
        client.post(reverse("register-download"), {"register": "smdb", "period": period}),
        client.post(reverse("register-fhir"), {"fhir-period": period}),
    ):
        assert response.status_code == 403
        body = response.content.decode()
        assert course.client.name not in body and course.client.cpr not in body
    assert 'href="/registre/"' not in client.get(reverse("worklist")).content.decode()
    assert not RegisterSubmission.objects.exists()


def test_validate_shows_findings_and_diff(her):
    period, _ = last_month()
    late = make_course(her, request_day=1, start_day=28)
    client = signed_in(her.centre_leader)
    response = client.get(reverse("registers"), {"register": "smdb", "period": period})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="findings"' in body and "overskredet" in body and f"<td>{late.pk}</td>" in body
    assert 'id="diff-counts"' in body
    assert late.client.cpr not in body and late.client.name not in body
    english = signed_in(her.administrator)
    english.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    body = english.get(reverse("registers"), {"register": "smdb", "period": period}).content
    assert b"is exceeded and no reason is recorded" in body


def test_bad_month_is_a_form_error(her):
    client = signed_in(her.centre_leader)
    response = client.get(reverse("registers"), {"register": "smdb", "period": "10-2026"})
    assert response.status_code == 400
    assert "ÅÅÅÅ-MM" in response.content.decode() or "YYYY-MM" in response.content.decode()
    response = client.get(reverse("registers"), {"register": "smdb", "period": "2999-01"})
    assert response.status_code == 400 and "ikke begyndt" in response.content.decode()


def test_download_records_the_submission(her):
    period, _ = last_month()
    course = make_course(her)
    client = signed_in(her.centre_leader)
    response = client.post(reverse("register-download"), {"register": "smdb", "period": period})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert f"smdb-{her.municipality.code}-{period}.csv" in response["Content-Disposition"]
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    data = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(data), delimiter=";"))
    assert rows[0]["cpr"] == course.client.cpr
    submission = RegisterSubmission.objects.get()
    assert response["X-Vendepunkt-Sha256"] == submission.sha256
    page = client.get(reverse("registers")).content.decode()
    assert 'id="submissions"' in page and submission.sha256[:16] in page


def test_download_refused_on_errors_shows_the_findings(her):
    period, _ = last_month()
    course = make_course(her, end_day=20)
    type(course.treatment.discharge).objects.filter(treatment=course.treatment).update(outcome="")
    client = signed_in(her.centre_leader)
    response = client.post(reverse("register-download"), {"register": "smdb", "period": period})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="extract-error"' in body and 'id="not-ok"' in body
    assert course.client.cpr not in body
    assert not RegisterSubmission.objects.exists()


def test_fhir_download(her):
    period, _ = last_month()
    make_course(her)
    client = signed_in(her.administrator)
    response = client.post(reverse("register-fhir"), {"fhir-period": period})
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    data = json.loads(response.content)
    assert data["resourceType"] == "Bundle" and data["type"] == "collection"
    assert client.post(reverse("register-fhir"), {"fhir-period": "x"}).status_code == 400


def test_the_citizens_access_log_shows_the_register_extract(her):
    period, _ = last_month()
    course = make_course(her)
    leader = signed_in(her.centre_leader)
    leader.post(reverse("register-download"), {"register": "smdb", "period": period})
    page = leader.get(reverse("citizen-access-log", args=[course.client_id])).content.decode()
    assert "Registerudtræk" in page and f"registerindberetning SMDB {period}" in page


def test_fhir_download_for_one_citizen(her, had):
    course = make_course(her)
    leader = signed_in(her.centre_leader)
    response = leader.post(reverse("register-fhir-citizen"), {"citizen-client": course.client_id})
    assert response.status_code == 200
    data = json.loads(response.content)
    patients = [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert patients[0]["identifier"][0]["value"] == course.client.cpr
    other = signed_in(had.centre_leader)
    response = other.post(reverse("register-fhir-citizen"), {"citizen-client": course.client_id})
    assert response.status_code == 404 and course.client.name not in response.content.decode()
    assert leader.post(reverse("register-fhir-citizen"), {"citizen-client": "x"}).status_code == 400
    refused = signed_in(her.treater)
    response = refused.post(reverse("register-fhir-citizen"), {"citizen-client": course.client_id})
    assert response.status_code == 403


def test_the_register_page_queries_do_not_grow_with_the_courses(her, django_assert_max_num_queries):
    period, _ = last_month()
    make_course(her)
    client = signed_in(her.centre_leader)
    query = {"register": "smdb", "period": period}
    client.get(reverse("registers"), query)
    with django_assert_max_num_queries(60) as few:
        assert client.get(reverse("registers"), query).status_code == 200
    for day in (2, 3, 4, 5):
        make_course(her, request_day=day, start_day=day + 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("registers"), query).status_code == 200
