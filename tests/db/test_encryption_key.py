"""The encryption key and the database (issue 10 § 6; decisions D42): the key's fingerprint kept
by migration `citizens.0003`, one clear message for the wrong key (from the first decrypt, before
the first encrypt or look-up, from the system check and from `manage.py verify_restore`), and
`verify_restore` naming damaged records by client id, never by CPR number or name."""

import base64
import datetime as dt
import io

import pytest
from cryptography.fernet import InvalidToken
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import connection
from django.test import override_settings

from tests.db.factories import cpr_for
from vendepunkt.citizens import backup, crypto
from vendepunkt.citizens import services as citizens
from vendepunkt.citizens.models import Client

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
OTHER_KEY = base64.urlsafe_b64encode(b"o" * 32).decode()
NAME = "Karen Prøve"


@pytest.fixture(autouse=True)
def fresh_key_check():
    crypto._checked.clear()
    yield
    crypto._checked.clear()


@pytest.fixture
def citizen(her):
    return citizens.register_citizen(
        her.treater,
        her.municipality,
        cpr=cpr_for(dt.date(1979, 2, 3), seed=7),
        name=NAME,
        today=TODAY,
    )


def verify(**options) -> str:
    out = io.StringIO()
    call_command("verify_restore", stdout=out, **options)
    return out.getvalue()


def test_the_migration_keeps_the_fingerprint_of_the_key():
    stored = crypto.stored_fingerprint()
    assert stored == crypto.fingerprint() and len(stored) == 64
    assert crypto.key_status() == "match"
    # one-way: neither the key nor anything Fernet or the look-up hash uses
    assert base64.urlsafe_b64decode(crypto.settings.VENDEPUNKT_ENCRYPTION_KEY).hex() != stored


def test_the_wrong_key_stops_with_one_clear_message(citizen, her):
    with override_settings(VENDEPUNKT_ENCRYPTION_KEY=OTHER_KEY):
        assert crypto.key_status() == "mismatch"
        with pytest.raises(crypto.KeyMismatch, match=crypto.KEY_MISMATCH):
            Client.objects.get(pk=citizen.pk).masked_cpr
        # no second registration of a known citizen under a hash of the wrong key
        with pytest.raises(crypto.KeyMismatch):
            citizens.register_citizen(
                her.treater,
                her.municipality,
                cpr=cpr_for(dt.date(1979, 2, 3), seed=7),
                name=NAME,
                today=TODAY,
            )
        assert Client.objects.count() == 1
        with pytest.raises(crypto.KeyMismatch):
            crypto.lookup_hash("0101801234")
        with pytest.raises(CommandError, match=crypto.KEY_MISMATCH) as raised:
            verify(no_serve=True)
        assert raised.value.returncode == 2
        with pytest.raises(SystemCheckError, match=r"citizens\.E001"):
            call_command("check", databases=["default"])
    call_command("check", databases=["default"])  # the right key: no error


def test_without_a_fingerprint_a_stored_number_decides(citizen):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM citizens_keyfingerprint")
    assert crypto.stored_fingerprint() is None
    assert crypto.key_status() == "match"
    with override_settings(VENDEPUNKT_ENCRYPTION_KEY=OTHER_KEY):
        assert crypto.key_status() == "mismatch"
    Client.objects.all().delete()
    assert crypto.key_status() == "unknown"
    crypto.record_fingerprint()
    assert crypto.key_status() == "match"


def test_verify_restore_checks_every_number_and_prints_no_personal_data(citizen, her):
    cpr = citizen.cpr
    citizens.register_anonymous(her.treater, her.municipality, birth_year=1990, today=TODAY)
    report = verify()
    assert "krypteringsnøglen passer / the encryption key matches" in report
    assert "1 CPR-numre dekrypteret" in report
    assert "GET /login/ 200" in report
    assert "the restore is sound" in report
    assert cpr not in report and cpr[:6] not in report and NAME not in report


def test_a_damaged_record_is_named_by_its_id_and_the_key_is_not_blamed(citizen):
    Client.objects.filter(pk=citizen.pk).update(cpr_encrypted="gAAAAAdamaged")
    with pytest.raises(InvalidToken):
        Client.objects.get(pk=citizen.pk).masked_cpr
    out = io.StringIO()
    with pytest.raises(CommandError, match="not sound") as raised:
        call_command("verify_restore", no_serve=True, stdout=out)
    assert raised.value.returncode == 1
    assert "1 af / of 1 CPR-numre kan ikke dekrypteres" in out.getvalue()
    assert f"client ids {citizen.pk})" in out.getvalue()


def test_a_look_up_hash_that_does_not_match_is_found(citizen):
    Client.objects.filter(pk=citizen.pk).update(cpr_hash="0" * 64)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_restore", no_serve=True, stdout=out)
    assert "look-up hashes do not match" in out.getvalue()


def test_row_counts_are_compared_with_the_manifest(citizen, tmp_path):
    counts = backup.table_counts()
    assert counts["citizens_client"] == 1 and counts["citizens_keyfingerprint"] == 1
    manifest = {
        "format": backup.MANIFEST_FORMAT,
        "engine": connection.vendor,
        "key_fingerprint": crypto.fingerprint(),
        "tables": dict(counts, citizens_client=2, gone_table=3),
    }
    path = tmp_path / "m.json"
    path.write_text(backup.json.dumps(manifest), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_restore", manifest=path, no_serve=True, stdout=out)
    assert "citizens_client: 1 ≠ 2" in out.getvalue()
    assert "tables missing: gone_table" in out.getvalue()

    manifest["tables"] = counts
    path.write_text(backup.json.dumps(manifest), encoding="utf-8")
    assert "row counts as in the manifest" in verify(manifest=path, no_serve=True)

    # a manifest made with another key: the key is named before anything else is compared
    manifest["key_fingerprint"] = "f" * 64
    path.write_text(backup.json.dumps(manifest), encoding="utf-8")
    with pytest.raises(CommandError, match=crypto.KEY_MISMATCH):
        call_command("verify_restore", manifest=path, no_serve=True, stdout=io.StringIO())


def test_the_application_refuses_to_start_with_the_wrong_key(citizen):
    from vendepunkt import wsgi

    wsgi.refuse_a_wrong_key()  # the right key: starts
    crypto._checked.clear()
    with (
        override_settings(VENDEPUNKT_ENCRYPTION_KEY=OTHER_KEY),
        pytest.raises(crypto.KeyMismatch, match="passer ikke"),
    ):
        wsgi.refuse_a_wrong_key()
