"""The provider register (R21, R22) and the citizen's free choice of provider."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import audit_change
from vendepunkt.rules.law import law_floor

from .models import Provider

if TYPE_CHECKING:
    from vendepunkt.accounts.models import Municipality


FIELDS = (
    "name",
    "cvr",
    "approved_for",
    "settings_offered",
    "capacity",
    "public",
    "on_tilbudsportalen",
    "active",
)
SETTINGS = ("ambulant", "day", "residential")


def register_provider(
    actor: Actor,
    municipality: Municipality,
    *,
    name: str,
    cvr: str,
    approved_for: list[str],
    settings_offered: list[str],
    public: bool,
    on_tilbudsportalen: bool,
    capacity: int | None = None,
) -> Provider:
    provider = Provider(municipality=municipality)
    require(actor, "providers.manage", provider)
    if not name.strip():
        raise ServiceError(_("The name is missing."), field="name")
    if cvr and not re.fullmatch(r"\d{8}", cvr):
        raise ServiceError(_("The CVR number must be 8 digits."), field="cvr")
    known = {p.id for p in law_floor().provisions}
    unknown = [a for a in approved_for if a not in known]
    if unknown:
        raise ServiceError(
            _("Unknown legal basis: %(unknown)s."),
            unknown=", ".join(unknown),
            field="approved_for",
        )
    if any(s not in SETTINGS for s in settings_offered):
        raise ServiceError(_("Unknown setting."), field="settings_offered")
    for key, value in dict(
        name=name.strip(),
        cvr=cvr,
        approved_for=approved_for,
        settings_offered=settings_offered,
        public=public,
        on_tilbudsportalen=on_tilbudsportalen,
        capacity=capacity,
    ).items():
        setattr(provider, key, value)
    try:
        with transaction.atomic():
            provider.save()
            audit_change(actor, Action.PROVIDER_REGISTERED, provider, fields=FIELDS)
    except IntegrityError:
        raise ServiceError(
            _("A provider with that name exists."),
            field="name",
            code="duplicate",
        ) from None
    return provider


def check_free_choice(
    provider: Provider, *, legal_basis: str, setting: str, service_note: str = ""
) -> None:
    """Free choice (R21; SEL § 101 stk. 5, SUL § 141, SUL § 142 stk. 7): an approved provider on
    Tilbudsportalen, offering the same form (setting) as granted; never diacetylmorphine under
    SUL § 142. Raises ServiceError with the reason."""
    if not provider.active:
        raise ServiceError(_("The provider is not active."), field="provider")
    if legal_basis not in provider.approved_for:
        raise ServiceError(
            _("The provider is not approved under %(citation)s."),
            citation=law_floor().citation(legal_basis),
            field="provider",
        )
    if not provider.on_tilbudsportalen:
        raise ServiceError(
            _("Free choice covers only offers on Tilbudsportalen."),
            field="provider",
        )
    if setting not in provider.settings_offered:
        raise ServiceError(
            _("Free choice covers the same form of treatment as granted."),
            field="provider",
        )
    if legal_basis == "SUL-142" and "diacetylmorfin" in service_note.casefold():
        raise ServiceError(
            _("There is no free choice for treatment with diacetylmorphine (SUL § 142 stk. 7)."),
            field="provider",
        )


def get_provider(actor: Actor, provider_id: int) -> Provider:
    provider = Provider.objects.filter(
        pk=provider_id, municipality_id=actor.municipality_id
    ).first()
    if provider is None:
        raise NotFound("Provider")
    return provider
