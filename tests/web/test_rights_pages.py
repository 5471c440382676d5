"""The citizen's data rights in the browser's server side: the insight export (PDF and JSON)
and the access log as CSV; roles, no personal data in refusals, query counts, read log."""

import json

import pytest

from tests.db.factories import Town
from tests.web.conftest import signed_in
from tests.web.test_citizens import contact, days_ago, person
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.courses import services as courses

pytestmark = pytest.mark.django_db
NAME = "Fiktiv Testesen"


def test_insight_page_and_downloads_for_the_centre_leader(her):
    client = person(her, 1)
    contact(her, client, on=days_ago(3))
    leader = signed_in(her.centre_leader)
    page = leader.get(f"/borgere/{client.pk}/indsigt/")
    assert page.status_code == 200 and NAME not in page.content.decode()
    assert 'id="insight-pdf"' in page.content.decode()
    detail = leader.get(f"/borgere/{client.pk}/").content.decode()
    assert f'id="insight-link" href="/borgere/{client.pk}/indsigt/"' in detail
    pdf = leader.get(f"/borgere/{client.pk}/indsigt/?format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert (
        pdf.content.startswith(b"%PDF") and NAME.encode() not in pdf["Content-Disposition"].encode()
    )
    data = json.loads(leader.get(f"/borgere/{client.pk}/indsigt/?format=json").content)
    assert data["client"]["name"] == NAME and data["sections"]["contacts"]
    assert (
        ReadLogEntry.objects.filter(client_id=client.pk, record_type="citizen_export").count() == 2
    )
    assert AuditEntry.objects.filter(action="client.exported").count() == 2


@pytest.mark.parametrize(
    "role", ["treater", "visitation_caseworker", "secretary", "doctor", "nurse", "auditor"]
)
def test_insight_is_refused_to_other_roles_without_personal_data(her, role):
    client = person(her, 1)
    contact(her, client, on=days_ago(3))
    for path in (f"/borgere/{client.pk}/indsigt/", f"/borgere/{client.pk}/indsigt/?format=json"):
        response = signed_in(getattr(her, role)).get(path)
        assert response.status_code == 403 and NAME not in response.content.decode()
    assert not ReadLogEntry.objects.filter(record_type="citizen_export").exists()


def test_insight_of_another_municipalitys_citizen_is_not_found(her):
    client = person(her, 1)
    other = Town("haderslev")
    response = signed_in(other.centre_leader).get(f"/borgere/{client.pk}/indsigt/?format=pdf")
    assert response.status_code == 404 and NAME not in response.content.decode()


def test_insight_export_queries_do_not_grow_with_the_courses(her, django_assert_max_num_queries):
    client = person(her, 1)
    contact(her, client, on=days_ago(40))
    leader = signed_in(her.centre_leader)
    path = f"/borgere/{client.pk}/indsigt/?format=json"
    leader.get(path)
    with django_assert_max_num_queries(60) as few:
        leader.get(path)
    for n in (30, 20, 5):
        course = contact(her, client, on=days_ago(n)).contact_course
        courses.get_course(her.treater, course.pk, purpose="treatment")
    with django_assert_max_num_queries(len(few.captured_queries)):
        leader.get(path)


def test_access_log_as_csv_for_leaders_and_auditors(her):
    client = person(her, 1)
    course = contact(her, client, on=days_ago(3)).contact_course
    courses.get_course(her.treater, course.pk, purpose="treatment")
    for role in ("centre_leader", "auditor"):
        response = signed_in(getattr(her, role)).get(f"/borgere/{client.pk}/adgangslog.csv")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        text = response.content.decode("utf-8-sig")
        header, *rows = text.strip().splitlines()
        assert header.startswith("tidspunkt/time;medarbejder/staff")
        assert any(";contact_course;" in r and ";treatment;" in r for r in rows)
    page = signed_in(her.centre_leader).get(f"/borgere/{client.pk}/adgangslog/").content.decode()
    assert f'id="csv-link" href="/borgere/{client.pk}/adgangslog.csv' in page
    refused = signed_in(her.treater).get(f"/borgere/{client.pk}/adgangslog.csv")
    assert refused.status_code == 403 and NAME not in refused.content.decode()


def test_access_log_csv_queries_do_not_grow_with_the_reads(her, django_assert_max_num_queries):
    client = person(her, 1)
    course = contact(her, client, on=days_ago(3)).contact_course
    leader = signed_in(her.centre_leader)
    path = f"/borgere/{client.pk}/adgangslog.csv"
    leader.get(path)
    with django_assert_max_num_queries(20) as few:
        leader.get(path)
    for _ in range(15):
        courses.get_course(her.treater, course.pk, purpose="treatment")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = leader.get(path)
    assert response.content.decode("utf-8-sig").count(";treatment;") == 15
