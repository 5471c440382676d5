"""Issue 12 § 3: no service without a grant that covers it; eligibility at every level of the
standard; time-limited grants; the planned dose; least intrusive; who decides. Pure rules,
checked against the shipped standards."""

import datetime as dt
from dataclasses import replace

from vendepunkt.rules import grants
from vendepunkt.rules.eligibility import ClientFacts, check_in_standard
from vendepunkt.rules.standards import registry

D = dt.date
CITIZEN = ClientFacts(
    age=40,
    anonymous=False,
    substances=frozenset({"alcohol"}),
    main_substance="alcohol",
    pregnant=False,
    client_kind="citizen",
    other_social_problems=False,
)


def std(standard_id: str):
    return registry.load_all()[standard_id].standard


def service(standard_id: str, service_id: str):
    found = std(standard_id).service(service_id)
    assert found is not None
    return found


# --- eligibility at every level ---------------------------------------------------------------


def test_a_citizen_outside_the_centres_age_range_is_not_granted_its_ambulant_service():
    # Haderslev: Rusmiddelcenter Haderslev is for 18–85; "behandlingsforloeb-alkohol" names no age.
    svc = service("haderslev", "behandlingsforloeb-alkohol")
    result = check_in_standard(std("haderslev"), svc, replace(CITIZEN, age=86))
    assert not result.eligible
    assert "centre-age" in {r.code for r in result.reasons}
    assert check_in_standard(std("haderslev"), svc, replace(CITIZEN, age=85)).eligible


def test_the_target_group_limits_the_age():
    # Haderslev's target group "borgere med misbrug" is 18+; the service itself names no age.
    svc = service("haderslev", "behandlingsforloeb-alkohol")
    result = check_in_standard(std("haderslev"), svc, replace(CITIZEN, age=16))
    assert {"target-group", "centre-age"} <= {r.code for r in result.reasons}


def test_the_target_group_limits_the_substance():
    # Herning's citizens' target group is drug users; an alcohol-only citizen is outside it.
    svc = service("herning", "klods-hans")
    result = check_in_standard(std("herning"), svc, CITIZEN)
    assert "target-group" in {r.code for r in result.reasons}
    drugs = replace(CITIZEN, substances=frozenset({"cannabis"}), main_substance="cannabis")
    assert "target-group" not in {
        r.code for r in check_in_standard(std("herning"), svc, drugs).reasons
    }


def test_family_and_professional_clients_can_be_granted_the_services_meant_for_them():
    family = replace(CITIZEN, client_kind="family", substances=frozenset(), age=35)
    assert check_in_standard(
        std("herning"), service("herning", "familieorienteret-indsats"), family
    ).eligible
    professional = replace(CITIZEN, client_kind="professional", substances=frozenset())
    assert check_in_standard(
        std("odsherred"), service("odsherred", "konsulentfunktion"), professional
    ).eligible
    assert not check_in_standard(
        std("odsherred"), service("odsherred", "lav-intensiv"), professional
    ).eligible


def test_under_18_gets_the_warning_and_the_legal_basis_barnets_lov_33():
    young = replace(CITIZEN, age=16, substances=frozenset({"cannabis"}), main_substance="cannabis")
    result = check_in_standard(std("herning"), service("herning", "unge-under-18"), young)
    assert result.eligible
    (note,) = [n for n in result.notes if n.code == "under-18"]
    assert "Barnets Lov § 33" in note.source and "Barnets Lov § 133" in note.source
    assert "Barnets Lov § 33" in note.message_da and "Barnets Lov § 33" in note.message_en


# --- a grant covers the service and the dates --------------------------------------------------


def test_open_counselling_needs_no_grant_and_treatment_does():
    assert not grants.needs_grant(std("haderslev"), service("haderslev", "aaben-raadgivning"))
    assert grants.needs_grant(std("haderslev"), service("haderslev", "behandlingsforloeb-stof"))


def test_alcohol_free_choice_without_prior_visitation_needs_no_grant_odsherred():
    svc = service("odsherred", "lav-intensiv")
    assert grants.needs_grant(std("odsherred"), svc, "SEL-101")
    assert not grants.track_needs_grant(std("odsherred"), "SUL-141")
    assert grants.track_needs_grant(std("odsherred"), "SEL-101")


def test_a_treatment_cannot_start_before_its_grant_period():
    svc = service("hjoerring", "modul-1")
    grant = grants.Grant(1, "modul-1", D(2026, 3, 10), D(2026, 3, 30))
    found, reason = grants.covering_grant([grant], svc, D(2026, 3, 9))
    assert found is None and reason is not None and reason.code == "grant-not-yet"
    assert "10.3.2026" in reason.message_da
    found, reason = grants.covering_grant([grant], svc, D(2026, 3, 10))
    assert found == grant and reason is None
    _, reason = grants.covering_grant([grant], svc, D(2026, 3, 20), D(2026, 4, 2))
    assert reason is not None and reason.code == "grant-ended"
    assert "Forlæng" in reason.message_da
    _, reason = grants.covering_grant([], svc, D(2026, 3, 20))
    assert reason is not None and reason.code == "grant-missing"


# --- time-limited grants -----------------------------------------------------------------------


def test_a_time_limited_grant_ends_after_the_services_duration_hjoerring_modul_1():
    # Hjørring modul 1: time-limited, at most 3 weeks
    svc = service("hjoerring", "modul-1")
    assert grants.end_required(svc)
    assert grants.default_end(svc, D(2026, 3, 2)) == D(2026, 3, 22)
    # Odsherred lav-intensiv: 6 months
    assert grants.default_end(service("odsherred", "lav-intensiv"), D(2026, 1, 31)) == D(
        2026, 7, 30
    )
    assert (
        grants.default_end(service("haderslev", "behandlingsforloeb-stof"), D(2026, 1, 1)) is None
    )


# --- the planned dose --------------------------------------------------------------------------


def test_at_most_5_talks_within_3_weeks_hjoerring_modul_1():
    svc = service("hjoerring", "modul-1")
    start = D(2026, 3, 2)
    four = [start + dt.timedelta(days=i * 3) for i in range(4)]
    assert grants.dose_excess(svc, start, four, D(2026, 3, 16)) is None
    five = [*four, D(2026, 3, 16)]
    reason = grants.dose_excess(svc, start, five, D(2026, 3, 18))
    assert reason is not None and reason.code == "dose-sessions-max"
    reason = grants.dose_excess(svc, start, four[:2], D(2026, 3, 23))
    assert reason is not None and reason.code == "dose-duration"


def test_falling_behind_the_minimum_frequency_shows_herning_efterbehandling():
    # Herning efterbehandling: 2 times a month
    svc = service("herning", "efterbehandling")
    start = D(2026, 1, 1)
    assert grants.dose_behind(svc, start, [D(2026, 1, 5), D(2026, 1, 20)], D(2026, 2, 5)) is None
    reason = grants.dose_behind(svc, start, [D(2026, 1, 5)], D(2026, 2, 5))
    assert reason is not None and reason.code == "dose-behind"
    assert "1 af 2" in reason.message_da


# --- least intrusive, who decides --------------------------------------------------------------


def test_a_more_intensive_service_than_the_load_degree_suggests_asks_for_a_reason_odsherred():
    visitation = std("odsherred").visitation
    assert visitation.least_intrusive
    intensive = service("odsherred", "intensiv")
    low = service("odsherred", "lav-intensiv")
    assert grants.more_intensive_than_assessed(visitation, intensive, "low") is not None
    assert grants.more_intensive_than_assessed(visitation, intensive, "high") is None
    assert grants.more_intensive_than_assessed(visitation, low, "low") is None
    assert grants.more_intensive_than_assessed(visitation, intensive, None) is None


def test_where_authority_and_provider_are_separate_only_the_named_roles_decide_hjoerring():
    standard = std("hjoerring")
    assert standard.visitation.authority_provider_separate
    forum = grants.deciding_forum(standard, service("hjoerring", "modul-1"), None)
    assert forum is not None and forum.id == "raadgiversamtale"
    assert grants.may_decide(standard, forum, "visitation_caseworker") is None
    reason = grants.may_decide(standard, forum, "treater")
    assert reason is not None and reason.code == "decides-with"
    # Herning: authority and provider are not separate; the permission system decides alone
    herning = std("herning")
    assert grants.may_decide(herning, herning.visitation.forums[0], "nurse") is None


def test_R9_the_intensity_each_load_degree_suggests_is_the_standards_with_its_source():
    """ODS "Tilbuddet (indhold og omfang)": "Intensiteten af tilbuddet er baseret på en samlet
    vurdering af borgerens ... belastningsgrad" with low, medium and intensive courses. The scale
    stands in the standard (`visitation.load_degree_intensity`, with its source), not in the code:
    another scale changes what needs a reason, and a file following the principle without a
    scale is refused (D79)."""
    import pytest
    from pydantic import ValidationError

    from vendepunkt.rules.standards.schema import Intensity, Visitation

    ods = std("odsherred")
    visitation = ods.visitation
    scale = visitation.load_degree_intensity
    assert scale is not None and "belastningsgrad" in (scale.source.quote or "")
    medium = service("odsherred", "mellem-intensiv")
    reason = grants.more_intensive_than_assessed(visitation, medium, "low")
    assert reason is not None and reason.source == str(scale.source)
    generous = visitation.model_copy(
        update={"load_degree_intensity": scale.model_copy(update={"low": Intensity.medium})}
    )
    assert grants.more_intensive_than_assessed(generous, medium, "low") is None
    data = visitation.model_dump(mode="json")
    data["load_degree_intensity"] = None
    with pytest.raises(ValidationError, match="load_degree_intensity"):
        Visitation.model_validate(data)
