"""Issue 10 § 3: sign-in without holes. The session key changes at each step, `?next=` is
followed only to local paths at every step, `/login/` keeps the page asked for, and every API
error, including signed-out writes, 413 and 500, is problem+json."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db

PASSWORD = "korrekt-hest-batteri-42"


@pytest.fixture
def person(her, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = her.user("treater")
    user.set_password(PASSWORD)
    user.save()
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user, device


def _key(client) -> str:
    return client.cookies["sessionid"].value if "sessionid" in client.cookies else ""


def test_the_session_key_changes_at_each_step_of_sign_in(person):
    user, device = person
    client = Client()
    client.get("/login/")
    client.post("/i18n/setlang/", {"language": "da"})  # a session before sign-in
    before = _key(client)
    client.post("/login/", {"username": user.username, "password": PASSWORD})
    after_password = _key(client)
    assert after_password and after_password != before
    client.post("/login/kode/", {"token": f"{totp(device.bin_key):06d}"})
    after_code = _key(client)
    assert after_code and after_code != after_password
    assert client.get("/arbejdsliste/").status_code == 200


def test_the_session_key_changes_at_enrolment(her):
    user = her.user("treater")
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    client.post("/login/", {"username": user.username, "password": PASSWORD})
    after_password = _key(client)
    client.get("/login/opret-kode/")
    device = TOTPDevice.objects.get(user=user)
    client.post("/login/opret-kode/", {"token": f"{totp(device.bin_key):06d}"})
    assert _key(client) != after_password


def test_login_keeps_the_page_asked_for_through_every_step(person):
    user, device = person
    client = Client()
    asked = client.get("/borgere/?q=x")
    assert asked.status_code == 302
    login_url = asked["Location"]
    assert login_url.startswith("/login/?next=")
    page = client.get(login_url)
    assert page.status_code == 200
    step = client.post(login_url, {"username": user.username, "password": PASSWORD})
    assert step["Location"].startswith("/login/kode/?next=")
    done = client.post(step["Location"], {"token": f"{totp(device.bin_key):06d}"})
    assert done.status_code == 302 and done["Location"] == "/borgere/?q=x"


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "https://elsewhere.example/",
        "//elsewhere.example/",
        "/\\elsewhere.example/",
        "borgere/",
        "\\\\elsewhere",
        "/ok/\r\nSet-Cookie: x=1",
    ],
)
def test_next_goes_only_to_local_paths_at_every_step(person, target):
    user, device = person
    client = Client()
    step = client.post("/login/", {"username": user.username, "password": PASSWORD, "next": target})
    assert step.status_code == 302 and step["Location"] == "/login/kode/"
    done = client.post(
        "/login/kode/?next=" + target.replace("\r\n", "%0D%0A"),
        {"token": f"{totp(device.bin_key):06d}"},
    )
    assert done.status_code == 302 and done["Location"] == "/arbejdsliste/"


def test_a_half_signed_in_user_is_sent_to_the_code_with_the_page_kept(person):
    user, _device = person
    client = Client()
    client.post("/login/", {"username": user.username, "password": PASSWORD})
    response = client.get("/borgere/")
    assert response.status_code == 302 and response["Location"] == "/login/kode/?next=%2Fborgere%2F"


# --- the API's errors ----------------------------------------------------------------------------


def test_signed_out_api_writes_answer_401_as_problem_json(her):
    client = Client(enforce_csrf_checks=True)
    for method, path in (
        ("post", "/api/clients/search"),
        ("put", "/api/staff/1"),
        ("post", "/api/tokens"),
        ("delete", "/api/tokens/1"),
    ):
        response = getattr(client, method)(path, "{}", content_type="application/json")
        assert response.status_code == 401, (method, path, response.status_code)
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "unauthenticated"


def test_a_signed_in_session_still_needs_the_csrf_token(her):
    client = signed_in(her.visitation_caseworker)
    client.handler.enforce_csrf_checks = True
    response = client.post("/api/clients/search", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "csrf"


def test_an_api_body_over_the_limit_is_413_problem_json(her, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    from tests.api.conftest import api_as

    response = api_as(her.visitation_caseworker).post("/api/clients/search", {"name": "x" * 5000})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "too_large"


def test_an_unknown_api_path_is_404_problem_json(her):
    from tests.api.conftest import api_as

    response = api_as(her.treater).get("/api/does-not-exist")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_an_unexpected_api_error_is_500_problem_json_without_details(her, monkeypatch):
    from tests.api.conftest import api_as
    from vendepunkt.api import endpoints

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail 0101901234")

    monkeypatch.setattr(endpoints, "today", broken)
    client = api_as(her.visitation_caseworker)
    client.raise_request_exception = False
    response = client.get("/api/worklist?scope=all")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    body = response.content.decode()
    assert "secret detail" not in body and "0101901234" not in body and "Traceback" not in body
