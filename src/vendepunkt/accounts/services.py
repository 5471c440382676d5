"""Staff administration: the municipality's administrator gives a user a role and teams. A user
belongs to one municipality and only to teams of its centres; a new user from the identity
provider has no role, and so no rights, until an administrator gives one (deny by default)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vendepunkt.audit.actions import Action
from vendepunkt.audit.security import notice_role_granted
from vendepunkt.audit.services import audit_change

from .access import AccessDenied, Actor, NotFound
from .errors import ServiceError
from .models import Role, Team, User


def _require_admin(actor: Actor, municipality_id: int | None) -> None:
    if municipality_id != actor.municipality_id:
        raise NotFound("User")
    if not (actor.is_authenticated and actor.is_active and actor.role == Role.ADMINISTRATOR):
        raise AccessDenied("accounts.manage_staff")


def require_may_change(actor: Actor, user: User) -> None:
    """An administrator of the user's municipality, who is not the user: nobody changes their own
    role or teams (issue 10 § 1)."""
    _require_admin(actor, user.municipality_id)
    if actor.pk == user.pk:
        raise AccessDenied(
            "accounts.manage_own_role",
            _("You cannot change your own role or teams. Another administrator must do it."),
        )


def set_role_and_teams(actor: Actor, user: User, *, role: str, teams: list[Team]) -> User:
    """Give `user` a role and teams. Nobody changes their own (issue 10 § 1: an administrator
    could otherwise make themselves centre leader and read every citizen): another administrator
    must. The centre leaders get a notice of every grant of a role that opens personal data."""
    require_may_change(actor, user)
    if role not in Role.values:
        raise ServiceError(_("Unknown role."), field="role")
    if teams and role in (Role.ADMINISTRATOR, Role.AUDITOR):
        raise ServiceError(
            _("The role works on no courses and cannot have teams."),
            field="teams",
        )
    if any(t.centre.municipality_id != user.municipality_id for t in teams):
        raise ServiceError(
            _("A team must belong to the user's municipality."),
            field="teams",
        )
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = {
            "role": locked.role,
            "teams": sorted(locked.teams.values_list("id", flat=True)),
        }
        after = {"role": role, "teams": sorted(t.pk for t in teams)}
        user.role = role
        user.save(update_fields=["role"])
        user.teams.set(teams)
        user._team_ids = None
        audit_change(actor, Action.STAFF_ROLE_SET, user, before=before, after=after)
        notice_role_granted(actor, user, before=before, after=after)
    return user


def list_staff(actor: Actor) -> list[User]:
    """The municipality's staff with their teams (administrators only): who has which role."""
    if not actor.is_authenticated or actor.municipality_id is None:
        raise AccessDenied("accounts.manage_staff")
    _require_admin(actor, actor.municipality_id)
    return list(
        User.objects.filter(municipality_id=actor.municipality_id)
        .prefetch_related("teams")
        .order_by("role", "username")
    )


def get_staff(actor: Actor, user_id: int) -> User:
    """One member of the municipality's staff (administrators only; another municipality's user
    is not found)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound("User")
    _require_admin(actor, user.municipality_id)
    return user


def municipality_teams(actor: Actor) -> list[Team]:
    _require_admin(actor, actor.municipality_id)
    return list(
        Team.objects.filter(centre__municipality_id=actor.municipality_id)
        .select_related("centre")
        .order_by("centre__name", "name")
    )
