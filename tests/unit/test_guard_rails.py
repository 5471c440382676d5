"""The guard rails of issue 11 § 5 that need no database: a missing front-end package stops
start-up (web.E001) on `check`, `migrate` and the application's start under gunicorn; the
running lock file holds no development tool; the cache and the log are read from the
environment."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.test_settings import GOOD

PROJECT = Path(__file__).resolve().parents[2]
MANAGE = PROJECT / "manage.py"


def run(tmp_path, args: list[str], **changes: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in GOOD}
    env.update(
        GOOD,
        VENDEPUNKT_VAR_DIR=str(tmp_path / "var"),
        VENDEPUNKT_ENV_FILE=str(tmp_path / "none.env"),
        PYTHONPATH=str(PROJECT / "src"),
        REDIS_URL="",
        CACHE_URL="",
    )
    env.update(changes)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=PROJECT, check=False
    )


# --- front-end packages are run-time needs ------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [str(MANAGE), "check"],
        [str(MANAGE), "migrate", "--noinput", "-v0"],
        ["-c", "import vendepunkt.wsgi"],  # gunicorn's start: vendepunkt.wsgi:application
    ],
    ids=["check", "migrate", "gunicorn"],
)
def test_a_missing_front_end_package_stops_start_up(tmp_path, args):
    incomplete = tmp_path / "node_modules"
    (incomplete / "dkfds" / "dist").mkdir(parents=True)
    (incomplete / "chart.js" / "dist").mkdir(parents=True)  # htmx.org is missing
    proc = run(tmp_path, args, VENDEPUNKT_NODE_MODULES=str(incomplete))
    assert proc.returncode != 0
    assert "web.E001" in proc.stderr and "htmx.org/dist" in proc.stderr
    assert "dkfds/dist (" not in proc.stderr  # only the missing one is named
    assert "npm ci" in proc.stderr


def test_the_installed_front_end_packages_pass(tmp_path):
    proc = run(tmp_path, [str(MANAGE), "check"])
    assert proc.returncode == 0, proc.stderr


def test_the_served_front_end_packages_are_run_time_dependencies():
    from django.conf import settings

    package = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))
    served = {path.split("/")[0] for _, path in settings.FRONTEND_PACKAGES}
    assert served == set(package["dependencies"])
    assert "axe-core" in package["devDependencies"]  # the browser tests' accessibility checker


# --- lock files ---------------------------------------------------------------------------------


def pins(name: str) -> dict[str, str]:
    text = (PROJECT / name).read_text(encoding="utf-8")
    return dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+)$", text, re.M))


def test_production_installs_no_development_tool():
    running = pins("requirements.lock")
    for tool in ("locust", "gevent", "playwright", "pytest", "pytest-django", "hypothesis"):
        assert tool not in running, tool
    assert {"django", "gunicorn", "redis", "python-json-logger"} <= set(running)


def test_the_development_lock_is_the_running_lock_and_the_tools():
    running, developing = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {k: developing.get(k) for k in running} == running
    assert {"pytest", "locust", "playwright", "import-linter", "mypy", "django-stubs"} <= set(
        developing
    )


# --- the cache and the log from the environment -------------------------------------------------


def test_the_cache_is_shared_when_redis_is_named(monkeypatch):
    from vendepunkt.settings import env_cache

    monkeypatch.delenv("CACHE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert env_cache("CACHE_URL", "REDIS_URL")["BACKEND"].endswith("LocMemCache")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/2")
    monkeypatch.setenv("VENDEPUNKT_CACHE_KEY_PREFIX", "centre-a")
    config = env_cache("CACHE_URL", "REDIS_URL")
    assert config == {
        "BACKEND": "vendepunkt.cache.PrefixedRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/2",
        "KEY_PREFIX": "centre-a",
    }
    monkeypatch.setenv("CACHE_URL", "redis://cache.internal:6379/0")  # CACHE_URL wins
    assert env_cache("CACHE_URL", "REDIS_URL")["LOCATION"] == "redis://cache.internal:6379/0"


def test_the_deploy_check_asks_for_a_shared_cache(tmp_path):
    args = [str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"]
    proc = run(tmp_path, args, SECRET_KEY="k" * 60, SECURE_COOKIES="true")
    assert proc.returncode != 0 and "web.W001" in proc.stderr
    proc = run(tmp_path, args, SECRET_KEY="k" * 60, SECURE_COOKIES="true", REDIS_URL="redis://x/0")
    assert "web.W001" not in proc.stderr + proc.stdout


def test_a_cache_url_that_is_not_redis_stops_start_up(tmp_path):
    proc = run(tmp_path, ["-c", "import vendepunkt.settings"], CACHE_URL="memcached://x:11211")
    assert proc.returncode != 0
    assert "CACHE_URL / REDIS_URL: ukendt cachetype / unsupported scheme 'memcached'" in proc.stderr


def test_the_log_is_json_lines_or_text(tmp_path):
    code = "import logging, django; django.setup(); logging.getLogger('vendepunkt').info('hello', extra={'user_id': 7})"
    proc = run(tmp_path, ["-c", code], DJANGO_SETTINGS_MODULE="vendepunkt.settings")
    line = json.loads(proc.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello" and line["user_id"] == 7 and line["level"] == "INFO"
    proc = run(
        tmp_path, ["-c", code], DJANGO_SETTINGS_MODULE="vendepunkt.settings", LOG_FORMAT="text"
    )
    assert proc.stderr.strip().endswith("INFO vendepunkt hello")
    proc = run(tmp_path, ["-c", "import vendepunkt.settings"], LOG_FORMAT="xml")
    assert "LOG_FORMAT: ugyldig værdi / invalid value 'xml'" in proc.stderr
