"""Issue 12 § 3: no service without a grant that covers it. Treatment, an added service and a stay
need a decision in force whose period holds the dates; eligibility at every level of the standard;
time-limited grants and their extension; least intrusive; the forum that decided. Refusals write
nothing. SQLite and PostgreSQL; synthetic people only."""

import datetime as dt

import pytest

from tests.db.factories import Town, cpr_for
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.models import AuditEntry
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import CourseService, Decision, ResidentialStay, TreatmentCourse
from vendepunkt.providers import services as providers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
AT = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
DAY = AT.date()


def course_of(town, *, birth=dt.date(1990, 5, 17), seed=1, substances=("cannabis",)):
    client = citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(birth, seed=seed),
        name="Testa Testesen",
        today=TODAY,
    )
    return courses.record_contact(
        town.treater,
        client,
        at=AT,
        channel="phone",
        made_by="self",
        legal_track="SEL-101",
        substances=list(substances),
        main_substance=substances[0],
        wish_for_treatment=True,
        today=TODAY,
    ).contact_course


def grant(town, course, service_id, *, actor=None, **values):
    application = courses.apply_for_service(
        town.treater, course, service_id=service_id, applied_on=DAY, today=TODAY
    )
    values.setdefault("decided_on", DAY)
    return courses.decide(
        actor or town.centre_leader,
        application,
        outcome="grant",
        legal_basis=values.pop("legal_basis", "SEL-101"),
        reasons="Borgeren er i målgruppen (syntetisk).",
        today=TODAY,
        **values,
    )


def provider(town):
    return providers.register_provider(
        town.centre_leader,
        town.municipality,
        name="Privat Døgn ApS",
        cvr="12345678",
        approved_for=["SEL-101", "SEL-107"],
        settings_offered=["ambulant", "day", "residential"],
        public=False,
        on_tilbudsportalen=True,
    )


@pytest.fixture
def had():
    return Town("haderslev")


def audits():
    return AuditEntry.objects.count()


# --- starting treatment ------------------------------------------------------------------------


def test_a_treatment_cannot_start_before_its_grant_period(had):
    course = course_of(had)
    decision = grant(had, course, "behandlingsforloeb-stof", valid_from=DAY + dt.timedelta(days=7))
    before = audits()
    with pytest.raises(ServiceError) as refused:
        courses.start_treatment(
            had.treater,
            course,
            team=had.team,
            start_on=DAY + dt.timedelta(days=6),
            decision=decision,
            today=TODAY,
        )
    assert refused.value.code == "grant-not-yet"
    assert "bevillingsperioden" in str(refused.value)
    assert not TreatmentCourse.objects.filter(contact_course=course).exists()
    assert audits() == before
    treatment = courses.start_treatment(
        had.treater,
        course,
        team=had.team,
        start_on=DAY + dt.timedelta(days=7),
        decision=decision,
        today=TODAY,
    )
    assert treatment.services.get().decision == decision


def test_a_treatment_without_a_grant_is_refused_with_the_way_forward(had):
    course = course_of(had)
    with pytest.raises(ServiceError) as refused:
        courses.start_treatment(had.treater, course, team=had.team, start_on=DAY, today=TODAY)
    assert refused.value.code == "grant-missing"
    assert not TreatmentCourse.objects.filter(contact_course=course).exists()
    grant(had, course, "behandlingsforloeb-stof")
    assert courses.start_treatment(had.treater, course, team=had.team, start_on=DAY, today=TODAY)


# --- added services and stays ------------------------------------------------------------------


@pytest.fixture
def treated(had):
    course = course_of(had)
    decision = grant(had, course, "behandlingsforloeb-stof")
    treatment = courses.start_treatment(
        had.treater, course, team=had.team, start_on=DAY, decision=decision, today=TODAY
    )
    return had, course, treatment


def test_an_added_residential_service_needs_a_decision(treated):
    town, course, treatment = treated
    before = audits()
    with pytest.raises(ServiceError) as refused:
        courses.change_services(
            town.treater, treatment, add=["kort-afgiftning-doegn"], on=DAY, today=TODAY
        )
    assert refused.value.code == "grant-missing"
    assert not CourseService.objects.filter(service_id="kort-afgiftning-doegn").exists()
    assert audits() == before
    # open counselling needs no visitation
    courses.change_services(town.treater, treatment, add=["aaben-raadgivning"], on=DAY, today=TODAY)
    decision = grant(town, course, "kort-afgiftning-doegn")
    courses.change_services(
        town.treater, treatment, add=["kort-afgiftning-doegn"], on=DAY, today=TODAY
    )
    added = CourseService.objects.get(service_id="kort-afgiftning-doegn")
    assert added.decision == decision


def test_a_residential_stay_needs_a_decision_whose_period_holds_it(treated):
    town, course, treatment = treated
    place = provider(town)
    with pytest.raises(ServiceError) as refused:
        courses.record_stay(
            town.treater,
            treatment,
            provider=place,
            service_id="kort-afgiftning-doegn",
            start_on=DAY,
            end_on=DAY + dt.timedelta(days=20),
            today=TODAY,
        )
    assert refused.value.code == "grant-missing"
    assert not ResidentialStay.objects.exists()
    grant(
        town,
        course,
        "kort-afgiftning-doegn",
        valid_from=DAY,
        valid_until=DAY + dt.timedelta(days=27),
    )
    with pytest.raises(ServiceError) as refused:
        courses.record_stay(
            town.treater,
            treatment,
            provider=place,
            service_id="kort-afgiftning-doegn",
            start_on=DAY,
            end_on=DAY + dt.timedelta(days=40),
            today=TODAY,
        )
    assert refused.value.code == "grant-ended"
    assert not ResidentialStay.objects.exists()
    courses.record_stay(
        town.treater,
        treatment,
        provider=place,
        service_id="kort-afgiftning-doegn",
        start_on=DAY,
        end_on=DAY + dt.timedelta(days=20),
        today=TODAY,
    )
    assert ResidentialStay.objects.count() == 1


# --- eligibility at decision time --------------------------------------------------------------


def test_a_citizen_outside_the_centres_age_range_is_not_granted_its_ambulant_service(had):
    # Rusmiddelcenter Haderslev is for citizens aged 18–85.
    course = course_of(had, birth=dt.date(1938, 3, 1))
    before = Decision.objects.count()
    with pytest.raises(ServiceError) as refused:
        grant(had, course, "behandlingsforloeb-stof")
    assert refused.value.code == "not_eligible"
    assert "85" in str(refused.value)
    assert Decision.objects.count() == before


def test_under_18_the_decision_records_the_warning_and_barnets_lov_33():
    herning = Town("herning")
    course = course_of(herning, birth=dt.date(2010, 1, 5))
    decision = grant(herning, course, "unge-under-18", actor=herning.centre_leader)
    (note,) = [n for n in decision.eligibility_notes if n["code"] == "under-18"]
    assert "Barnets Lov § 33" in note["source"]


# --- time-limited grants and their extension ---------------------------------------------------


def test_a_time_limited_grant_gets_its_end_from_the_duration_and_is_extended_by_a_decision():
    # Hjørring modul 1: time-limited, at most 3 weeks; the visitation caseworker decides.
    hjo = Town("hjoerring")
    course = course_of(hjo)
    decision = grant(hjo, course, "modul-1", actor=hjo.visitation_caseworker, valid_from=DAY)
    assert decision.valid_until == DAY + dt.timedelta(days=20)
    assert decision.forum_id == "raadgiversamtale"
    extension = courses.extend_grant(
        hjo.visitation_caseworker,
        decision,
        valid_until=DAY + dt.timedelta(days=34),
        reasons="Borgeren har brug for to uger mere (syntetisk).",
        decided_on=DAY + dt.timedelta(days=14),
        today=TODAY,
    )
    assert extension.extends == decision
    assert extension.valid_from == DAY + dt.timedelta(days=21)
    assert extension.application.service_id == "modul-1"
    assert extension.complaint_guidance  # its own letter with complaint guidance
    with pytest.raises(ServiceError):
        courses.extend_grant(
            hjo.visitation_caseworker,
            decision,
            valid_until=DAY + dt.timedelta(days=40),
            reasons="Igen.",
            decided_on=DAY + dt.timedelta(days=15),
            today=TODAY,
        )


def test_where_authority_and_provider_are_separate_only_the_named_role_decides_hjoerring():
    hjo = Town("hjoerring")
    course = course_of(hjo)
    with pytest.raises(ServiceError) as refused:
        grant(hjo, course, "modul-1", actor=hjo.centre_leader)
    assert refused.value.code == "decides-with"
    assert not Decision.objects.filter(application__contact_course=course).exists()


# --- least intrusive ---------------------------------------------------------------------------


def test_a_more_intensive_service_than_the_load_degree_suggests_needs_a_recorded_reason():
    ods = Town("odsherred")
    course = course_of(ods)
    courses.record_assessment(
        ods.treater,
        course,
        phase="intake",
        assessed_on=DAY,
        text="Udredning",
        load_degree="low",
        today=TODAY,
    )
    with pytest.raises(ServiceError) as refused:
        grant(ods, course, "intensiv")
    assert refused.value.code == "least-intrusive"
    assert not Decision.objects.filter(application__contact_course=course).exists()
    decision = grant(ods, course, "intensiv", intensity_reason="Tidligere forløb uden effekt.")
    assert decision.intensity_reason == "Tidligere forløb uden effekt."


# --- the planned dose --------------------------------------------------------------------------


def test_at_most_5_talks_within_3_weeks_a_sixth_needs_a_new_decision_hjoerring_modul_1():
    hjo = Town("hjoerring")
    course = course_of(hjo)
    decision = grant(hjo, course, "modul-1", actor=hjo.visitation_caseworker, valid_from=DAY)
    treatment = courses.start_treatment(
        hjo.treater, course, team=hjo.team, start_on=DAY, decision=decision, today=TODAY
    )
    for days in (1, 3, 7, 10, 14):
        courses.record_appointment(
            hjo.treater, treatment, at=AT + dt.timedelta(days=days), kind="individual", today=TODAY
        )
    # a doctor's consultation is not one of the module's talks
    courses.record_appointment(
        hjo.treater, treatment, at=AT + dt.timedelta(days=15), kind="doctor", today=TODAY
    )
    with pytest.raises(ServiceError) as refused:
        courses.record_appointment(
            hjo.treater, treatment, at=AT + dt.timedelta(days=16), kind="individual", today=TODAY
        )
    assert refused.value.code == "dose-sessions-max"
    assert treatment.appointments.filter(kind="individual").count() == 5


def test_a_stay_is_covered_only_by_a_grant_of_its_own_service():
    """A grant of one residential service does not cover a stay in another (issue 12 § 3)."""
    import datetime as dt

    from tests.db.factories import Town, grant_for
    from tests.db.test_course_services import TODAY, citizen, contact
    from vendepunkt.accounts.errors import ServiceError
    from vendepunkt.courses import services as courses
    from vendepunkt.courses.models import ResidentialStay
    from vendepunkt.providers import services as providers

    had = Town("haderslev")
    course = contact(had, citizen(had)).contact_course
    start = TODAY - dt.timedelta(days=10)
    grant_for(had, course, on=start, service_id="kort-afgiftning-doegn")
    treatment = courses.start_treatment(
        had.visitation_caseworker, course, team=had.team, start_on=start, today=TODAY
    )
    provider = providers.register_provider(
        had.centre_leader,
        had.municipality,
        name="Fiktiv Døgn",
        cvr="",
        approved_for=["SEL-101", "SEL-107"],
        settings_offered=["residential"],
        public=False,
        on_tilbudsportalen=True,
    )
    others = [
        s.id
        for s in had.municipality.standard().services
        if str(s.setting) == "residential" and s.id != "kort-afgiftning-doegn"
    ]
    with pytest.raises(ServiceError) as refused:
        courses.record_stay(
            had.visitation_caseworker,
            treatment,
            provider=provider,
            start_on=start,
            end_on=start + dt.timedelta(days=5),
            service_id=others[0],
            today=TODAY,
        )
    assert "afgørelse" in refused.value.message_da, refused.value.message_da
    assert not ResidentialStay.objects.exists()


def test_R32_an_alcohol_residential_stay_needs_a_grant_of_its_residential_service_odsherred():
    """SUL § 141's free choice without prior visitation is among approved *ambulant* offers
    (ODS "Mulighed for frit valg": "frit af vælge et andet ambulante behandlingstilbud uden
    forudgående visitation"; "hvis man er visiteret til et ambulært tilbud, kan man ikke frit
    vælge dag- eller døgnbehandling"). An alcohol course starts its ambulant treatment without a
    decision, but its residential stay is refused until the residential service is granted, and
    so is an added day service (D76)."""
    ods = Town("odsherred")
    client = citizens.register_citizen(
        ods.treater,
        ods.municipality,
        cpr=cpr_for(dt.date(1980, 2, 2)),
        name="Ada Alkohol",
        today=TODAY,
    )
    course = courses.record_contact(
        ods.treater,
        client,
        at=AT,
        channel="phone",
        made_by="self",
        legal_track="SUL-141",
        substances=["alcohol"],
        main_substance="alcohol",
        wish_for_treatment=True,
        today=TODAY,
    ).contact_course
    treatment = courses.start_treatment(
        ods.treater, course, team=ods.team, start_on=DAY, today=TODAY
    )  # ambulant alcohol treatment: no prior visitation (SUL § 141)
    place = provider(ods)
    before = audits()
    with pytest.raises(ServiceError) as refused:
        courses.record_stay(
            ods.visitation_caseworker,
            treatment,
            provider=place,
            service_id="doegnbehandling",
            start_on=DAY + dt.timedelta(days=7),
            end_on=DAY + dt.timedelta(days=37),
            today=TODAY,
        )
    assert refused.value.code == "grant-missing"
    assert "Døgnbehandling" in refused.value.message_da or "døgn" in refused.value.message_da
    assert not ResidentialStay.objects.exists() and audits() == before
    with pytest.raises(ServiceError) as refused:
        courses.change_services(ods.treater, treatment, add=["dagbehandling"], on=DAY, today=TODAY)
    assert refused.value.code == "grant-missing"
    # the ambulant services stay free of visitation on the alcohol track
    courses.change_services(ods.treater, treatment, add=["nada"], on=DAY, today=TODAY)
    grant(ods, course, "doegnbehandling", legal_basis="SUL-141", actor=ods.visitation_caseworker)
    courses.record_stay(
        ods.visitation_caseworker,
        treatment,
        provider=place,
        service_id="doegnbehandling",
        start_on=DAY + dt.timedelta(days=7),
        end_on=DAY + dt.timedelta(days=37),
        today=TODAY,
    )
    assert ResidentialStay.objects.get().self_payment == {}  # never charged in alcohol treatment


def test_R15_a_grant_of_a_time_limited_service_without_a_duration_needs_its_end_date(had):
    """HAD: Bramdruphus is a "midlertidigt botilbud" (time-limited, no duration in the seed): a
    grant without an end date is refused in Danish and English and nothing is written; with one
    it is granted (D59)."""
    course = course_of(had)
    with pytest.raises(ServiceError) as refused:
        grant(had, course, "halvvejshus-bramdruphus", legal_basis="SEL-107")
    assert refused.value.code == "grant-end-required" and refused.value.field == "valid_until"
    assert "slutdato" in refused.value.message_da or "tidsbegræns" in refused.value.message_da
    assert "end date" in refused.value.message_en
    assert not Decision.objects.exists()
    decision = grant(
        had,
        course,
        "halvvejshus-bramdruphus",
        legal_basis="SEL-107",
        valid_from=DAY,
        valid_until=DAY + dt.timedelta(days=55),
    )
    assert decision.valid_until == DAY + dt.timedelta(days=55)


def test_with_two_dosed_services_a_session_names_its_service_and_each_dose_counts_alone_hjoerring():
    """Issue 12 § 3: "at most 5 talks" of modul 1 beside modul 2's "at most twice a week": a
    session on a course with both names its service; each service's dose is counted on its own,
    so modul 2's talks do not use up modul 1's five."""
    hjo = Town("hjoerring")
    course = course_of(hjo)
    decision = grant(hjo, course, "modul-1", actor=hjo.visitation_caseworker, valid_from=DAY)
    grant(hjo, course, "modul-2-individuel", actor=hjo.visitation_caseworker, valid_from=DAY)
    treatment = courses.start_treatment(
        hjo.treater, course, team=hjo.team, start_on=DAY, decision=decision, today=TODAY
    )
    courses.change_services(hjo.treater, treatment, add=["modul-2-individuel"], on=DAY, today=TODAY)
    with pytest.raises(ServiceError) as unnamed:
        courses.record_appointment(
            hjo.treater, treatment, at=AT + dt.timedelta(days=1), kind="individual", today=TODAY
        )
    assert unnamed.value.code == "service-required" and unnamed.value.field == "service_id"
    with pytest.raises(ServiceError) as foreign:
        courses.record_appointment(
            hjo.treater,
            treatment,
            at=AT + dt.timedelta(days=1),
            kind="individual",
            service_id="modul-2-gruppe",
            today=TODAY,
        )
    assert foreign.value.code == "service-not-active"
    for days in (1, 3, 7, 10, 14):
        courses.record_appointment(
            hjo.treater,
            treatment,
            at=AT + dt.timedelta(days=days),
            kind="individual",
            service_id="modul-1",
            today=TODAY,
        )
    # modul 2's talks on other days do not count towards modul 1's five
    courses.record_appointment(
        hjo.treater,
        treatment,
        at=AT + dt.timedelta(days=2),
        kind="individual",
        service_id="modul-2-individuel",
        today=TODAY,
    )
    with pytest.raises(ServiceError) as sixth:
        courses.record_appointment(
            hjo.treater,
            treatment,
            at=AT + dt.timedelta(days=16),
            kind="individual",
            service_id="modul-1",
            today=TODAY,
        )
    assert sixth.value.code == "dose-sessions-max"
    assert treatment.appointments.filter(service_id="modul-1").count() == 5
    assert treatment.appointments.filter(service_id="modul-2-individuel").count() == 1
