"""API tests: a client that sends a personal API token, and towns with one user per role."""

from django.test import Client

from vendepunkt.api import tokens


class ApiClient(Client):
    """A test client that sends `Authorization: Bearer <token>` and JSON bodies."""

    def __init__(self, raw_token: str | None = None, **defaults):
        super().__init__(**defaults)
        if raw_token:
            self.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw_token}"

    def post(self, path, data=None, **extra):
        return super().post(path, data or {}, content_type="application/json", **extra)

    def put(self, path, data=None, **extra):
        return super().put(path, data or {}, content_type="application/json", **extra)

    def patch(self, path, data=None, **extra):
        return super().patch(path, data or {}, content_type="application/json", **extra)


def api_as(user, days: int = 30) -> ApiClient:
    _, raw = tokens.create_token(None, user, name="test", days=days)
    return ApiClient(raw)
