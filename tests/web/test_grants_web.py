"""Issue 12 § 3 in the web: the decision form records the forum and the reason for a more
intensive service; an extension is its own decision with a letter; the course page and the
worklist show a course behind its planned dose. Synthetic people only."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.db.factories import Town, cpr_for
from tests.web.conftest import signed_in
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Decision

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def course_of(town, seed=1):
    client = citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(dt.date(1985, 4, 3), seed=seed),
        name="Fiktiv Dosis",
        today=today(),
    )
    return courses.record_contact(
        town.treater,
        client,
        at=timezone.now() - dt.timedelta(days=60),
        channel="phone",
        made_by="self",
        legal_track="SEL-101",
        substances=["cannabis"],
        main_substance="cannabis",
        wish_for_treatment=True,
        today=today(),
    ).contact_course


def grant(town, course, service_id, actor, start, **extra):
    application = courses.apply_for_service(
        town.treater, course, service_id=service_id, applied_on=start, today=today()
    )
    return courses.decide(
        actor,
        application,
        outcome="grant",
        legal_basis="SEL-101",
        reasons="I målgruppen (syntetisk).",
        decided_on=start,
        valid_from=start,
        today=today(),
        **extra,
    )


def test_a_course_behind_its_planned_dose_shows_on_the_course_page_and_the_worklist():
    # Herning efterbehandling: 2 sessions a month; one held in 40 days.
    her = Town("herning")
    course = course_of(her)
    start = today() - dt.timedelta(days=40)
    decision = grant(her, course, "efterbehandling", her.centre_leader, start)
    treatment = courses.start_treatment(
        her.treater,
        course,
        team=her.team,
        start_on=start,
        treater=her.treater,
        decision=decision,
        today=today(),
    )
    appointment = courses.record_appointment(
        her.treater,
        treatment,
        at=timezone.now() - dt.timedelta(days=35),
        kind="individual",
        today=today(),
    )
    courses.set_attendance(her.treater, appointment, status="attended", today=today())
    page = signed_in(her.treater).get(f"/forloeb/{course.pk}/").content.decode()
    assert "dose-behind" in page and "1 af 2" in page
    worklist = signed_in(her.treater).get("/arbejdsliste/?scope=team").content.decode()
    assert 'id="dose-behind"' in worklist and "Fiktiv Dosis" in worklist


def test_an_extension_is_its_own_decision_with_a_letter_in_the_web():
    hjo = Town("hjoerring")
    course = course_of(hjo)
    start = today() - dt.timedelta(days=10)
    decision = grant(hjo, course, "modul-1", hjo.visitation_caseworker, start)
    assert decision.valid_until == start + dt.timedelta(days=20)
    client = signed_in(hjo.visitation_caseworker)
    letter = client.get(f"/afgoerelser/{decision.pk}/brev/").content.decode()
    assert 'id="extend-grant"' in letter and "socialfaglig rådgiver" in letter
    refused = client.post(
        f"/afgoerelser/{decision.pk}/forlaengelse/",
        {
            "valid_until": decision.valid_until.isoformat(),
            "reasons": "Mere tid.",
            "decided_on": today().isoformat(),
        },
    )
    assert refused.status_code == 400
    assert not Decision.objects.filter(extends=decision).exists()
    answer = client.post(
        f"/afgoerelser/{decision.pk}/forlaengelse/",
        {
            "valid_until": (decision.valid_until + dt.timedelta(days=14)).isoformat(),
            "reasons": "Borgeren har brug for to uger mere.",
            "decided_on": today().isoformat(),
        },
    )
    extension = Decision.objects.get(extends=decision)
    assert answer.status_code == 302 and answer["Location"].endswith(
        f"/afgoerelser/{extension.pk}/brev/"
    )


def test_the_decision_form_asks_for_the_reason_for_a_more_intensive_service_odsherred():
    ods = Town("odsherred")
    course = course_of(ods)
    courses.record_assessment(
        ods.treater,
        course,
        phase="intake",
        assessed_on=today(),
        text="Udredning",
        load_degree="low",
        today=today(),
    )
    application = courses.apply_for_service(
        ods.treater, course, service_id="intensiv", applied_on=today(), today=today()
    )
    client = signed_in(ods.centre_leader)
    form = {
        "outcome": "grant",
        "legal_basis": "SEL-101",
        "reasons": "Behov for intensiv indsats.",
        "decided_on": today().isoformat(),
        "valid_from": today().isoformat(),
        "forum_id": "visitationssamtale",
    }
    refused = client.post(f"/ansoegninger/{application.pk}/afgoerelse/", form)
    assert refused.status_code == 400
    assert "mindste indgrebs princip" in refused.content.decode()
    assert not Decision.objects.filter(application=application).exists()
    client.post(
        f"/ansoegninger/{application.pk}/afgoerelse/",
        {**form, "intensity_reason": "Tidligere lavintensivt forløb uden effekt."},
    )
    decision = Decision.objects.get(application=application)
    assert decision.forum_id == "visitationssamtale"
    assert decision.intensity_reason.startswith("Tidligere")
