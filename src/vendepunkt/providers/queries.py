"""Reads of the provider register (no personal data) for the web pages and the API."""

from __future__ import annotations

from dataclasses import dataclass

from vendepunkt.accounts import permissions as p
from vendepunkt.accounts.access import AccessDenied, can
from vendepunkt.providers.models import Provider

# The read no service permission covers (a candidate for accounts/permissions.py as
# "providers.view").
view_providers = p.same_municipality & (p.municipality_staff | p.administrator)


@dataclass(frozen=True)
class _Scope:
    """The user's municipality as an object the permission rules can test."""

    municipality_id: int | None


def may_manage_providers(user) -> bool:
    return can(user, "providers.manage", Provider(municipality_id=user.municipality_id))


def list_providers(user) -> list[Provider]:
    """The municipality's provider register (no personal data): every staff role but auditors."""
    if not view_providers.test(user, _Scope(user.municipality_id)):
        raise AccessDenied("providers.view")
    return list(
        Provider.objects.filter(municipality_id=user.municipality_id).order_by("-active", "name")
    )
