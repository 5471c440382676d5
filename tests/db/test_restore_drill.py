"""Issue 10 § 6: the restore drill (docs/operations.md, Backup and restore; decisions D42).

On the PostgreSQL tier it runs against a scratch database of its own on the same server
(`vp_restore_drill_<random>`, dropped afterwards); on the SQLite tier against a scratch SQLite file
in WAL mode. Neither tier skips: each runs the drill for its own engine. Every step is the
operator's command in a subprocess, as in docs/operations.md:

fill (`manage.py migrate`, `manage.py demo`, one known synthetic citizen and an API token) →
`manage.py backup_database` → drop the database → restore (`pg_restore`; SQLite's backup API) →
`manage.py verify_restore --manifest` → gunicorn serves the login page and the API (the restored
token, the citizen found by CPR number) → with another key, `verify_restore` and `manage.py
check --database default` stop with the one clear message.

The recovery time (from the dropped database to the first answer of the restarted application)
is printed and written to test-artifacts/restore-drill-<engine>.json. VENDEPUNKT_DRILL_COURSES sets
the courses per municipality (default 3; docs/operations.md records a larger run)."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

from vendepunkt.citizens.crypto import KEY_MISMATCH

ROOT = Path(__file__).resolve().parents[2]
MANAGE = ROOT / "manage.py"
ARTIFACTS = ROOT / "test-artifacts"
GUNICORN = ("--workers", "1", "--log-level", "warning", "--bind")
COURSES = int(os.environ.get("VENDEPUNKT_DRILL_COURSES", "3"))
# Runs in `manage.py shell` (one process, to keep the drill short): migrate, the demo generator,
# one known synthetic citizen (so the restored look-up hash can be
# tried through the API) and a personal API token for a Herning treater (restored with the rest).
FILL = """
import datetime as dt, random
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("demo", courses=COURSES, today=dt.date(2026, 11, 23))
from vendepunkt.accounts.models import User
from vendepunkt.api import tokens
from vendepunkt.citizens import services
from vendepunkt.rules.cpr import synthetic_cpr
user = User.objects.get(username="treater.herning")
cpr = synthetic_cpr(random.Random(4242), dt.date(1981, 6, 15), "female")
client = services.register_citizen(
    user, user.municipality, cpr=cpr, name="Øvelse Gendannelse", today=dt.date(2026, 11, 23)
)
_, raw = tokens.create_token(None, user, name="restore drill", days=2)
print("DRILL", client.pk, cpr, raw)
"""


def other_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


class Drill:
    def __init__(self, tmp_path: Path, database_url: str):
        self.tmp = tmp_path
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PG"))}
        self.env.update(
            SECRET_KEY=os.environ["SECRET_KEY"],
            VENDEPUNKT_ENCRYPTION_KEY=os.environ["VENDEPUNKT_ENCRYPTION_KEY"],
            DATABASE_URL=database_url,
            DEBUG="false",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_COOKIES="false",
            VENDEPUNKT_ENV_FILE=str(tmp_path / "none.env"),
            VENDEPUNKT_VAR_DIR=str(tmp_path / "var"),
            LOG_LEVEL="WARNING",
            PYTHONWARNINGS="ignore",
        )
        self.times: dict[str, float] = {}

    def manage(self, *args: str, key: str | None = None, expect: int | None = 0):
        env = dict(self.env)
        if key:
            env["VENDEPUNKT_ENCRYPTION_KEY"] = key
        result = subprocess.run(
            [sys.executable, str(MANAGE), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=300,
            check=False,
        )
        if expect is not None:
            assert result.returncode == expect, (args, result.stdout, result.stderr)
        return result

    def fill(self) -> tuple[int, str, str]:
        out = self.manage("shell", "-v0", "-c", FILL.replace("COURSES", str(COURSES))).stdout
        _, pk, cpr, token = next(
            line for line in out.splitlines() if line.startswith("DRILL ")
        ).split()
        return int(pk), cpr, token

    def backup(self) -> tuple[Path, Path]:
        started = time.perf_counter()
        self.manage("backup_database", "--out", str(self.tmp / "backup"))
        self.times["backup_s"] = round(time.perf_counter() - started, 2)
        dumps = [p for p in (self.tmp / "backup").iterdir() if not p.name.endswith(".json")]
        manifests = list((self.tmp / "backup").glob("*.manifest.json"))
        assert len(dumps) == 1 and len(manifests) == 1
        assert dumps[0].stat().st_mode & 0o077 == 0, "the backup is readable by others"
        return dumps[0], manifests[0]

    def verify(self, manifest: Path) -> str:
        started = time.perf_counter()
        result = self.manage("verify_restore", "--manifest", str(manifest))
        self.times["verify_s"] = round(time.perf_counter() - started, 2)
        return result.stdout

    @contextlib.contextmanager
    def serve(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "vendepunkt.wsgi", *GUNICORN, f"127.0.0.1:{port}"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            # A loaded machine (two cores, other test runs) may take a while to import and answer
            # the first request: a read timeout is retried like a refused connection.
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/login/", timeout=15) as r:
                        assert r.status == 200
                        break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    assert server.poll() is None, server.stderr.read().decode()
                    assert time.monotonic() < deadline, "gunicorn did not answer in 90 s"
                    time.sleep(0.1)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)
            server.stderr.close()

    def run(self, drop, restore, scratch: str) -> None:
        client_id, cpr, token = self.fill()
        dump, manifest_path = self.backup()
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        assert manifest["tables"]["citizens_client"] > COURSES
        assert manifest["tables"]["citizens_keyfingerprint"] == 1

        started = time.perf_counter()
        drop()
        restore(dump)
        self.times["restore_s"] = round(time.perf_counter() - started, 2)
        report = self.verify(manifest_path)
        assert "the restore is sound" in report and "FEJL" not in report
        assert cpr not in report and "Øvelse" not in report
        with self.serve() as base:
            self.times["recovery_s"] = round(time.perf_counter() - started, 2)
            self.api_answers(base, token, client_id, cpr)

        # the wrong key: one clear message, before any record, from the command and the check
        wrong = other_key()
        result = self.manage(
            "verify_restore", "--manifest", str(manifest_path), key=wrong, expect=2
        )
        assert KEY_MISMATCH in result.stderr and "FEJL" not in result.stdout
        assert cpr not in result.stdout + result.stderr
        result = self.manage("migrate", "--noinput", key=wrong, expect=1)
        assert KEY_MISMATCH in result.stderr

        record = {
            "engine": manifest["engine"],
            "database": scratch,
            "courses_per_municipality": COURSES,
            "tables": len(manifest["tables"]),
            "rows": manifest["rows"],
            "dump_bytes": dump.stat().st_size,
            **self.times,
        }
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"restore-drill-{manifest['engine']}.json").write_text(
            json.dumps(record, indent=2) + "\n", encoding="utf-8"
        )
        print(f"\nrestore drill: {record}")
        assert self.times["recovery_s"] < 60

    @staticmethod
    def api_answers(base: str, token: str, client_id: int, cpr: str) -> None:
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

        def call(path: str, body: dict | None = None):
            data = json.dumps(body).encode() if body is not None else None
            request = urllib.request.Request(base + path, data=data, headers=auth)
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 200, path
                return json.loads(response.read())

        assert call("/api/me")["username"] == "treater.herning"
        assert call(f"/api/clients/{client_id}")["name"] == "Øvelse Gendannelse"
        found = call("/api/clients/search", {"cpr": cpr})
        assert [c["id"] for c in found["items"]] == [client_id]


def postgres_drill(tmp_path: Path) -> None:
    import psycopg

    conf = connection.settings_dict
    scratch = f"vp_restore_drill_{secrets.token_hex(4)}"
    params = {
        "host": conf["HOST"] or "127.0.0.1",
        "port": conf["PORT"] or 5432,
        "user": conf["USER"] or "postgres",
        "password": conf["PASSWORD"] or None,
    }

    def admin(sql: str) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(sql)

    def create() -> None:
        admin(f"CREATE DATABASE {scratch} TEMPLATE template0 ENCODING 'UTF8'")

    def drop() -> None:
        admin(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")

    def restore(dump: Path) -> None:
        create()
        env = dict(os.environ, PGPASSWORD=params["password"] or "")
        subprocess.run(
            [
                "pg_restore",
                *("--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges"),
                *("-h", params["host"], "-p", str(params["port"]), "-U", params["user"]),
                *("-d", scratch, str(dump)),
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )

    password = f":{params['password']}" if params["password"] else ""
    url = f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{scratch}"
    create()
    try:
        Drill(tmp_path, url).run(drop, restore, scratch)
    finally:
        drop()


def sqlite_drill(tmp_path: Path) -> None:
    live = tmp_path / "live" / "vendepunkt.sqlite3"
    live.parent.mkdir()
    drill = Drill(tmp_path, f"sqlite:///{live}")
    # A live database in WAL mode, held open while it is filled and backed up, so the last
    # transactions are still in the -wal file: a plain copy of the main file would miss them.
    wal = sqlite3.connect(live)
    assert wal.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"

    def drop() -> None:
        wal.close()  # the application is stopped before a restore
        for suffix in ("", "-wal", "-shm"):
            Path(f"{live}{suffix}").unlink(missing_ok=True)

    def restore(dump: Path) -> None:
        source, target = sqlite3.connect(dump), sqlite3.connect(live)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()

    try:
        drill.run(drop, restore, str(live))
    finally:
        wal.close()


def test_restore_drill(tmp_path):
    """Fill, back up, drop, restore, verify, serve; the wrong key stops with one message."""
    expected = os.environ.get("VENDEPUNKT_EXPECT_DB")
    if expected:
        assert connection.vendor == expected
    if connection.vendor == "postgresql":
        postgres_drill(tmp_path)
    else:
        assert connection.vendor == "sqlite"
        sqlite_drill(tmp_path)
