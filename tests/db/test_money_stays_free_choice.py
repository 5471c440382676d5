"""Money, stays and free choice as the standards say (issue 12 § 4; R16, R21, R32, R35), through
the services: refusals explain themselves and write nothing (SQLite and PostgreSQL)."""

import datetime as dt

import pytest

from tests.db.factories import Town, grant_for
from tests.db.test_course_services import AT, TODAY, citizen, contact, grant
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.models import AuditEntry
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Appointment, ResidentialStay, Waiver
from vendepunkt.providers import services as providers
from vendepunkt.providers.models import FreeChoiceRecord

pytestmark = pytest.mark.django_db

START = TODAY + dt.timedelta(days=14)


def started(town, *, track="SEL-101", seed=1, grants=(), until=None):
    """A treatment started with the decision it needs (issue 12 § 3), and a decision in force for
    each service in `grants` (the stay's residential service, a service added later), ending
    `until` where the standard limits the grant in time."""
    course = contact(town, citizen(town, seed=seed), track=track).contact_course
    grant_for(town, course, on=AT.date(), today=TODAY)
    for service_id in grants:
        grant_for(town, course, on=AT.date(), service_id=service_id, until=until, today=TODAY)
    return courses.start_treatment(
        town.visitation_caseworker,
        course,
        team=town.team,
        start_on=AT.date(),
        treater=town.treater,
        today=TODAY,
    )


def provider(town, name="Døgn ApS", **extra):
    values = {
        "cvr": "11223344",
        "approved_for": ["SEL-101", "SUL-141", "SUL-142"],
        "settings_offered": ["residential", "ambulant"],
        "public": False,
        "on_tilbudsportalen": True,
    }
    values.update(extra)
    return providers.register_provider(town.centre_leader, town.municipality, name=name, **values)


def stay(town, treatment, **extra):
    values = {
        "provider": provider(town) if "provider" not in extra else extra.pop("provider"),
        "start_on": START,
        "end_on": START + dt.timedelta(days=60),
        "today": TODAY,
    }
    values.update(extra)
    return courses.record_stay(town.visitation_caseworker, treatment, **values)


def refused(code, call):
    before = (ResidentialStay.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ServiceError) as error:
        call()
    assert error.value.code == code or code in str(error.value)
    assert (ResidentialStay.objects.count(), AuditEntry.objects.count()) == before
    return error.value


def test_R35_herning_self_payment_assessment_before_the_stay_with_counselling_first():
    """HER 12: assessment before the stay, an economic counselling talk first, and own home
    means no lodging (board is still paid)."""
    her = Town("herning")
    treatment = started(her, grants=["primaer-doegn"])
    home = provider(her)
    error = refused("self-payment-missing", lambda: stay(her, treatment, provider=home))
    assert "egenbetalingsberegning" in error.message_da
    assessed = {"assessed_on": TODAY.isoformat(), "board": "2500", "lodging": "3000"}
    refused(
        "economic-counselling-first",
        lambda: stay(her, treatment, provider=home, self_payment=assessed),
    )
    done = stay(
        her,
        treatment,
        provider=home,
        self_payment={
            **assessed,
            "keeps_own_home": True,
            "economic_counselling_on": (TODAY - dt.timedelta(days=2)).isoformat(),
        },
    )
    assert done.kind == "treatment" and done.service_id == "primaer-doegn"
    assert done.self_payment["monthly_amount"] == "2500"
    assert done.self_payment["lodging_exempt"] is True
    assert done.transport_paid_by == ""  # Herning says nothing about transport


def test_R32_herning_stay_no_longer_than_three_to_four_months():
    her = Town("herning")
    treatment = started(her, grants=["primaer-doegn"])
    home = provider(her)
    payment = {
        "assessed_on": TODAY.isoformat(),
        "economic_counselling_on": TODAY.isoformat(),
        "board": "2000",
    }
    error = refused(
        "stay-too-long",
        lambda: stay(
            her,
            treatment,
            provider=home,
            end_on=START + dt.timedelta(days=130),
            self_payment=payment,
        ),
    )
    assert error.field == "end_on"
    refused(
        "stay-kind-not-offered",
        lambda: stay(her, treatment, provider=home, kind="crisis", self_payment=payment),
    )


def test_R35_no_self_payment_in_alcohol_treatment():
    """HAD 5.5: no self-payment in alcohol residential treatment (SUL § 141)."""
    had = Town("haderslev")
    # a residential stay is visited on the alcohol track too (D76): its own service is granted
    treatment = started(
        had, track="SUL-141", grants=["ekstern-doegnbehandling", "kort-afgiftning-doegn"]
    )
    home = provider(had)
    refused(
        "self-payment-alcohol",
        lambda: stay(
            had,
            treatment,
            provider=home,
            service_id="ekstern-doegnbehandling",
            self_payment={"board": "2000"},
        ),
    )
    done = stay(had, treatment, provider=home, service_id="ekstern-doegnbehandling")
    assert done.self_payment == {}
    # Haderslev's detox stay is 3–4 weeks
    refused(
        "stay-too-long",
        lambda: stay(
            had,
            treatment,
            provider=home,
            kind="detoxification",
            service_id="kort-afgiftning-doegn",
            end_on=START + dt.timedelta(days=30),
        ),
    )


def test_transport_of_a_stay_follows_the_standard():
    ods, hjo = Town("odsherred"), Town("hjoerring")
    until = START + dt.timedelta(days=90)
    ods_treatment = started(ods, grants=["doegnbehandling"], until=until)
    assert stay(ods, ods_treatment).transport_paid_by == "municipality"
    hjo_treatment = started(hjo, grants=["doegnbehandling"], until=until)
    assessed = {"assessed_on": TODAY.isoformat(), "board": "1000"}
    done = stay(hjo, hjo_treatment, service_id="doegnbehandling", self_payment=assessed)
    assert done.transport_paid_by == "citizen"


def test_R16_gift_vouchers_only_in_a_service_that_offers_them():
    """ODS: MOVE "hvor der er mulighed for at arbejde med gavekort"; not in other services."""
    ods = Town("odsherred")
    treatment = started(ods, grants=["intensiv", "move"])
    courses.change_services(ods.treater, treatment, add=["intensiv"], on=AT.date(), today=TODAY)
    visit = courses.record_appointment(
        ods.secretary, treatment, at=AT, kind="individual", today=TODAY
    )
    with pytest.raises(ServiceError) as error:
        courses.set_attendance(
            ods.treater, visit, status="attended", gift_voucher=True, today=TODAY
        )
    assert error.value.code == "gift-voucher-not-offered"
    visit.refresh_from_db()
    assert visit.status == "planned" and not visit.gift_voucher
    courses.change_services(ods.treater, treatment, add=["move"], on=AT.date(), today=TODAY)
    courses.set_attendance(ods.treater, visit, status="attended", gift_voucher=True, today=TODAY)
    assert Appointment.objects.get(pk=visit.pk).gift_voucher


def test_R16_gift_vouchers_are_counted_and_summed_for_the_period_asked():
    from vendepunkt.reporting.services import gift_voucher_report
    from vendepunkt.rules.kpi import Period

    ods = Town("odsherred")
    treatment = started(ods, grants=["move"])
    courses.change_services(ods.treater, treatment, add=["move"], on=AT.date(), today=TODAY)
    for day in (AT, AT + dt.timedelta(days=2), AT - dt.timedelta(days=40)):
        courses.record_appointment(
            ods.secretary,
            treatment,
            at=day,
            kind="individual",
            status="attended",
            gift_voucher=True,
            today=TODAY,
        )
    Appointment.objects.filter(at=AT).update(gift_voucher_value=100)
    november = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    report = gift_voucher_report(ods.centre_leader, period=november, today=TODAY)
    assert (report.count, report.value) == (2, 100)
    assert report.unvalued == 1


def test_R21_diacetylmorphine_is_excluded_by_the_recorded_product():
    had = Town("haderslev")
    course = contact(had, citizen(had)).contact_course
    decision = grant(
        had, course, "substitutionsbehandling", legal_basis="SUL-142", valid_from=AT.date()
    )
    clinic = provider(had, name="Klinik ApS", settings_offered=["ambulant"])
    courses.choose_provider(had.treater, course, decision, clinic, on=AT.date(), today=TODAY)
    treatment = courses.start_treatment(
        had.visitation_caseworker, course, team=had.team, start_on=AT.date(), today=TODAY
    )
    courses.record_medical(
        had.doctor,
        treatment,
        kind="substitution",
        on=AT.date(),
        details={"product": "heroin", "prescriber_authorisation": "AB123"},
        today=TODAY,
    )
    waivers = Waiver.objects.count()
    with pytest.raises(ServiceError) as error:
        courses.choose_provider(had.treater, course, decision, clinic, on=AT.date(), today=TODAY)
    assert error.value.code == "free-choice-diacetylmorphine"
    assert Waiver.objects.count() == waivers


def test_R21_same_intensity_as_granted():
    """ODS: free choice "af tilsvarende karakter som det, der er visiteret til"."""
    ods = Town("odsherred")
    course = contact(ods, citizen(ods)).contact_course
    decision = grant(ods, course, "intensiv")
    low = provider(ods, name="Lav ApS", settings_offered=["ambulant"], intensities_offered=["low"])
    with pytest.raises(ServiceError) as error:
        courses.choose_provider(ods.treater, course, decision, low, on=AT.date(), today=TODAY)
    assert error.value.code == "free-choice-intensity"
    same = provider(
        ods, name="Intensiv ApS", settings_offered=["ambulant"], intensities_offered=["intensive"]
    )
    courses.choose_provider(ods.treater, course, decision, same, on=AT.date(), today=TODAY)


def test_R21_provider_refusal_and_limitation_are_recorded_with_reasons():
    had = Town("haderslev")
    course = contact(had, citizen(had)).contact_course
    medical = grant(had, course, "substitutionsbehandling", legal_basis="SUL-142")
    public = provider(had, name="Kommunal klinik", settings_offered=["ambulant"], public=True)
    with pytest.raises(ServiceError) as error:
        providers.record_provider_refusal(
            had.treater,
            medical,
            public,
            reason="Passer ikke ind",
            capacity=False,
            on=AT.date(),
            today=TODAY,
        )
    assert error.value.code == "public-refuses-for-capacity"
    assert not FreeChoiceRecord.objects.exists()
    providers.record_provider_refusal(
        had.treater,
        medical,
        public,
        reason="Ingen ledige pladser",
        capacity=True,
        on=AT.date(),
        today=TODAY,
    )
    with pytest.raises(ServiceError) as error:
        courses.choose_provider(had.treater, course, medical, public, on=AT.date(), today=TODAY)
    assert error.value.code == "provider-refused"

    ods = Town("odsherred")
    ods_course = contact(ods, citizen(ods)).contact_course
    decision = grant(ods, ods_course, "intensiv")
    with pytest.raises(ServiceError):
        providers.limit_free_choice(
            ods.visitation_caseworker, decision, reason=" ", on=AT.date(), today=TODAY
        )
    providers.limit_free_choice(
        ods.visitation_caseworker,
        decision,
        reason="Borgerens psykiske tilstand taler for behandling tæt på netværket.",
        on=AT.date(),
        today=TODAY,
    )
    assert AuditEntry.objects.filter(action="free_choice.limited").count() == 1
    other = provider(
        ods, name="Intensiv ApS", settings_offered=["ambulant"], intensities_offered=["intensive"]
    )
    with pytest.raises(ServiceError) as error:
        courses.choose_provider(ods.treater, ods_course, decision, other, on=AT.date(), today=TODAY)
    assert error.value.code == "free-choice-limited"
    alcohol_course = contact(ods, citizen(ods, seed=7), track="SUL-141").contact_course
    alcohol = grant(ods, alcohol_course, "intensiv", legal_basis="SUL-141")
    with pytest.raises(ServiceError) as error:
        providers.limit_free_choice(
            ods.visitation_caseworker, alcohol, reason="Hensyn", on=AT.date(), today=TODAY
        )
    assert error.value.code == "limit-not-in-law"
