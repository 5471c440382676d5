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
