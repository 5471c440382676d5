"""Eligibility per service (R14), anonymity (R2, R47, SEL § 101 a) and relatives (R5), checked
against the shipped standards."""

from dataclasses import replace

import pytest

from vendepunkt.rules.eligibility import (
    ClientFacts,
    EligibilityResult,
    anonymity_allowed,
    check_eligibility,
)
from vendepunkt.rules.standards import registry

CITIZEN = ClientFacts(
    age=25,
    anonymous=False,
    substances=frozenset({"cannabis"}),
    main_substance="cannabis",
    pregnant=False,
    client_kind="citizen",
    other_social_problems=False,
)
ANONYMOUS = replace(CITIZEN, anonymous=True, age=None)
RELATIVE = ClientFacts(
    age=50,
    anonymous=False,
    substances=frozenset(),
    main_substance=None,
    pregnant=None,
    client_kind="relative",
    other_social_problems=None,
)


def service(standard_id: str, service_id: str):
    found = registry.load_all()[standard_id].standard.service(service_id)
    assert found is not None, f"{standard_id} has no service {service_id}"
    return found


def codes(result: EligibilityResult) -> tuple[set[str], set[str]]:
    return {r.code for r in result.reasons}, {n.code for n in result.notes}


# --- ages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("age", "eligible"), [(17, False), (18, True), (30, True), (31, False)])
def test_move_is_for_18_to_30_R14(age, eligible):
    move = service("haderslev", "move")
    result = check_eligibility(move, replace(CITIZEN, age=age))
    assert result.eligible is eligible
    assert bool(result.reasons) is not eligible


def test_age_refusal_reads_for_a_caseworker_R14():
    result = check_eligibility(service("haderslev", "move"), replace(CITIZEN, age=17))
    (reason,) = result.reasons
    assert reason.code == "age-below-min"
    assert reason.message_da == "Borgeren er 17 år; ydelsen kræver mindst 18 år."
    assert reason.message_en == "The citizen is 17; the service requires at least 18."
    assert reason.source == str(service("haderslev", "move").source)


def test_age_above_the_maximum_R14():
    result = check_eligibility(service("haderslev", "move"), replace(CITIZEN, age=31))
    (reason,) = result.reasons
    assert reason.code == "age-above-max"
    assert "højst 30 år" in reason.message_da and "at most 30" in reason.message_en


def test_unknown_age_is_a_note_not_a_refusal_R14():
    result = check_eligibility(service("haderslev", "move"), replace(CITIZEN, age=None))
    assert result.eligible
    assert "age-unknown" in codes(result)[1]


def test_herning_under_18_service_takes_17_not_18_R14():
    young = service("herning", "unge-under-18")
    assert check_eligibility(young, replace(CITIZEN, age=17)).eligible
    assert not check_eligibility(young, replace(CITIZEN, age=18)).eligible


# --- substances -------------------------------------------------------------------------------


@pytest.mark.parametrize("substance", ["drugs", "cannabis", "opioids"])
def test_a_drugs_service_takes_every_drug_R14(substance):
    move = service("haderslev", "move")
    client = replace(CITIZEN, substances=frozenset({substance}), main_substance=substance)
    assert check_eligibility(move, client).eligible


def test_alcohol_is_not_a_drug_R14():
    move = service("haderslev", "move")
    client = replace(CITIZEN, substances=frozenset({"alcohol"}), main_substance="alcohol")
    result = check_eligibility(move, client)
    assert not result.eligible and codes(result)[0] == {"substance"}
    alcohol_day = service("haderslev", "alkohol-dagbehandling")
    assert check_eligibility(alcohol_day, client).eligible
    assert not check_eligibility(alcohol_day, CITIZEN).eligible


def test_mixed_use_meets_a_service_for_either_substance_R14():
    client = replace(CITIZEN, substances=frozenset({"alcohol", "cannabis"}))
    assert check_eligibility(service("haderslev", "alkohol-dagbehandling"), client).eligible
    assert check_eligibility(service("haderslev", "stof-dagbehandling"), client).eligible


def test_unrecorded_substances_are_a_note_R14():
    client = replace(CITIZEN, substances=frozenset())
    result = check_eligibility(service("haderslev", "stof-dagbehandling"), client)
    assert result.eligible and "substance-unknown" in codes(result)[1]


def test_hash_stop_needs_cannabis_as_main_substance_R14():
    hash_stop = service("herning", "hash-stop")
    assert check_eligibility(hash_stop, CITIZEN).eligible

    opioid_user = replace(
        CITIZEN, substances=frozenset({"cannabis", "opioids"}), main_substance="opioids"
    )
    result = check_eligibility(hash_stop, opioid_user)
    assert not result.eligible and codes(result)[0] == {"main-substance"}
    assert "hash (cannabis) som hovedrusmiddel" in result.reasons[0].message_da

    alcohol_user = replace(CITIZEN, substances=frozenset({"alcohol"}), main_substance="alcohol")
    assert codes(check_eligibility(hash_stop, alcohol_user))[0] == {"substance", "main-substance"}


def test_hash_stop_with_unknown_or_unspecified_drug_is_a_note_R14():
    hash_stop = service("herning", "hash-stop")
    unspecified = replace(CITIZEN, substances=frozenset({"drugs"}), main_substance="drugs")
    result = check_eligibility(hash_stop, unspecified)
    assert result.eligible
    assert codes(result)[1] >= {"substance-unspecified", "main-substance-unspecified"}

    unknown_main = replace(CITIZEN, main_substance=None)
    result = check_eligibility(hash_stop, unknown_main)
    assert result.eligible and "main-substance-unknown" in codes(result)[1]


def test_substance_outside_the_described_offer_is_a_note():
    # Herning's substitution is described for opioids and names no eligibility substances.
    result = check_eligibility(service("herning", "substitution-ambulatorium"), CITIZEN)
    assert result.eligible and "substance-outside-offer" in codes(result)[1]


# --- client kinds (relatives, R5) -------------------------------------------------------------


def test_relatives_services_are_for_relatives_R5():
    for standard_id, service_id in [
        ("haderslev", "paaroerende-samtaler"),
        ("herning", "paaroerendetilbud"),
        ("odsherred", "paaroerende-raadgivning"),
    ]:
        relatives = service(standard_id, service_id)
        assert check_eligibility(relatives, RELATIVE).eligible, service_id
        result = check_eligibility(relatives, CITIZEN)
        assert not result.eligible and codes(result)[0] == {"client-kind"}
        assert "pårørende" in result.reasons[0].message_da


def test_relatives_group_is_for_adult_relatives_R5():
    group = service("haderslev", "paaroerendegruppe")
    assert check_eligibility(group, RELATIVE).eligible
    assert not check_eligibility(group, replace(RELATIVE, age=16)).eligible


def test_a_service_naming_no_client_kind_is_for_the_citizen_R5():
    result = check_eligibility(service("herning", "hash-stop"), RELATIVE)
    assert not result.eligible and "client-kind" in codes(result)[0]
    assert result.reasons[0].message_en.startswith("The service is for citizens with their own use")


def test_children_of_users_from_12_in_odsherred_R5():
    children = service("odsherred", "stoettesamtaler-boern")
    child = replace(RELATIVE, client_kind="child_of_user", age=12)
    assert check_eligibility(children, child).eligible
    assert not check_eligibility(children, replace(child, age=11)).eligible
    assert not check_eligibility(children, RELATIVE).eligible


def test_brus_takes_children_and_families_under_25_R5():
    brus = service("herning", "brus")
    assert check_eligibility(brus, replace(RELATIVE, client_kind="child_of_user", age=24)).eligible
    assert check_eligibility(brus, replace(RELATIVE, client_kind="family", age=None)).eligible
    assert not check_eligibility(
        brus, replace(RELATIVE, client_kind="child_of_user", age=25)
    ).eligible


# --- pregnancy (R33) ----------------------------------------------------------------------------


def test_contract_with_detention_is_for_pregnant_women_only_R33():
    contract = service("herning", "gravide-kontrakt-tilbageholdelse")
    pregnant = replace(CITIZEN, pregnant=True)
    assert check_eligibility(contract, pregnant).eligible
    result = check_eligibility(contract, CITIZEN)
    assert not result.eligible and codes(result)[0] == {"pregnant-only"}
    unknown = check_eligibility(contract, replace(CITIZEN, pregnant=None))
    assert unknown.eligible and "pregnancy-unknown" in codes(unknown)[1]


def test_herning_pregnant_women_and_mothers_service_is_not_pregnant_only_R33():
    # The schema cannot say "pregnant or mother": the file says pregnant=false with a note,
    # which the caseworker gets to read.
    mothers = service("herning", "gravide-og-moedre")
    result = check_eligibility(mothers, CITIZEN)
    assert result.eligible
    (note,) = [n for n in result.notes if n.code == "standard-note"]
    assert "mødre" in note.message_da and note.message_en.startswith("The standard adds")


# --- anonymity (R2, R47, SEL § 101 a) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("standard_id", "service_id"),
    [
        ("herning", "anonym-stofraadgivning-og-behandling"),
        ("odsherred", "anonym-gruppebehandling"),
        ("hjoerring", "anonym-behandling"),
    ],
)
def test_anonymous_101a_treatment_takes_an_anonymous_citizen_without_other_problems_R14(
    standard_id, service_id
):
    anonymous_101a = service(standard_id, service_id)
    result = check_eligibility(anonymous_101a, ANONYMOUS)
    assert result.eligible, result.reasons
    with_problems = check_eligibility(
        anonymous_101a, replace(ANONYMOUS, other_social_problems=True)
    )
    assert not with_problems.eligible
    (reason,) = with_problems.reasons
    assert reason.code == "other-social-problems" and reason.source == "SEL § 101 a"
    unknown = check_eligibility(anonymous_101a, replace(ANONYMOUS, other_social_problems=None))
    assert unknown.eligible and "other-social-problems-unknown" in codes(unknown)[1]


def test_anonymous_citizen_of_unknown_age_gets_a_note_R14():
    result = check_eligibility(
        service("herning", "anonym-stofraadgivning-og-behandling"), ANONYMOUS
    )
    (note,) = [n for n in result.notes if n.code == "age-unknown"]
    assert "anonym" in note.message_da and "anonymous" in note.message_en


def test_an_identified_citizen_may_use_an_anonymous_service_with_a_note_R2():
    anonymous_101a = service("herning", "anonym-stofraadgivning-og-behandling")
    result = check_eligibility(anonymous_101a, CITIZEN)
    assert result.eligible
    (note,) = [n for n in result.notes if n.code == "anonymous-service"]
    assert "SEL § 101" in note.message_da and note.source == "SEL § 101 a"
    open_counselling = service("herning", "aaben-raadgivning")
    result = check_eligibility(open_counselling, CITIZEN)
    assert result.eligible and "anonymous-service" in codes(result)[1]


def test_anonymous_counselling_for_citizens_and_relatives_R2():
    counselling = service("odsherred", "anonym-raadgivning")
    assert check_eligibility(counselling, ANONYMOUS).eligible
    assert check_eligibility(counselling, replace(RELATIVE, anonymous=True)).eligible
    assert check_eligibility(service("herning", "aaben-raadgivning"), ANONYMOUS).eligible


def test_not_allowed_refuses_an_anonymous_client_R47():
    medical = service("odsherred", "medicinsk-behandling")
    client = replace(ANONYMOUS, substances=frozenset({"alcohol"}), main_substance="alcohol")
    result = check_eligibility(medical, client)
    assert not result.eligible and codes(result)[0] == {"anonymity-not-allowed"}
    assert check_eligibility(medical, replace(client, anonymous=False)).eligible


def test_alcohol_anonymity_ends_when_medication_is_needed_R47():
    alcohol = service("haderslev", "behandlingsforloeb-alkohol")
    client = replace(ANONYMOUS, substances=frozenset({"alcohol"}), main_substance="alcohol")
    assert check_eligibility(alcohol, client).eligible
    result = check_eligibility(alcohol, replace(client, needs_medication=True))
    assert not result.eligible
    (reason,) = result.reasons
    assert reason.code == "anonymity-medication" and reason.source == "SUL § 141 stk. 7"


def test_anonymous_drug_treatment_only_under_101a_R14():
    result = check_eligibility(service("herning", "hash-stop"), ANONYMOUS)
    assert not result.eligible
    (reason,) = result.reasons
    assert reason.code == "anonymity-no-basis" and "SEL § 101 a" in reason.source


def test_substitution_is_never_anonymous_R47():
    substitution = service("herning", "substitution-ambulatorium")
    client = replace(ANONYMOUS, substances=frozenset({"opioids"}), main_substance="opioids")
    result = check_eligibility(substitution, client)
    assert not result.eligible
    assert {r.source for r in result.reasons} == {"SUL § 142"}


def test_residential_stay_is_never_anonymous():
    residential = service("haderslev", "halvvejshus-bramdruphus")
    result = check_eligibility(residential, replace(ANONYMOUS, age=40))
    assert not result.eligible and "SEL § 107" in {r.source for r in result.reasons}


def test_a_mixed_service_is_anonymous_for_an_alcohol_client_only_R47():
    # Odsherred's tiers cover SEL § 101 (drugs) and SUL § 141 (alcohol).
    tier = service("odsherred", "lav-intensiv")
    alcohol = replace(ANONYMOUS, substances=frozenset({"alcohol"}), main_substance="alcohol")
    assert check_eligibility(tier, alcohol).eligible
    assert not check_eligibility(tier, ANONYMOUS).eligible  # cannabis: SEL § 101 only


def test_standard_allowing_anonymity_without_a_legal_basis_is_a_note():
    online = service("haderslev", "online-anonym-gruppe")
    result = check_eligibility(online, ANONYMOUS)
    assert result.eligible and "anonymity-basis-unstated" in codes(result)[1]


def test_standard_silent_on_anonymity_without_a_legal_basis_is_a_note():
    nada = service("haderslev", "nada-ball-stick")
    result = check_eligibility(nada, ANONYMOUS)
    assert result.eligible and "anonymity-unclear" in codes(result)[1]


# --- anonymity_allowed: the law alone -----------------------------------------------------------


@pytest.mark.parametrize(
    ("bases", "counselling", "medication", "allowed"),
    [
        (["SEL-101a"], False, False, True),
        (["SUL-141"], False, False, True),
        (["SUL-141"], False, True, False),
        ([], True, False, True),
        (["SEL-101"], False, False, False),
        (["SUL-142"], False, False, False),
        (["SEL-107"], False, False, False),
        (["SEL-101a", "SEL-107"], False, False, False),
        (["SUL-141", "SUL-142"], False, False, False),
        (["LBK-972"], False, False, False),
        ([], False, False, False),
    ],
)
def test_anonymity_allowed_by_law_R47(bases, counselling, medication, allowed):
    result = anonymity_allowed(bases, counselling=counselling, needs_medication=medication)
    assert result.eligible is allowed
    assert bool(result.reasons) is not allowed
    assert all(r.source and r.message_da and r.message_en for r in result.reasons)


def test_each_refusal_cites_its_provision_R47():
    def sources(bases, medication=False):
        result = anonymity_allowed(bases, counselling=False, needs_medication=medication)
        return {r.source for r in result.reasons}

    assert sources(["SUL-142"]) == {"SUL § 142"}
    assert sources(["SEL-107"]) == {"SEL § 107"}
    assert sources(["SUL-141"], medication=True) == {"SUL § 141 stk. 7"}
    assert sources(["SEL-101"]) == {"SEL § 101 a; SUL § 141 stk. 7"}


def test_mixed_bases_allow_only_the_anonymous_part():
    result = anonymity_allowed(["SEL-101", "SUL-141"], counselling=False, needs_medication=False)
    assert result.eligible
    (note,) = result.notes
    assert note.code == "anonymity-partial" and "not the part under SEL § 101." in note.message_en


def test_medication_under_101a_is_a_note():
    result = anonymity_allowed(["SEL-101a"], counselling=False, needs_medication=True)
    assert result.eligible and {n.source for n in result.notes} == {"SUL § 142"}


def test_results_are_deterministic():
    hash_stop = service("herning", "hash-stop")
    assert check_eligibility(hash_stop, ANONYMOUS) == check_eligibility(hash_stop, ANONYMOUS)
