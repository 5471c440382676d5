"""Tenancy and staff: the municipality (bound to its standard file), its centres and teams, and
staff users with one role each in one municipality."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from vendepunkt.rules.standards.schema import Standard


class Role(models.TextChoices):
    # Named in the user's language (Danish by default, docs/decisions.md D33).
    TREATER = "treater", _("Treater")
    VISITATION_CASEWORKER = "visitation_caseworker", _("Visitation caseworker (authority)")
    DOCTOR = "doctor", _("Doctor")
    NURSE = "nurse", _("Nurse")
    SECRETARY = "secretary", _("Secretary")
    CENTRE_LEADER = "centre_leader", _("Centre leader")
    ADMINISTRATOR = "administrator", _("Administrator")
    AUDITOR = "auditor", _("Auditor (reads the logs only)")


class Municipality(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    standard_id = models.SlugField(
        max_length=60, help_text="The id of the municipality's standard file"
    )

    def __str__(self) -> str:
        return self.name

    def standard(self) -> Standard:
        from vendepunkt.rules.standards import registry

        loaded = registry.get(self.standard_id)
        if loaded is None:
            raise LookupError(f"standard {self.standard_id!r} is not loaded")
        return loaded.standard


class Centre(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="centres")
    name = models.CharField(max_length=200)
    standard_centre_id = models.SlugField(max_length=60, blank=True)

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.centre} · {self.name}"

    @property
    def municipality_id(self) -> int:
        return self.centre.municipality_id


class User(AbstractUser):
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    teams = models.ManyToManyField(Team, blank=True, related_name="members")
    _team_ids: set[int] | None  # the teams' ids, cached by team_ids()

    def team_ids(self) -> set[int]:
        cached = getattr(self, "_team_ids", None)  # reset to None when teams change
        if cached is None:
            cached = self._team_ids = set(self.teams.values_list("id", flat=True))
        return cached
