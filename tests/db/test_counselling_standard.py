"""R2–R4 in the service: the standard's kinds and number of talks, an extension with its reason
(issue 12 § 1; SQLite and PostgreSQL)."""

import datetime as dt

import pytest

from tests.db.factories import Town
from tests.db.test_course_services import AT, TODAY, citizen, contact
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import CounsellingTalk
from vendepunkt.courses.services import assessment

pytestmark = pytest.mark.django_db


def _talks(town, course, kind, n):
    for i in range(n):
        courses.record_counselling(
            town.treater, course, kind=kind, held_on=AT.date() + dt.timedelta(days=i), today=TODAY
        )


def test_R4_a_sixth_talk_in_an_odsherred_counselling_course_is_refused_with_its_source():
    ods = Town("odsherred")
    course = contact(ods, citizen(ods), track="counselling", wish=False).contact_course
    _talks(ods, course, "course", 5)
    with pytest.raises(ServiceError) as refused:
        courses.record_counselling(
            ods.treater, course, kind="course", held_on=AT.date(), today=TODAY
        )
    assert refused.value.code == "talk_cap" and refused.value.field == "kind"
    assert "højst 5 samtaler" in refused.value.message_da
    assert "Visitationsprocedure" in refused.value.message_en
    assert "R2" not in refused.value.message_en and "R4" not in refused.value.message_en
    assert CounsellingTalk.objects.filter(contact_course=course).count() == 5


def test_a_kind_the_standard_does_not_offer_is_refused_and_nothing_written():
    her = Town("herning")
    course = contact(her, citizen(her), track="counselling", wish=False).contact_course
    with pytest.raises(ServiceError) as refused:
        courses.record_counselling(
            her.treater, course, kind="course", held_on=AT.date(), today=TODAY
        )
    assert refused.value.code == "not_offered"
    assert "tilbyder ikke rådgivningsforløb" in refused.value.message_da
    assert not CounsellingTalk.objects.filter(contact_course=course).exists()
    _talks(her, course, "open", 7)  # Herning's open counselling has no number of talks
    assert CounsellingTalk.objects.filter(contact_course=course).count() == 7


def test_R2_an_extension_the_standard_allows_needs_a_reason_which_is_kept(monkeypatch):
    ods = Town("odsherred")
    standard = ods.municipality.standard()
    services = tuple(
        s.model_copy(update={"sessions_extendable": True}) if s.id == "raadgivningsforloeb" else s
        for s in standard.services
    )
    longer = standard.model_copy(update={"services": services})
    monkeypatch.setattr(assessment, "_standard", lambda municipality: longer)
    course = contact(ods, citizen(ods), track="counselling", wish=False).contact_course
    _talks(ods, course, "course", 5)
    assert not CounsellingTalk.objects.exclude(extension_reason="").exists()
    with pytest.raises(ServiceError) as refused:
        courses.record_counselling(
            ods.treater, course, kind="course", held_on=AT.date(), today=TODAY
        )
    assert refused.value.field == "extension_reason"
    sixth = courses.record_counselling(
        ods.treater,
        course,
        kind="course",
        held_on=AT.date(),
        extension_reason="Borgeren er stadig i tvivl om behandling.",
        today=TODAY,
    )
    sixth.refresh_from_db()
    assert sixth.extension_reason == "Borgeren er stadig i tvivl om behandling."


# --- the contact course's merge gap comes from the law floor (R6) -----------------------------


def test_R6_the_merge_gap_is_the_law_floors(monkeypatch):
    from vendepunkt.courses.services import _common
    from vendepunkt.courses.services import contact as contact_service
    from vendepunkt.rules.law import law_floor

    floor = law_floor()
    assert floor.contact_course.merge_gap_days == 10
    assert "Danmarks Statistik" in floor.contact_course.citation
    had = Town("haderslev")
    client = citizen(had)
    first = contact(had, client, at=AT)
    assert contact(had, client, at=AT + dt.timedelta(days=5)).contact_course_id == (
        first.contact_course_id
    )
    shorter = floor.model_copy(
        update={
            "contact_course": floor.contact_course.model_copy(
                update={
                    "merge_gap": floor.contact_course.merge_gap.model_copy(update={"amount": 3})
                }
            )
        }
    )
    monkeypatch.setattr(_common, "law_floor", lambda: shorter)
    assert contact_service.merge_gap_days() == 3
    later = contact(had, client, at=AT + dt.timedelta(days=9))
    assert later.contact_course_id != first.contact_course_id


# --- the phases of a treatment course and the load degree (R26, R9) ---------------------------


def test_R26_a_phase_the_standard_does_not_use_is_refused():
    from tests.db.test_course_services import grant
    from vendepunkt.courses.models import StatusChange

    had = Town("haderslev")  # Haderslev's standard names no aftercare service
    course = contact(had, citizen(had, birth=dt.date(2000, 1, 5))).contact_course
    decision = grant(had, course)
    treatment = courses.start_treatment(
        had.visitation_caseworker,
        course,
        team=had.team,
        start_on=decision.decided_on,
        decision=decision,
        today=TODAY,
    )
    with pytest.raises(ServiceError) as refused:
        courses.change_phase(had.treater, treatment, phase="aftercare", on=AT.date(), today=TODAY)
    assert refused.value.code == "phase_not_offered" and refused.value.field == "phase"
    assert not StatusChange.objects.filter(treatment=treatment, note="phase:aftercare").exists()
    courses.change_phase(had.treater, treatment, phase="motivation", on=AT.date(), today=TODAY)
    treatment.refresh_from_db()
    assert treatment.phase == "motivation"


def test_R9_the_load_degree_is_one_of_the_vocabularys():
    ods = Town("odsherred")
    course = contact(ods, citizen(ods)).contact_course
    with pytest.raises(ServiceError) as refused:
        courses.record_assessment(
            ods.treater,
            course,
            phase="intake",
            assessed_on=AT.date(),
            text="Samlet vurdering.",
            load_degree="enormous",
            today=TODAY,
        )
    assert refused.value.field == "load_degree"
    done = courses.record_assessment(
        ods.treater,
        course,
        phase="intake",
        assessed_on=AT.date(),
        text="Samlet vurdering.",
        load_degree="moderate",
        today=TODAY,
    )
    assert done.load_degree == "moderate"
