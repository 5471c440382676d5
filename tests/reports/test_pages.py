"""The report screens (R42–R44): who may see them, what they show, the exports, and a number of
queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.reports.conftest import make_course
from tests.reports.test_annex import haderslev_2025
from tests.web.conftest import signed_in
from vendepunkt.accounts.models import Role

D = dt.date
PAGES = (
    "/rapporter/",
    "/rapporter/eksport.csv",
    "/rapporter/eksport.xlsx",
    "/rapporter/maalopfyldelse/",
    "/rapporter/maalopfyldelse/pdf/",
    "/rapporter/maalopfyldelse/eksport.csv",
    "/rapporter/maalopfyldelse/eksport.xlsx",
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.CENTRE_LEADER, Role.ADMINISTRATOR, Role.VISITATION_CASEWORKER]
)
def test_allowed_roles_see_every_report(had, role):
    web = signed_in(had.users[role])
    for url in PAGES:
        assert web.get(url + "?aar=2025").status_code == 200, url
    assert b'href="/rapporter/"' in web.get("/arbejdsliste/", follow=True).content  # in the nav


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.TREATER, Role.SECRETARY, Role.DOCTOR, Role.NURSE, Role.AUDITOR]
)
def test_other_roles_are_refused(had, role):
    web = signed_in(had.users[role])
    for url in PAGES:
        assert web.get(url).status_code == 403, url
    assert b'href="/rapporter/"' not in web.get("/arbejdsliste/").content


@pytest.mark.django_db
def test_signed_out_goes_to_login(client):
    response = client.get("/rapporter/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_another_municipality_sees_only_its_own(had):
    from tests.db.factories import Town

    haderslev_2025(had)
    own = signed_in(had.centre_leader).get("/rapporter/maalopfyldelse/?aar=2025").content.decode()
    # numerator, denominator, excluded: drugs 2 of 4 completed
    assert "<td>50,0 %</td><td>2</td><td>4</td><td>0</td>" in own
    other = Town("haderslev")
    web = signed_in(other.centre_leader)
    html = web.get("/rapporter/maalopfyldelse/?aar=2025").content.decode()
    table = html[html.index('id="annex-table"') : html.index("</table>")]
    assert table.count("kan ikke måles") == 3
    assert table.count("<td>—</td><td>0</td><td>0</td><td>0</td>") == 3
    assert "<td>2</td>" not in table and "<td>4</td>" not in table


@pytest.mark.django_db
def test_dashboard_shows_charts_tables_and_filters(had):
    haderslev_2025(had)
    web = signed_in(had.centre_leader)
    html = web.get(
        "/rapporter/?fra=2025-01-01&til=2025-12-31&rusmiddel=alcohol&spor=SUL-141"
    ).content.decode()
    for table in ("kpis", "guarantee", "waiting", "flow", "retention", "statuses", "capacity"):
        assert f'id="table-{table}"' in html, table
    assert 'id="report-data"' in html and "chartjs/chart.umd.min.js" in html
    assert 'id="chart-retention"' in html
    # alcohol only: 3 discharged, 1 completed
    assert "<td>1</td><td>3</td>" in html


@pytest.mark.django_db
def test_bad_filters_fall_back_with_a_message(had):
    web = signed_in(had.centre_leader)
    response = web.get("/rapporter/?fra=2025-12-31&til=2025-01-01&center=abc&spor=X")
    assert response.status_code == 200
    assert "alert-error" in response.content.decode()
    assert web.get("/rapporter/eksport.pdf").status_code == 404


@pytest.mark.django_db
def test_exports_carry_the_same_figures(had):
    from openpyxl import load_workbook

    haderslev_2025(had)
    web = signed_in(had.centre_leader)
    csv = web.get("/rapporter/maalopfyldelse/eksport.csv?aar=2025")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Minimum 40 procent" in text and "50,0 %" in text
    xlsx = web.get("/rapporter/eksport.xlsx?fra=2025-01-01&til=2025-12-31")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert {"kpis", "flow", "retention", "capacity"} <= set(book.sheetnames)
    rows = list(book["kpis"].iter_rows(values_only=True))
    assert any(r[1:3] == (2, 4) for r in rows)  # drugs completed as planned
    pdf = web.get("/rapporter/maalopfyldelse/pdf/?aar=2025")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_english_switch(had):
    web = signed_in(had.centre_leader)
    web.cookies.load({"django_language": "en"})
    html = web.get("/rapporter/").content.decode()
    assert "Key figures" in html and "Courses completed as planned" in html
    danish = signed_in(had.administrator).get("/rapporter/").content.decode()
    assert "Nøgletal" in danish and "Forløb afsluttet som planlagt" in danish


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_data(had):
    web = signed_in(had.centre_leader)
    today = timezone.localdate()
    start = today - dt.timedelta(days=200)

    def add(n):
        for i in range(n):
            make_course(
                had,
                request_on=start,
                start_on=start + dt.timedelta(days=3),
                discharged_on=start + dt.timedelta(days=60 + i) if i % 2 else None,
            )

    add(3)
    web.get("/rapporter/")
    with CaptureQueriesContext(connection) as few:
        assert web.get("/rapporter/").status_code == 200
    add(20)
    with CaptureQueriesContext(connection) as many:
        assert web.get("/rapporter/").status_code == 200
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as annex:
        web.get("/rapporter/maalopfyldelse/")
    add(5)
    with CaptureQueriesContext(connection) as annex_more:
        web.get("/rapporter/maalopfyldelse/")
    assert len(annex) == len(annex_more)


@pytest.mark.django_db
def test_retention_grouped_by_legal_track_with_every_curve_point(had):
    haderslev_2025(had)
    web = signed_in(had.centre_leader)
    html = web.get("/rapporter/?fra=2025-01-01&til=2025-12-31&gruppe=track").content.decode()
    assert 'id="table-retention_curves"' in html
    assert '<th scope="row">Sundhedsloven § 141</th>' in html
    assert '<th scope="row">Serviceloven § 101</th>' in html
    # the anonymous § 101 a course is never counted
    assert '<th scope="row">SEL-101a</th>' not in html


@pytest.mark.django_db
def test_retention_note_follows_the_grouping_and_the_period(had):
    web = signed_in(had.centre_leader)

    def note(query):
        html = web.get("/rapporter/" + query).content.decode()
        start = html.index('id="retention-note"')
        return html[start : html.index("</p>", start)]

    track = note("?fra=2025-01-01&til=2025-12-31&gruppe=track")
    assert "fordelt på forløbets lovgrundlag" in track and "første ydelse" not in track
    assert "til og med 31. december 2025" in track and "i dag" not in track
    substance = note("?fra=2025-01-01&til=2025-06-30&gruppe=substance")
    assert "forløbets rusmiddel" in substance and "30. juni 2025" in substance
    today = timezone.localdate()
    service = note("")
    assert "forløbets første ydelse" in service
    assert f"til og med {today.day}. " in service and str(today.year) in service
