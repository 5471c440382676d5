"""The decision letter, the outreach programme's rule on assessments, centre worklists and staff
administration (run on SQLite and PostgreSQL)."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from tests.db.factories import Town, cpr_for, grant_for
from tests.db.test_course_services import AT, TODAY, citizen, contact, grant
from vendepunkt.accounts import services as staff
from vendepunkt.accounts.access import AccessDenied
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.models import Centre, Team
from vendepunkt.audit.models import ReadLogEntry
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses
from vendepunkt.courses.deadlines import worklist
from vendepunkt.courses.letters import decision_letter_pdf

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )


def test_R12_the_decision_letter_masks_the_cpr_number_and_carries_the_guidance():
    town = Town("herning")
    number = cpr_for(dt.date(2001, 4, 9), seed=3)
    client = citizens.register_citizen(
        town.treater, town.municipality, cpr=number, name="Brevtest Person", today=TODAY
    )
    course = contact(town, client).contact_course
    decision = grant(town, course, "hash-stop", actor=town.visitation_caseworker)
    text = pdf_text(decision_letter_pdf(town.visitation_caseworker, decision, purpose="letter"))
    assert f"{number[:6]}-xxxx" in text and number[6:] not in text.replace(f"{number[:6]}-xxxx", "")
    assert "Bevilget" in text and "Begrundelse" in text and "Klagevejledning" in text
    assert "Ankestyrelsen" in text  # Herning's route names "Den Sociale Ankestyrelse"
    assert (
        ReadLogEntry.objects.filter(record_type="decision_letter", client_id=client.pk).count() == 1
    )
    with pytest.raises(AccessDenied):
        decision_letter_pdf(town.auditor, decision, purpose="curious")


def test_R12_a_101a_letter_says_it_cannot_be_appealed():
    town = Town("odsherred")
    anonymous = citizens.register_anonymous(
        town.treater, town.municipality, birth_year=1994, today=TODAY
    )
    course = contact(town, anonymous, track="SEL-101a").contact_course
    decision = grant(
        town,
        course,
        "anonym-gruppebehandling",
        actor=town.visitation_caseworker,
        legal_basis="SEL-101a",
        other_social_problems=False,
    )
    text = pdf_text(decision_letter_pdf(town.visitation_caseworker, decision, purpose="letter"))
    assert (
        "kan ikke indbringes for anden administrativ myndighed" in text and anonymous.code in text
    )


def test_R8_outreach_eligibility_is_evaluated_on_an_assessment(outreach_town):
    town = outreach_town
    course = contact(town, citizen(town)).contact_course
    answers = {"M6": 30, "M7": 4, "M8": 4}  # medical composite 1.0; other domains unanswered
    assessment = courses.record_assessment(
        town.treater,
        course,
        phase="intake",
        assessed_on=AT.date(),
        text="ASI",
        answers=answers,
        today=TODAY,
    )
    criteria = dict.fromkeys(
        (
            "sel-101-target-group",
            "intense-mixed-use",
            "little-use-of-services",
            "burdened-by-situation",
        ),
        True,
    )
    result = courses.outreach_eligibility(
        town.treater, assessment, criteria=criteria, purpose="outreach"
    )
    assert (
        not result.eligible
        and result.areas_met == ("health",)
        and "economy" in result.areas_unknown
    )


def test_R8_outreach_only_where_the_municipality_enables_it():
    town = Town("haderslev")
    course = contact(town, citizen(town)).contact_course
    assessment = courses.record_assessment(
        town.treater, course, phase="intake", assessed_on=AT.date(), text="ASI", today=TODAY
    )
    with pytest.raises(ServiceError) as info:
        courses.outreach_eligibility(town.treater, assessment, criteria={}, purpose="outreach")
    assert info.value.code == "not_enabled"


def test_centre_worklist_covers_the_centres_teams_only():
    town = Town("herning")
    course = contact(town, citizen(town)).contact_course
    grant_for(town, course, on=AT.date(), today=TODAY)
    courses.start_treatment(
        town.visitation_caseworker,
        course,
        team=town.other_team,
        start_on=AT.date(),
        treater=town.treater,
        today=TODAY,
    )
    other_centre = Centre.objects.create(municipality=town.municipality, name="Andet center")
    elsewhere = Team.objects.create(centre=other_centre, name="Team C")
    stranger = town.user("centre_leader")
    stranger.teams.add(elsewhere)
    town.centre_leader.teams.add(town.team)
    # a leader of team A sees team B's (same centre)
    assert worklist(town.centre_leader, scope="centre", today=TODAY)
    assert worklist(stranger, scope="centre", today=TODAY) == []
    # need to know (issue 10 § 1): a treater of team A does not see team B's course on any list,
    # not even their own course's (issue 13 § 5: a treater has no centre list)
    assert worklist(town.treater, scope="mine", today=TODAY) == []
    assert worklist(town.treater, scope="team", today=TODAY) == []
    with pytest.raises(AccessDenied):
        worklist(town.treater, scope="centre", today=TODAY)


def test_only_the_administrator_gives_roles_and_teams_of_the_own_municipality():
    town = Town("hjoerring")
    other = Town("haderslev")
    newcomer = town.user("")
    with pytest.raises(AccessDenied):
        staff.set_role_and_teams(town.centre_leader, newcomer, role="treater", teams=[town.team])
    with pytest.raises(ServiceError):
        staff.set_role_and_teams(town.administrator, newcomer, role="treater", teams=[other.team])
    staff.set_role_and_teams(town.administrator, newcomer, role="treater", teams=[town.team])
    newcomer.refresh_from_db()
    assert newcomer.role == "treater" and newcomer.team_ids() == {town.team.pk}


def test_a_user_without_a_role_can_do_nothing():
    town = Town("hjoerring")
    nobody = town.user("")
    client = citizen(town)
    with pytest.raises(AccessDenied):
        citizens.get_client(nobody, client.pk, purpose="x")
    with pytest.raises(AccessDenied):
        worklist(nobody, scope="mine", today=TODAY)
