"""A small world for the whole-application security tests: municipality A (Herning's standard)
with a course in each of its two teams, and municipality B (Haderslev's) with one course. Every
course has a client, an assessment, an application with a decision, a started treatment with a
plan, an appointment, a residential stay and a complaint, so every URL has an object to point
at. Synthetic people only; each client's name is unique so a leak is easy to find."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tests.db.factories import Town, cpr_for, grant_for
from tests.filing_samples import PDF
from vendepunkt.citizens import services as citizens
from vendepunkt.complaints import services as complaints
from vendepunkt.courses import services as courses
from vendepunkt.filing import services as filing
from vendepunkt.groups import services as groups
from vendepunkt.journal import services as journal
from vendepunkt.providers import services as providers

SERVICE = {"herning": "primaer-ambulant-move", "haderslev": "individuelle-samtaler"}
GROUP_SERVICE = {"herning": "hash-stop", "haderslev": "motivationsgruppe"}


@dataclass
class Case:
    name: str
    client: object
    course: object
    application: object
    decision: object
    treatment: object
    appointment: object
    stay: object
    complaint: object
    staff: object  # the course's treater (a user, for the staff administration's URLs)
    notice: object  # a notice to the centre leaders (a role granted by the administrator)
    note: object  # a journal note on the course, by its treater
    group: object  # a group of the course's team with the client on its roster
    membership: object
    session: object  # a session of the group that has started
    document: object  # a document on the course, filed by its treater
    team: object = None  # the course's team (the calendar of a team)
    room: object = None  # a room of the centre with an appointment of the course (the calendar)


def _case(town: Town, standard: str, team, treater, name: str, seed: int) -> Case:
    today = timezone.localdate()
    day = today - dt.timedelta(days=20)
    client = citizens.register_citizen(
        treater,
        town.municipality,
        cpr=cpr_for(dt.date(1980 + seed, 1 + seed % 12, 1 + seed), seed=seed),
        name=name,
        today=today,
    )
    course = courses.record_contact(
        treater,
        client,
        at=dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC),
        channel="phone",
        made_by="self",
        legal_track="SEL-101",
        substances=["cannabis"],
        main_substance="cannabis",
        wish_for_treatment=True,
        today=today,
    ).contact_course
    courses.record_assessment(
        town.visitation_caseworker,
        course,
        phase="intake",
        assessed_on=day,
        text="Udredning (syntetisk).",
        today=today,
    )
    application = courses.apply_for_service(
        town.visitation_caseworker,
        course,
        service_id=SERVICE[standard],
        applied_on=day,
        today=today,
    )
    decision = courses.decide(
        town.centre_leader,
        application,
        outcome="grant",
        legal_basis="SEL-101",
        reasons="I målgruppen (syntetisk).",
        decided_on=day + dt.timedelta(days=1),
        today=today,
    )
    courses.mark_decision_sent(
        town.centre_leader, decision, sent_on=decision.decided_on, today=today
    )
    treatment = courses.start_treatment(
        town.visitation_caseworker,
        course,
        team=team,
        start_on=day + dt.timedelta(days=2),
        treater=treater,
        decision=decision,
        today=today,
    )
    courses.save_plan(
        town.visitation_caseworker,
        treatment,
        substance_goal="stop",
        goals=[{"text": "Ophør", "horizon": "short"}],
        methods="Samtaler",
        responsible=[{"actor": "Behandler", "task": "Samtaler"}],
        made_on=treatment.start_on,
        today=today,
    )
    appointment = courses.record_appointment(
        town.visitation_caseworker,
        treatment,
        at=dt.datetime.combine(treatment.start_on, dt.time(11), tzinfo=dt.UTC),
        kind="individual",
        today=today,
    )
    provider = providers.register_provider(
        town.centre_leader,
        town.municipality,
        name=f"Døgn {seed} ApS",
        cvr=f"{10000000 + seed}",
        approved_for=["SEL-101", "SEL-107"],
        settings_offered=["residential"],
        public=False,
        on_tilbudsportalen=True,
    )
    # the standard's residential service (Haderslev has several treatment stays)
    residential = grant_for(
        town,
        course,
        on=treatment.start_on,
        setting="residential",
        service_id="ekstern-doegnbehandling"
        if town.municipality.standard().id == "haderslev"
        else None,
        until=treatment.start_on + dt.timedelta(days=60),
        today=today,
    )
    stay = courses.record_stay(
        town.visitation_caseworker,
        treatment,
        provider=provider,
        start_on=treatment.start_on,
        end_on=treatment.start_on + dt.timedelta(days=60),
        service_id=residential.application.service_id,
        # Herning: the economic counselling talk, then the assessment before the stay
        self_payment={
            "economic_counselling_on": treatment.start_on,
            "assessed_on": treatment.start_on,
            "board": "1500",
        },
        today=today,
    )
    complaint = complaints.register_complaint(
        town.visitation_caseworker,
        client,
        kind="social_decision",
        received_on=today,
        form="written",
        text="Uenig (syntetisk).",
        decision=decision,
        today=today,
    )
    note = journal.write_note(
        treater,
        client,
        kind="conversation",
        text="Journalnotat (syntetisk).",
        event_at=timezone.now() - dt.timedelta(days=1),
        contact_course=course,
        today=today,
    )
    group = groups.create_group(
        treater,
        service_id=GROUP_SERVICE[standard],
        name=f"Gruppe {seed} (syntetisk)",
        team=team,
        capacity=12,
        intake="continuous",
        starts_on=day,
        leaders=[treater],
        today=today,
    )
    membership = groups.add_member(
        treater, group.pk, client=client, contact_course=course, joined_on=day, today=today
    )
    session = groups.add_session(
        treater,
        group.pk,
        starts_at=timezone.now() - dt.timedelta(hours=3),
        length_minutes=90,
        place="Lokale 1",
        today=today,
    )
    document = filing.file_document(
        treater,
        client,
        data=PDF,
        title="Udtalelse (syntetisk)",
        kind="received",
        contact_course=course,
    )
    room = courses.add_room(town.centre_leader, town.centre, name=f"Samtalerum {seed}")
    courses.book_appointment(
        town.secretary,
        course,
        at=timezone.now() + dt.timedelta(days=1),
        kind="network",
        minutes=60,
        staff=[treater],
        place="room",
        room=room,
        confirm_overlap=True,
        today=today,
    )
    return Case(
        name,
        client,
        course,
        application,
        decision,
        treatment,
        appointment,
        stay,
        complaint,
        treater,
        _notice(town),
        note,
        group,
        membership,
        session,
        document,
        team,
        room,
    )


def _notice(town: Town):
    """The administrator gives a new member of staff a role: the leaders are told."""
    from vendepunkt.accounts import services as accounts
    from vendepunkt.audit.models import Notice

    newcomer = town.user("secretary")
    accounts.set_role_and_teams(town.administrator, newcomer, role="treater", teams=[town.team])
    return Notice.objects.get(subject=newcomer)


def _waiting(town: Town, name: str, seed: int):
    """A citizen whose application waits for the visitation forum (the agenda lists it)."""
    today = timezone.localdate()
    client = citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(dt.date(1994, 8, 9), seed=seed),
        name=name,
        today=today,
    )
    course = courses.record_contact(
        town.treater,
        client,
        at=dt.datetime.combine(today - dt.timedelta(days=3), dt.time(10), tzinfo=dt.UTC),
        channel="phone",
        made_by="self",
        legal_track="SEL-101",
        substances=["cannabis"],
        main_substance="cannabis",
        wish_for_treatment=True,
        today=today,
    ).contact_course
    courses.apply_for_service(
        town.treater, course, service_id="primaer-doegn", applied_on=course.opened_on, today=today
    )
    return client


def _discharged(town: Town, case: Case):
    """Discharge a case so that its follow-ups are due (the follow-up list shows them)."""
    today = timezone.localdate()
    courses.discharge(
        town.visitation_caseworker,
        case.treatment,
        on=today - dt.timedelta(days=2),
        status="completed",
        outcome="abstinent",
        end_stays=True,  # the case's residential stay ends with the discharge
        cancel_future_appointments=True,  # the calendar's appointment tomorrow
        today=today,
    )


@dataclass
class World:
    a: Town
    b: Town
    own: Case  # A, team 1: the treater's, doctor's and nurse's team
    other_team: Case  # A, team 2
    other_town: Case  # B
    waiting: object  # A: a client whose application waits for the forum
    finished: Case  # A, team 1: discharged, follow-ups due

    def names(self) -> tuple[str, ...]:
        return (
            self.own.name,
            self.other_team.name,
            self.other_town.name,
            self.waiting.name,
            self.finished.name,
        )


def build() -> World:
    a, b = Town("herning"), Town("haderslev")
    own = _case(a, "herning", a.team, a.treater, "Fiktiv Egenteam", 11)
    treater_b = a.user("treater", team=a.other_team)
    other_team = _case(a, "herning", a.other_team, treater_b, "Fiktiv Andetteam", 12)
    other_town = _case(b, "haderslev", b.team, b.treater, "Fiktiv Andenby", 13)
    waiting = _waiting(a, "Fiktiv Venteliste", 14)
    finished = _case(a, "herning", a.team, a.treater, "Fiktiv Afsluttet", 15)
    _discharged(a, finished)
    return World(a, b, own, other_team, other_town, waiting, finished)
