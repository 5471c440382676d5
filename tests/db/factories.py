"""Small builders for the database tests: a municipality with its centre, teams and one user per
role, bound to a shipped standard. Synthetic people only."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from vendepunkt.accounts.models import Centre, Municipality, Role, Team, User
from vendepunkt.rules.cpr import synthetic_cpr

_counter = itertools.count(1)


class Town:
    def __init__(self, standard_id: str):
        n = next(_counter)
        self.municipality = Municipality.objects.create(
            code=f"{standard_id}-{n}", name=f"{standard_id.title()} {n}", standard_id=standard_id
        )
        self.centre = Centre.objects.create(municipality=self.municipality, name="Rusmiddelcenter")
        self.team = Team.objects.create(centre=self.centre, name="Team A")
        self.other_team = Team.objects.create(centre=self.centre, name="Team B")
        self.users = {role: self.user(role) for role in Role.values}

    def user(self, role: str, team: Team | None = None) -> User:
        user = User.objects.create_user(
            username=f"{role}-{self.municipality.code}-{next(_counter)}",
            municipality=self.municipality,
            role=role,
        )
        if role in (Role.TREATER, Role.NURSE, Role.DOCTOR):
            user.teams.add(team or self.team)
        return user

    def __getattr__(self, role: str) -> User:
        try:
            return self.__dict__["users"][role]
        except KeyError:
            raise AttributeError(role) from None


def cpr_for(birth_date: dt.date, sex: str = "female", seed: int = 1) -> str:
    return synthetic_cpr(random.Random(seed), birth_date, sex)


def grant_for(
    town: Town,
    course,
    *,
    on: dt.date,
    service_id: str | None = None,
    setting: str = "ambulant",
    until: dt.date | None = None,
    today: dt.date | None = None,
):
    """A grant in force from `on` for a service the client is eligible for (issue 12 § 3: no
    treatment, added service or stay without a decision that grants it). With `service_id`,
    that service; otherwise the first service of `setting` that needs visitation and fits."""
    from vendepunkt.courses import services as courses
    from vendepunkt.courses.services.visitation import client_facts
    from vendepunkt.rules.eligibility import check_in_standard
    from vendepunkt.rules.grants import track_needs_grant

    today = today or dt.date.today()
    standard = course.municipality.standard()
    if (
        service_id is None
        and setting == "ambulant"
        and not track_needs_grant(standard, course.legal_track)
    ):
        return None  # the law or the standard lets this track start without a decision
    facts = client_facts(course.client, course, on)
    chosen = None
    for service in standard.services:
        if service_id is not None and service.id != service_id:
            continue
        if service_id is None and (
            not service.requires_visitation or str(service.setting) != setting
        ):
            continue
        if service.legal_bases and course.legal_track not in service.legal_bases:
            continue
        if check_in_standard(standard, service, facts).eligible:
            chosen = service
            break
    if chosen is None:
        raise LookupError(f"no grantable service for the course in {standard.id}")
    final_say = standard.visitation.final_say
    actor = (
        town.centre_leader
        if final_say and final_say.role == "centre_leader"
        else (town.visitation_caseworker)
    )
    application = courses.apply_for_service(
        actor, course, service_id=chosen.id, applied_on=min(on, today), today=today
    )
    return courses.decide(
        actor,
        application,
        outcome="grant",
        legal_basis=course.legal_track
        if course.legal_track in chosen.legal_bases
        else (chosen.legal_bases[0] if chosen.legal_bases else course.legal_track),
        reasons="Bevilget efter samtale (syntetisk testdata).",
        decided_on=min(on, today),
        valid_from=on,
        valid_until=until,
        intensity_reason="Syntetisk testbegrundelse.",
        today=today,
    )
