"""Personal API tokens: create (the token is returned once, only its SHA-256 digest is kept),
revoke, and authenticate. Creation and revocation write the audit trail in their transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import AccessDenied, NotFound
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import write_entry

from .models import ApiToken

PREFIX = "vp_"
MAX_DAYS = 366
SYSTEM_ACTOR = "system:api_token"


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _check_days(days: int) -> None:
    if not 1 <= days <= MAX_DAYS:
        raise ServiceError(
            _("A token is valid for between 1 and %(max_days)s days."),
            max_days=MAX_DAYS,
            field="days",
        )


def _audit(token: ApiToken, action: Action, actor, after: dict) -> None:
    write_entry(
        actor=actor,
        system_actor="" if actor is not None else SYSTEM_ACTOR,
        action=action,
        target_type="apitoken",
        target_id=str(token.pk),
        after=after,
    )


def create_token(actor, user, *, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for `user`, valid for `days` days. `actor` is the user themself (through the
    signed-in web session) or None for the operator's command (`manage.py api_token`). Returns the
    record and the token, which is never stored or shown again."""
    if actor is not None and actor.pk != user.pk:
        raise AccessDenied("api.create_token")
    if not user.is_active or not user.role or user.municipality_id is None:
        raise ServiceError(
            _("The user has no role in a municipality."),
            field="user",
        )
    _check_days(days)
    if not name.strip():
        raise ServiceError(_("Give the token a name."), field="name")
    raw = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip()[:100],
            prefix=raw[: len(PREFIX) + 6],
            digest=digest(raw),
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        _audit(
            token,
            Action.API_TOKEN_CREATED,
            actor,
            {"user_id": user.pk, "name": token.name, "expires_at": token.expires_at.isoformat()},
        )
    return token, raw


def revoke_token(actor, token_id: int, *, user=None) -> ApiToken:
    """Revoke a token: the owner through the API, or the operator's command (actor None)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
        owner = actor if actor is not None else user
        if token is None or (owner is not None and token.user_id != owner.pk):
            raise NotFound("ApiToken")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            _audit(
                token,
                Action.API_TOKEN_REVOKED,
                actor,
                {"user_id": token.user_id, "revoked_at": token.revoked_at.isoformat()},
            )
    return token


def tokens_of(user) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))


def authenticate(raw: str):
    """The token's user, or None for an unknown, expired or revoked token or an inactive user.
    Returns (token, user)."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(raw)).first()
    now = timezone.now()
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
