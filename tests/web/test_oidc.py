"""OpenID Connect: a user new to Vendepunkt is created in the configured municipality without a
role, so they can sign in but see nothing until an administrator gives them one."""

import pytest

from tests.web.conftest import signed_in
from vendepunkt.accounts.oidc import MunicipalOIDCBackend

pytestmark = pytest.mark.django_db


def test_a_new_oidc_user_gets_no_role(her, settings):
    settings.OIDC_MUNICIPALITY_CODE = her.municipality.code
    settings.OIDC_RP_CLIENT_ID = "vendepunkt"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.invalid/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.invalid/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.invalid/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    backend = MunicipalOIDCBackend()
    user = backend.create_user(
        {
            "email": "ny.medarbejder@kommune.invalid",
            "given_name": "Ny",
            "family_name": "Medarbejder",
        }
    )
    assert user.municipality == her.municipality and user.role == "" and user.first_name == "Ny"
    response = signed_in(user).get("/arbejdsliste/")
    assert response.status_code == 403
