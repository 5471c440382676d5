"""OpenID Connect login for a municipal identity provider (mozilla-django-oidc), switched on by
`OIDC_ENABLED`. A user new to Vendepunkt is created in the configured municipality with no role:
they can sign in but do nothing until an administrator gives them a role (deny by default)."""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import Municipality


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
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
