"""Sign-in with two factors, lockout, session rules and the worklist page."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.db.factories import Town, cpr_for
from tests.web.conftest import signed_in
from vendepunkt.audit.models import ReadLogEntry
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses

pytestmark = pytest.mark.django_db


def user_with_password(town, role="treater"):
    user = town.user(role)
    user.set_password("korrekt-hest-batteri-42")
    user.save()
    return user


def test_sign_in_needs_password_then_a_totp_code(her, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp delays the next try after a wrong code
    user = user_with_password(her)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    response = client.post(
        "/login/", {"username": user.username, "password": "korrekt-hest-batteri-42"}
    )
    assert response.status_code == 302 and response["Location"] == "/login/kode/"
    assert client.get("/arbejdsliste/")["Location"].startswith("/login/kode/")  # not verified yet
    wrong = client.post(
        "/login/kode/", {"token": "000000" if totp(device.bin_key) != 0 else "111111"}
    )
    assert wrong.status_code == 200 and "form-error-message" in wrong.content.decode()
    ok = client.post("/login/kode/", {"token": f"{totp(device.bin_key):06d}"})
    assert ok.status_code == 302 and ok["Location"] == "/arbejdsliste/"
    page = client.get("/arbejdsliste/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"


def test_a_new_user_enrols_a_totp_device_first(her):
    user = user_with_password(her)
    client = Client()
    response = client.post(
        "/login/", {"username": user.username, "password": "korrekt-hest-batteri-42"}
    )
    assert response["Location"] == "/login/opret-kode/"
    page = client.get("/login/opret-kode/")
    assert page.status_code == 200 and 'id="totp-secret"' in page.content.decode()
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/login/opret-kode/", {"token": f"{totp(device.bin_key):06d}"})
    assert response["Location"] == "/arbejdsliste/"
    device.refresh_from_db()
    assert device.confirmed


def test_lockout_after_five_failures(her):
    user = user_with_password(her)
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": user.username, "password": "forkert"})
    locked = client.post(
        "/login/", {"username": user.username, "password": "korrekt-hest-batteri-42"}
    )
    assert locked.status_code == 429 and "/login/kode/" not in locked.get("Location", "")


def test_session_inactivity_timeout(her, settings):
    client = signed_in(her.treater)
    assert client.get("/arbejdsliste/").status_code == 200
    session = client.session
    session["vendepunkt_last_seen"] = (
        timezone.now().timestamp() - settings.SESSION_INACTIVITY_SECONDS - 5
    )
    session.save()
    assert client.get("/arbejdsliste/").status_code == 302


def test_a_user_without_a_role_sees_no_data(her):
    nobody = her.user("")
    response = signed_in(nobody).get("/arbejdsliste/")
    assert response.status_code == 403 and "administrator" in response.content.decode()


def requested(town, seed, days_ago):
    client = citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(dt.date(1980, 1, 2), seed=seed),
        name=f"Fiktiv Person {seed}",
        today=timezone.localdate(),
    )
    at = timezone.now() - dt.timedelta(days=days_ago)
    courses.record_contact(
        town.treater,
        client,
        at=at,
        channel="phone",
        made_by="self",
        legal_track="SEL-101",
        substances=["alcohol"],
        wish_for_treatment=True,
        today=timezone.localdate(),
    )
    return client


def test_worklist_shows_breached_first_with_reason_and_citation(her):
    requested(her, 1, 1)
    requested(her, 2, 30)
    client = signed_in(her.visitation_caseworker)
    html = client.get("/arbejdsliste/?scope=all").content.decode()
    assert html.index("Fiktiv Person 2") < html.index("Fiktiv Person 1")
    assert "status-breached" in html and "SEL § 101 stk. 4" in html
    assert ReadLogEntry.objects.filter(record_type="worklist").count() == 2


def test_worklist_query_count_does_not_grow(her, django_assert_max_num_queries):
    for seed in range(3):
        requested(her, seed, seed + 1)
    client = signed_in(her.visitation_caseworker)
    client.get("/arbejdsliste/?scope=all")
    with django_assert_max_num_queries(12) as few:
        client.get("/arbejdsliste/?scope=all")
    for seed in range(3, 13):
        requested(her, seed, seed + 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/arbejdsliste/?scope=all")


def test_worklist_roles(her):
    other = Town("haderslev")
    requested(her, 1, 3)
    assert (
        "Fiktiv Person 1"
        not in signed_in(other.visitation_caseworker)
        .get("/arbejdsliste/?scope=all")
        .content.decode()
    )
    auditor = signed_in(her.auditor).get("/arbejdsliste/")
    assert auditor.status_code == 403 and "Fiktiv" not in auditor.content.decode()
    treater = signed_in(her.treater).get("/arbejdsliste/?scope=all")
    assert (
        treater.status_code == 200 and "Fiktiv Person 1" not in treater.content.decode()
    )  # falls back to own scope


def test_worklist_names_deadline_kinds_in_the_users_language(her):
    requested(her, 2, 30)
    client = signed_in(her.visitation_caseworker)
    danish = client.get("/arbejdsliste/?scope=all").content.decode()
    assert "Behandlingsgaranti" in danish and "Treatment guarantee" not in danish
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    english = client.get("/arbejdsliste/?scope=all").content.decode()
    assert "Treatment guarantee" in english and "Behandlingsgaranti" not in english


def test_worklist_filters_links_and_bad_input(her):
    """Issue 13 § 5: filters in the page, names link to the citizen, each deadline to where its
    work is done; a bad filter gets a message in the user's language and the list stays."""
    client_a = requested(her, 1, 30)
    requested(her, 2, 1)
    caseworker = signed_in(her.visitation_caseworker)
    html = caseworker.get(
        "/arbejdsliste/?kind=treatment_guarantee&status=breached"
    ).content.decode()
    assert "Fiktiv Person 1" in html and "Fiktiv Person 2" not in html
    assert f'href="/borgere/{client_a.pk}/"' in html
    course = client_a.contact_courses.get()
    assert f'href="/forloeb/{course.pk}/behandling/' in html or f"/forloeb/{course.pk}/" in html
    bad = caseworker.get("/arbejdsliste/?due_from=2026-12-10&due_to=2026-12-01")
    assert bad.status_code == 200
    page = bad.content.decode()
    assert "Slutningen af perioden ligger før starten." in page and "Fiktiv Person 1" in page
    far = caseworker.get("/arbejdsliste/?due_from=9999-12-31&kind=nonsense&status=nonsense")
    assert far.status_code == 200 and "Traceback" not in far.content.decode()


def test_caseload_for_leaders_only(her):
    requested(her, 1, 3)
    assert signed_in(her.treater).get("/arbejdsliste/sagsbelastning/").status_code == 403
    page = signed_in(her.centre_leader).get("/arbejdsliste/sagsbelastning/")
    assert page.status_code == 200 and 'id="caseload"' in page.content.decode()
    worklist = signed_in(her.centre_leader).get("/arbejdsliste/").content.decode()
    assert "/arbejdsliste/sagsbelastning/" in worklist
