"""OpenID Connect login for a municipal identity provider (mozilla-django-oidc), switched on by
`OIDC_ENABLED`. A user new to Vendepunkt is created in the configured municipality with no role:
they can sign in but do nothing until an administrator gives them a role (deny by default)."""

import logging

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import Municipality

log = logging.getLogger("vendepunkt.oidc")


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        """A failed sign-in through the identity provider leaves a log line with the kind of
        error only (never the claims, a token or the e-mail address)."""
        try:
            user = super().authenticate(request, **kwargs)
        except Exception as exc:
            log.warning("oidc_error", extra={"error": type(exc).__name__})
            raise
        if user is None and request is not None and request.GET.get("code"):
            log.warning("oidc_error", extra={"error": "refused"})
        elif user is not None:
            log.info("oidc_signed_in", extra={"user_id": user.pk})
        return user

    def create_user(self, claims):
        user = super().create_user(claims)
        user.municipality = Municipality.objects.get(code=settings.OIDC_MUNICIPALITY_CODE)
        user.role = ""
        user.first_name = claims.get("given_name", "")
        user.last_name = claims.get("family_name", "")
        user.save()
        return user

    def update_user(self, user, claims):
        user.first_name = claims.get("given_name", user.first_name)
        user.last_name = claims.get("family_name", user.last_name)
        user.save(update_fields=["first_name", "last_name"])
        return user
