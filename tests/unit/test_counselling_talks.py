"""R2–R4: the standard decides which counselling talks are offered and how many (issue 12 § 1).

The seeds' own words: "Der er både for borgere og pårørende mulighed for 1-5 anonyme rådgivende
samtaler" and "et rådgivningsforløb på 1-5 samtaler" (ODS); "Åben Rådgivning … uden nogen form
for registrering" (HER) has no number."""

from __future__ import annotations

import re

import pytest

from vendepunkt.rules import counselling


@pytest.fixture
def ods(shipped):
    return shipped["odsherred"].standard


def _extendable(standard, service_id):
    services = tuple(
        s.model_copy(update={"sessions_extendable": True}) if s.id == service_id else s
        for s in standard.services
    )
    return standard.model_copy(update={"services": services})


def test_R2_odsherred_offers_1_to_5_anonymous_talks(ods):
    cap = counselling.talk_cap(ods, "anonymous")
    assert cap is not None and cap.max == 5 and not cap.extendable
    assert counselling.check_talk(ods, "anonymous", 4) is None
    refusal = counselling.check_talk(ods, "anonymous", 5)
    assert refusal is not None and refusal.code == "talk_cap"
    assert "højst 5 samtaler" in refusal.message_da and "at most 5 talks" in refusal.message_en
    # the source in words: the standard's section, never a document code or a requirement id
    assert "Mulighed for anonymitet" in refusal.message_da
    assert not re.search(r"\bR\d+\b|\bODS\b", refusal.message_da + refusal.message_en)


def test_R4_odsherred_counselling_course_of_1_to_5_talks(ods):
    cap = counselling.talk_cap(ods, "course")
    assert cap is not None and cap.max == 5
    refusal = counselling.check_talk(ods, "course", 5)
    assert refusal is not None and "Visitationsprocedure" in refusal.message_en


def test_the_cap_follows_the_standard_not_a_constant(ods):
    services = tuple(
        s.model_copy(update={"sessions": s.sessions.model_copy(update={"max": 3})})
        if s.id == "raadgivningsforloeb"
        else s
        for s in ods.services
    )
    three = ods.model_copy(update={"services": services})
    assert counselling.talk_cap(three, "course").max == 3
    assert counselling.check_talk(three, "course", 3) is not None
    assert counselling.check_talk(ods, "course", 3) is None


def test_R2_anonymous_cap_is_the_stricter_of_service_and_anonymity_rule(ods):
    anonymity = tuple(
        r.model_copy(update={"sessions": r.sessions.model_copy(update={"max": 2})})
        if r.kind == "counselling"
        else r
        for r in ods.anonymity
    )
    strict = ods.model_copy(update={"anonymity": anonymity})
    assert counselling.talk_cap(strict, "anonymous").max == 2


def test_the_standard_decides_which_kinds_are_offered(shipped):
    her = shipped["herning"].standard
    assert counselling.offered_kinds(shipped["odsherred"].standard) == (
        "anonymous",
        "information",
        "course",
        "doctor",
    )
    assert "course" not in counselling.offered_kinds(her)
    refusal = counselling.check_talk(her, "course", 0)
    assert refusal is not None and refusal.code == "not_offered"
    assert "does not offer counselling courses" in refusal.message_en
    # Herning's open counselling has no number of talks
    assert counselling.talk_cap(her, "open").max is None
    assert counselling.check_talk(her, "open", 50) is None


def test_the_doctors_consultation_is_the_laws_and_always_offered(shipped):
    for loaded in shipped.values():
        assert "doctor" in counselling.offered_kinds(loaded.standard)
        assert counselling.check_talk(loaded.standard, "doctor", 10) is None


def test_R2_an_extension_needs_a_standard_that_allows_it_and_a_reason(ods):
    assert counselling.check_talk(ods, "course", 5, "Borgeren er i tvivl") is not None
    longer = _extendable(ods, "raadgivningsforloeb")
    refusal = counselling.check_talk(longer, "course", 5)
    assert refusal is not None and refusal.code == "extension_reason"
    assert "begrundelse" in refusal.message_da
    assert counselling.check_talk(longer, "course", 5, "  ") is not None
    assert counselling.check_talk(longer, "course", 5, "Borgeren er i tvivl") is None


def test_the_linter_names_a_counselling_service_the_intake_cannot_record(shipped):
    import datetime as dt

    from vendepunkt.rules.standards.lint import lint

    loaded = shipped["odsherred"]
    assert not [f for f in lint(loaded, dt.date(2026, 11, 23)) if "counselling" in f.rule]
    services = tuple(
        s.model_copy(
            update={"counselling_kind": None, "sessions_extendable": True, "sessions": None}
        )
        if s.id == "raadgivningsforloeb"
        else s
        for s in loaded.standard.services
    )
    changed = type(loaded)(
        standard=loaded.standard.model_copy(update={"services": services}),
        path=loaded.path,
        lines=loaded.lines,
        sha256=loaded.sha256,
        data=loaded.data,
    )
    rules = {f.rule for f in lint(changed, dt.date(2026, 11, 23))}
    assert {"counselling-kind-missing", "sessions-extension-without-number"} <= rules
