"""The goal-attainment annex (R43) and the figures (R42) computed from the records: known answers
on hand-made records, the facts adapter's fixed number of queries, the public document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reports.conftest import make_course
from vendepunkt.accounts.access import AccessDenied
from vendepunkt.accounts.models import Role
from vendepunkt.reporting import services
from vendepunkt.reporting.facts import load_facts
from vendepunkt.rules import kpi
from vendepunkt.rules.kpi import Filters, Period, TargetSpec

D = dt.date
AS_OF = D(2026, 11, 1)


def haderslev_2025(town):
    # drugs (SEL-101): 2 of 4 completed → 50 % ≥ 40 %: met
    for status in ("completed", "completed", "dropped_out", "other_reason"):
        make_course(
            town,
            request_on=D(2025, 1, 5),
            start_on=D(2025, 1, 10),
            discharged_on=D(2025, 6, 1),
            status=status,
        )
    # alcohol (SUL-141): 1 of 3 completed → 33 % < 50 %: not met
    for status in ("completed", "dropped_out", "dropped_out"):
        make_course(
            town,
            track="SUL-141",
            request_on=D(2025, 2, 1),
            start_on=D(2025, 2, 3),
            discharged_on=D(2025, 7, 1),
            status=status,
            service_id="behandlingsforloeb-alkohol",
        )
    # under 30: one offered MOVE, one not → 50 %, target all: not met
    make_course(town, request_on=D(2025, 3, 1), age=22, service_id="move")
    make_course(town, request_on=D(2025, 3, 1), age=25)
    # anonymous SEL § 101 a: never counted
    make_course(
        town,
        track="SEL-101a",
        anonymous=True,
        request_on=D(2025, 3, 1),
        start_on=D(2025, 3, 2),
        discharged_on=D(2025, 4, 1),
        status="completed",
        age=20,
    )


@pytest.mark.django_db
def test_R43_annex_of_haderslev_from_the_records(had):
    haderslev_2025(had)
    report = services.annex_for(had.centre_leader, year=2025, as_of=AS_OF)
    got = {r.spec.id: r for r in report.results}
    assert set(got) == {"faerdigbehandlede-stof", "faerdigbehandlede-alkohol", "move-under-30"}
    stof, alk, move = (got[k] for k in got)
    assert (stof.share.numerator, stof.share.denominator, stof.met) == (2, 4, True)
    assert (alk.share.numerator, alk.share.denominator, alk.met) == (1, 3, False)
    # the under-30s requested in 2025: the two above (the anonymous § 101 a course is excluded)
    assert (move.share.numerator, move.share.denominator, move.met) == (1, 2, False)


@pytest.mark.django_db
def test_R43_annex_of_odsherred_from_the_records(ods):
    outcomes = ("abstinent", "abstinent", "reduced", "unchanged", "stabilised")
    clients = []
    for outcome in outcomes:
        c = make_course(
            ods,
            request_on=D(2024, 1, 2),
            start_on=D(2024, 1, 5),
            discharged_on=D(2024, 5, 1),
            outcome=outcome,
        )
        clients.append(c.client)
    # one of the five is back in treatment 2 months later
    make_course(ods, client=clients[0], request_on=D(2024, 6, 20), start_on=D(2024, 7, 1))
    report = services.annex_for(ods.centre_leader, year=2024, as_of=AS_OF)
    got = {r.spec.metric: r for r in report.results}
    assert got["abstinent_after_treatment"].share.value == pytest.approx(0.4)
    assert got["abstinent_after_treatment"].met is True
    assert got["reduced_after_treatment"].share.value == pytest.approx(0.2)
    assert got["reduced_after_treatment"].met is False
    ret = got["return_within_12_months"]
    assert (ret.share.numerator, ret.share.denominator, ret.met) == (1, 5, True)


@pytest.mark.django_db
def test_R43_annex_with_no_courses_is_not_measurable(had):
    report = services.annex_for(had.centre_leader, year=2025, as_of=AS_OF)
    assert all(r.met is None and r.share.denominator == 0 for r in report.results)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.CENTRE_LEADER, Role.ADMINISTRATOR, Role.VISITATION_CASEWORKER]
)
def test_reporting_view_allowed_roles(had, role):
    services.annex_for(had.users[role], year=2025, as_of=AS_OF)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.TREATER, Role.SECRETARY, Role.DOCTOR, Role.NURSE, Role.AUDITOR]
)
def test_reporting_view_refused_roles(had, role):
    with pytest.raises(AccessDenied):
        services.annex_for(had.users[role], year=2025, as_of=AS_OF)
    with pytest.raises(AccessDenied):
        services.dashboard_for(
            had.users[role], period=Period.year(2025), filters=Filters(), as_of=AS_OF
        )


@pytest.mark.django_db
def test_facts_take_a_fixed_number_of_queries(had):
    haderslev_2025(had)
    with CaptureQueriesContext(connection) as few:
        facts = load_facts(had.municipality)
    assert len(facts.courses) == 10
    for _ in range(3):
        haderslev_2025(had)
    with CaptureQueriesContext(connection) as many:
        facts = load_facts(had.municipality)
    assert len(facts.courses) == 40
    assert len(many) == len(few) <= 8


@pytest.mark.django_db
def test_facts_substance_age_centre_and_services(had):
    c = make_course(had, track="SUL-141", request_on=D(2025, 2, 1), start_on=D(2025, 2, 3), age=33)
    (f,) = load_facts(had.municipality).courses
    assert f.id == c.pk and f.substance == "alcohol" and f.age == 33
    assert f.centre == had.centre.pk
    assert f.first_grant_on == D(2025, 2, 3)
    assert [s.service_id for s in f.services] == ["individuelle-samtaler"]


@pytest.mark.django_db
def test_R43_public_document_carries_the_annex(client, had):
    haderslev_2025(had)
    response = client.get("/standarder/haderslev/?aar=2025")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="sec-annex"' in html and "Målopfyldelse 2025" in html
    # 4 drug courses: below the public cell size, hidden
    assert "skjult (under 5 forløb)" in html
    pdf = client.get("/standarder/haderslev/pdf/?aar=2025")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_R43_herning_decrease_is_judged_against_the_year_before(db):
    from tests.db.factories import Town

    her = Town("herning")
    for year, back in ((2023, True), (2023, False), (2024, False), (2024, False)):
        c = make_course(
            her, request_on=D(year, 1, 2), start_on=D(year, 1, 5), discharged_on=D(year, 3, 1)
        )
        if back:
            make_course(her, client=c.client, request_on=D(year, 5, 1), start_on=D(year, 5, 2))
    report = services.annex_for(her.centre_leader, year=2024, as_of=AS_OF)
    got = {r.spec.metric: r for r in report.results}
    ret = got["return_within_12_months"]
    assert ret.previous.value == 0.5  # 2023: 1 of the 2 discharged came back
    assert ret.share.value == 0.0 and ret.met is True
    row = next(r for r in services.annex_table(report).rows if "12 måneder" in r[0])
    assert "(året før: 50,0 %)" in row[2]


# --- the public annex hides small cells ------------------------------------------------------


def _report(town, *results):
    return services.AnnexReport(
        town.municipality, None, Period.year(2025), AS_OF, list(results), courses=0
    )


def _result(share, previous=None, direction="at_least"):
    spec = TargetSpec("t", "completed_as_planned", "Målet", 0.4, direction, source="HAD 9.1")
    met, da, en = kpi.judge(spec, share, previous)
    return kpi.TargetResult(spec, share, met, da, en, previous)


@pytest.mark.django_db
def test_R43_public_annex_hides_small_cells_everywhere_in_the_row(had):
    rows = services.annex_table(
        _report(
            had,
            _result(kpi.Share(2, 4, excluded=3)),  # small population
            _result(kpi.Share(6, 10), kpi.Share(1, 3), "decrease"),  # small the year before
            _result(kpi.Share(3, 20)),  # small numerator
            _result(kpi.Share(10, 20)),  # large enough: shown
        ),
        public=True,
    ).rows
    small, small_before, small_numerator, shown = rows
    assert "skjult" in small[2] and small[3:6] == ("", "<5", "<5") and small[6] == ""
    assert not {"50,0 %", 2, 4, 3} & set(small)
    assert "skjult" in small_before[2] and "33,3 %" not in small_before[2]
    assert "60,0 %" not in small_before[2] and small_before[3] == "" and small_before[6] == ""
    assert "skjult" in small_numerator[2] and "15,0 %" not in small_numerator[2]
    assert small_numerator[3] == "" and small_numerator[4] == 20
    assert shown[2] == "50,0 %" and shown[3:6] == (10, 20, 0) and shown[6] == "ja"


@pytest.mark.django_db
def test_R43_staff_annex_shows_numerator_denominator_and_excluded(had):
    (row,) = services.annex_table(_report(had, _result(kpi.Share(2, 4, excluded=3)))).rows
    assert row[2:7] == ("50,0 %", 2, 4, 3, "ja")
    headers = services.annex_table(_report(had)).headers
    assert headers[3:6] == ("Tæller", "Nævner (population)", "Udeladt")


@pytest.mark.django_db
def test_R43_public_document_does_not_print_hidden_figures(client, had):
    haderslev_2025(had)  # drugs 2 of 4, alcohol 1 of 3, MOVE 1 of 2: all small
    html = client.get("/standarder/haderslev/?aar=2025").content.decode()
    annex = html[html.index('id="sec-annex"') :]
    annex = annex[: annex.index("</table>")]
    assert annex.count("skjult (under 5 forløb)") == 3
    for figure in (
        "<td>50,0 %",
        "<td>33,3 %",
        "<td>4</td>",
        "<td>3</td>",
        "<td>2</td>",
        "<td>1</td>",
    ):
        assert figure not in annex, figure
    assert "<td>&lt;5</td>" in annex


# --- merged anonymous courses ----------------------------------------------------------------


@pytest.mark.django_db
def test_R47_a_linked_anonymous_client_in_treatment_is_counted_once(had):
    from vendepunkt.citizens.services import link_anonymous
    from vendepunkt.courses.models import Contact, ContactCourse, Discharge

    treated = make_course(
        had,
        track="SUL-141",
        anonymous=True,
        request_on=D(2025, 2, 1),
        start_on=D(2025, 2, 3),
        service_id="behandlingsforloeb-alkohol",
    )
    anonymous = treated.client
    citizen = make_course(had, request_on=D(2025, 3, 1)).client
    ContactCourse.objects.filter(client=citizen).update(request_on=None, legal_track="counselling")
    link_anonymous(had.visitation_caseworker, anonymous, citizen, consent=True, today=D(2025, 4, 1))
    treated.refresh_from_db()
    assert treated.merged_into is not None  # the contacts moved, the treatment stayed
    assert not Contact.objects.filter(contact_course=treated).exists()
    Discharge.objects.create(
        municipality=had.municipality,
        treatment=treated.treatment,
        on=D(2025, 6, 1),
        status="completed",
        outcome="abstinent",
        by=had.centre_leader,
    )
    type(treated.treatment).objects.filter(pk=treated.treatment.pk).update(
        discharged_on=D(2025, 6, 1)
    )
    facts = load_facts(had.municipality)
    counted = [c for c in facts.courses if c.counted]
    assert [c.id for c in counted] == [treated.pk]
    (course,) = counted
    assert course.client == citizen.pk and not course.anonymous
    assert course.substance == "alcohol" and course.start_on == D(2025, 2, 3)
    board = services.dashboard_for(
        had.centre_leader, period=Period.year(2025), filters=Filters(), as_of=AS_OF
    )
    assert sum(board.flow["requests"].values()) == 1
    assert sum(board.flow["starts"].values()) == 1
    assert sum(board.flow["discharges"].values()) == 1
    f = board.figures.completed_alcohol
    assert (f.numerator, f.denominator) == (1, 1)
    report = services.annex_for(had.centre_leader, year=2025, as_of=AS_OF)
    alcohol = next(r for r in report.results if r.spec.id == "faerdigbehandlede-alkohol")
    assert (alcohol.share.numerator, alcohol.share.denominator) == (1, 1)


@pytest.mark.django_db
def test_a_merged_course_with_only_contacts_is_counted_with_the_course_it_joined(had):
    from vendepunkt.citizens.services import link_anonymous

    only_contacts = make_course(had, track="SUL-141", anonymous=True, request_on=D(2025, 2, 1))
    only_contacts.applications.all().delete()
    citizen_course = make_course(had, request_on=D(2025, 3, 1))
    link_anonymous(
        had.visitation_caseworker,
        only_contacts.client,
        citizen_course.client,
        consent=True,
        today=D(2025, 4, 1),
    )
    ids = [c.id for c in load_facts(had.municipality).courses]
    assert ids == [citizen_course.pk]  # the request is counted once, on the citizen's course
