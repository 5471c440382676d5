"""Settings fail fast with a clear message on a bad value."""

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"

GOOD = {
    "SECRET_KEY": "x" * 50,
    "VENDEPUNKT_ENCRYPTION_KEY": base64.urlsafe_b64encode(b"k" * 32).decode(),
    "DEBUG": "false",
    "ALLOWED_HOSTS": "vendepunkt.example",
    "DATABASE_URL": "",
}


def load(tmp_path, **changes):
    env = {k: v for k, v in os.environ.items() if k not in GOOD}
    env.update(
        GOOD, VENDEPUNKT_VAR_DIR=str(tmp_path), VENDEPUNKT_ENV_FILE=str(tmp_path / "none.env")
    )
    env.update(changes)
    env = {k: v for k, v in env.items() if v is not None}
    code = "import vendepunkt.settings as s; print(s.DATABASES['default']['ENGINE'], s.DEBUG, s.ALLOWED_HOSTS)"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )


def test_good_settings_default_to_sqlite_under_var(tmp_path):
    proc = load(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "sqlite3 False ['vendepunkt.example']" in proc.stdout


def test_postgres_from_database_url(tmp_path):
    proc = load(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/test")
    assert proc.returncode == 0 and "postgresql" in proc.stdout


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SECRET_KEY", None, "SECRET_KEY: mangler / missing"),
        ("SECRET_KEY", "short", "SECRET_KEY: for kort / too short"),
        ("DEBUG", "maybe", "DEBUG: ugyldig værdi / invalid value 'maybe'"),
        ("ALLOWED_HOSTS", "", "ALLOWED_HOSTS: mangler / missing"),
        ("ALLOWED_HOSTS", "a,,b", "ALLOWED_HOSTS: tomt element"),
        (
            "DATABASE_URL",
            "mysql://x/y",
            "DATABASE_URL: ukendt databasetype / unsupported scheme 'mysql'",
        ),
        (
            "VENDEPUNKT_ENCRYPTION_KEY",
            "not-a-key",
            "VENDEPUNKT_ENCRYPTION_KEY: ikke en gyldig nøgle",
        ),
        ("VENDEPUNKT_ENCRYPTION_KEY", None, "VENDEPUNKT_ENCRYPTION_KEY: mangler"),
    ],
)
def test_bad_values_fail_fast_with_a_clear_message(tmp_path, name, value, message):
    proc = load(tmp_path, **{name: value})
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr and message in proc.stderr


def test_production_settings_pass_the_deploy_check(tmp_path):
    """`manage.py check --deploy` finds nothing with production settings (HTTPS, no DEBUG)."""
    env = {k: v for k, v in os.environ.items() if k not in GOOD}
    env.update(
        GOOD, VENDEPUNKT_VAR_DIR=str(tmp_path), VENDEPUNKT_ENV_FILE=str(tmp_path / "none.env")
    )
    env["SECRET_KEY"] = base64.urlsafe_b64encode(os.urandom(48)).decode()
    env["REDIS_URL"] = "redis://127.0.0.1:6379/0"  # production's shared cache (D46b)
    env.pop("SECURE_COOKIES", None)
    result = subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_fails_without_https(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in GOOD}
    env.update(
        GOOD, VENDEPUNKT_VAR_DIR=str(tmp_path), VENDEPUNKT_ENV_FILE=str(tmp_path / "none.env")
    )
    env.update(SECRET_KEY=base64.urlsafe_b64encode(os.urandom(48)).decode(), SECURE_COOKIES="false")
    result = subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0 and "SECURE_SSL_REDIRECT" in result.stderr + result.stdout
