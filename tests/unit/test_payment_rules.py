"""Money, stays and free choice as the standards and the law say (issue 12 § 4; R16, R21, R32,
R35): the pure rules of `vendepunkt.rules.payment` over the shipped standards."""

import datetime as dt
from decimal import Decimal
from functools import cache

import pytest

from vendepunkt.rules import payment
from vendepunkt.rules.eligibility import Reason
from vendepunkt.rules.standards.loader import load_standard
from vendepunkt.rules.standards.registry import SHIPPED_DIR

START = dt.date(2026, 12, 1)


@cache
def std(name):
    return load_standard(SHIPPED_DIR / f"{name}.yaml").standard


def assessment(**values):
    return payment.Assessment(assessed_on=START - dt.timedelta(days=7), **values)


# --- R35 self-payment -----------------------------------------------------------------------


def test_R35_herning_assessment_is_required_before_the_stay_begins():
    """HER 12: "inden behandlingsopholdet påbegyndes, blive udarbejdet en
    egenbetalingsberegning"."""
    assert payment.assessment_required(std("herning"), "SEL-101")
    missing = payment.assess_self_payment(
        std("herning"), track="SEL-101", start_on=START, assessment=None
    )
    assert isinstance(missing, Reason) and missing.code == "self-payment-missing"
    late = payment.assess_self_payment(
        std("herning"),
        track="SEL-101",
        start_on=START,
        assessment=payment.Assessment(
            assessed_on=START + dt.timedelta(days=1),
            economic_counselling_on=START,
            board=Decimal(2000),
        ),
    )
    assert isinstance(late, Reason) and late.code == "self-payment-late"


def test_R35_herning_economic_counselling_talk_comes_first():
    """HER 12: "Inden udarbejdelse af egenbetalingsandelen vil borgeren blive tilbudt en
    økonomisamtale"."""
    refused = payment.assess_self_payment(
        std("herning"), track="SEL-101", start_on=START, assessment=assessment(board=Decimal(100))
    )
    assert isinstance(refused, Reason) and refused.code == "economic-counselling-first"
    # Odsherred does not ask for the talk
    ods = payment.assess_self_payment(
        std("odsherred"), track="SEL-101", start_on=START, assessment=assessment(board=Decimal(100))
    )
    assert isinstance(ods, payment.SelfPaymentResult) and ods.monthly_amount == 100


def test_R35_herning_own_home_means_no_lodging_but_board_is_paid():
    """HER 12: "Personer, der bevarer egen bolig under opholdet, betaler som udgangspunkt ikke
    for logi- den. Der betales dog for andre ydelser, herunder kost." """
    result = payment.assess_self_payment(
        std("herning"),
        track="SEL-101",
        start_on=START,
        assessment=assessment(
            board=Decimal(2500),
            lodging=Decimal(3000),
            keeps_own_home=True,
            economic_counselling_on=START - dt.timedelta(days=10),
        ),
    )
    assert isinstance(result, payment.SelfPaymentResult)
    assert result.lodging_exempt and result.lodging == 0 and result.monthly_amount == 2500
    # Hjørring's standard does not say so and cites no § 107 stay: lodging is charged
    hjo = payment.assess_self_payment(
        std("hjoerring"),
        track="SEL-101",
        start_on=START,
        assessment=assessment(board=Decimal(2500), lodging=Decimal(3000), keeps_own_home=True),
    )
    assert hjo.monthly_amount == 5500 and not hjo.lodging_exempt


def test_R35_haderslev_section_107_stay_own_home_exempt_by_law():
    """HAD 5.5 names SEL § 107 stays; the law (SEL § 163 stk. 2) exempts lodging for a resident
    who keeps their own home, though the standard does not say it."""
    result = payment.assess_self_payment(
        std("haderslev"),
        track="SEL-101",
        start_on=START,
        assessment=assessment(board=Decimal(1800), lodging=Decimal(2200), keeps_own_home=True),
    )
    assert result.lodging_exempt and result.monthly_amount == 1800
    assert result.notes[0].source == "SEL § 163 stk. 2"


def test_R35_payment_is_limited_by_the_citizens_means():
    """HER 12: own home costs, obligations and a reasonable amount for personal needs."""
    result = payment.assess_self_payment(
        std("herning"),
        track="SEL-101",
        start_on=START,
        assessment=assessment(
            board=Decimal(2500),
            lodging=Decimal(3000),
            keeps_own_home=True,
            economic_counselling_on=START - dt.timedelta(days=10),
            income=Decimal(12000),
            own_home_costs=Decimal(6000),
            obligations=Decimal(2000),
            personal_needs=Decimal(2500),
        ),
    )
    assert result.monthly_amount == 1500  # 12000 − 6000 − 2000 − 2500, below the 2500 board
    poor = payment.assess_self_payment(
        std("odsherred"),
        track="SEL-101",
        start_on=START,
        assessment=assessment(
            board=Decimal(2500), income=Decimal(1000), personal_needs=Decimal(1500)
        ),
    )
    assert poor.monthly_amount == 0


def test_R35_nothing_is_paid_in_alcohol_treatment():
    """HAD 5.5: "Gældende for alkohol døgnbehandling er, at der ikke er pålagt egenbetaling"
    (SUL § 141), whatever the standard says about drug stays."""
    for name in ("haderslev", "herning", "odsherred"):
        assert not payment.assessment_required(std(name), "SUL-141")
        refused = payment.assess_self_payment(
            std(name), track="SUL-141", start_on=START, assessment=assessment(board=Decimal(1))
        )
        assert isinstance(refused, Reason) and refused.source == "SUL § 141"
        free = payment.assess_self_payment(
            std(name), track="SUL-141", start_on=START, assessment=None
        )
        assert not free.charged and free.monthly_amount == 0


# --- R32 stays --------------------------------------------------------------------------------


def test_R32_stay_kinds_and_durations_from_the_standard():
    had = std("haderslev")
    assert payment.stay_kinds(had) == [payment.StayKind.treatment, payment.StayKind.detoxification]
    detox = had.service("kort-afgiftning-doegn")  # HAD: 3–4 weeks
    assert payment.stay_kind_of(detox) == payment.StayKind.detoxification
    ok = payment.check_stay(
        had, kind="detoxification", service=detox, start_on=START, end_on=START + dt.timedelta(27)
    )
    assert ok is None
    long = payment.check_stay(
        had, kind="detoxification", service=detox, start_on=START, end_on=START + dt.timedelta(28)
    )
    assert long is not None and long.code == "stay-too-long"
    ods = std("odsherred")  # ODS: "Behandlingen varer 1 – 3 mdr."
    service = ods.service("doegnbehandling")
    assert (
        payment.check_stay(
            ods, kind="treatment", service=service, start_on=START, end_on=dt.date(2027, 2, 28)
        )
        is None
    )
    assert (
        payment.check_stay(
            ods, kind="treatment", service=service, start_on=START, end_on=dt.date(2027, 3, 1)
        ).code
        == "stay-too-long"
    )
    assert (
        payment.check_stay(
            ods, kind="detoxification", service=service, start_on=START, end_on=START
        ).code
        == "stay-kind-service"
    )
    assert (
        payment.check_stay(ods, kind="treatment", service=None, start_on=START, end_on=START).code
        == "stay-service"
    )


def test_R32_crisis_and_trial_stays_only_with_the_outreach_model():
    """UDG: a 14-day treatment placement and up to three months at a crisis centre."""
    ods = std("odsherred")
    refused = payment.check_stay(ods, kind="crisis", service=None, start_on=START, end_on=START)
    assert refused.code == "stay-kind-not-offered"
    enabled = ods.model_copy(update={"programmes": ("outreach",)})
    assert payment.StayKind.crisis in payment.stay_kinds(enabled)
    assert (
        payment.check_stay(
            enabled,
            kind="trial_placement",
            service=None,
            start_on=START,
            end_on=START + dt.timedelta(13),
        )
        is None
    )
    assert (
        payment.check_stay(
            enabled,
            kind="trial_placement",
            service=None,
            start_on=START,
            end_on=START + dt.timedelta(14),
        ).code
        == "stay-too-long"
    )


# --- transport ------------------------------------------------------------------------------


def test_transport_follows_the_standard():
    """ODS: "Ved visitation til dag- eller døgnbehandling er transporten ... betalt af
    Rusmiddelteamet"; HJO: "Transportudgifter til og fra behandlingsstedet afholdes af borger";
    HER says nothing."""
    assert payment.transport_for(std("odsherred"), "residential").paid_by == "municipality"
    assert payment.transport_for(std("odsherred"), "ambulant") is None
    assert payment.transport_for(std("hjoerring"), "residential").paid_by == "citizen"
    assert payment.transport_for(std("herning"), "residential") is None


# --- R16 gift vouchers ------------------------------------------------------------------------


def test_R16_gift_vouchers_only_where_the_standard_offers_them():
    """HAD: "MOVE og MOVE plus ... I forbindelse med behandlingen modtager borgeren gavekort"."""
    had = std("haderslev")
    grant = payment.gift_voucher([had.service("move")], 7)
    assert isinstance(grant, payment.VoucherGrant) and grant.value is None
    refused = payment.gift_voucher([had.service("individuelle-samtaler")], 0)
    assert isinstance(refused, Reason) and refused.code == "gift-voucher-not-offered"
    capped = had.service("move").model_copy(
        update={"gift_voucher_value": 100, "gift_vouchers_per_citizen": 3}
    )
    assert payment.gift_voucher([capped], 2).value == 100
    assert payment.gift_voucher([capped], 3).code == "gift-voucher-cap"


def test_R16_a_voucher_value_needs_vouchers_offered():
    data = std("haderslev").service("individuelle-samtaler").model_dump()
    data["gift_voucher_value"] = 100
    with pytest.raises(ValueError, match="gift_vouchers"):
        type(std("haderslev").service("move")).model_validate(data)


# --- R21 free choice ------------------------------------------------------------------------


def test_R21_diacetylmorphine_is_excluded_by_product_code_not_text():
    facts = payment.ProviderFacts(settings=("ambulant",), intensities=())
    refused = payment.free_choice_refusal(
        legal_basis="SUL-142",
        provider=facts,
        setting="ambulant",
        intensity=None,
        products={"heroin"},
    )
    assert refused.code == "free-choice-diacetylmorphine"
    assert (
        payment.free_choice_refusal(
            legal_basis="SUL-142",
            provider=facts,
            setting="ambulant",
            intensity=None,
            products={"methadone"},
        )
        is None
    )


def test_R21_same_form_and_intensity():
    facts = payment.ProviderFacts(settings=("ambulant",), intensities=("low",))
    kw = {"legal_basis": "SEL-101", "provider": facts, "products": ()}
    assert (
        payment.free_choice_refusal(setting="day", intensity=None, **kw).code == "free-choice-form"
    )
    assert (
        payment.free_choice_refusal(setting="ambulant", intensity="intensive", **kw).code
        == "free-choice-intensity"
    )
    assert payment.free_choice_refusal(setting="ambulant", intensity="low", **kw) is None


def test_R21_refusal_and_limitation_follow_the_law():
    assert payment.refusal_by_provider(legal_basis="SUL-142", public=True, capacity=False)
    assert payment.refusal_by_provider(legal_basis="SUL-142", public=True, capacity=True) is None
    assert payment.refusal_by_provider(legal_basis="SUL-142", public=False, capacity=False) is None
    # Herning: "I særlige tilfælde kan retten til frit valg tilsidesættes eller begrænses af
    # hensyn til borgerens psykiske tilstand." Only SEL § 101 free choice can be limited.
    assert payment.limitation_refusal(std("herning"), "SEL-101") is None
    assert payment.limitation_refusal(std("herning"), "SUL-141").code == "limit-not-in-law"
