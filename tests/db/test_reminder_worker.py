"""Issue 13 § 3: reminders sent by the REAL worker (`manage.py worker`, two processes at once)
through a local SMTP server (aiosmtpd) and a local HTTP SMS gateway (http.server), both on
127.0.0.1. On the PostgreSQL tier against a scratch database on the same server
(`vp_reminders_<random>`, dropped afterwards), on the SQLite tier against a scratch file in WAL
mode, as the workers of `make run` and of production see them: the first SMS is answered 503 and
retried; every reminder arrives exactly once although two workers scan and deliver at once."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

from tests.reminder_servers import sms_gateway, smtp_server

ROOT = Path(__file__).resolve().parents[2]
MANAGE = ROOT / "manage.py"
APPOINTMENTS = 4
FILL = f"""
import sys, datetime as dt
sys.path.insert(0, {str(ROOT)!r})
from django.utils import timezone
from tests.db.factories import Town, grant_for
from tests.db.test_course_services import AT, TODAY, citizen, contact
from vendepunkt.courses import services as courses
from vendepunkt.reminders import services as reminders
town = Town("odsherred")
course = contact(town, citizen(town)).contact_course
grant_for(town, course, on=AT.date(), today=TODAY)
treatment = courses.start_treatment(
    town.visitation_caseworker, course, team=town.team, start_on=AT.date(),
    treater=town.treater, today=TODAY,
)
reminders.record_consent(
    town.secretary, course.client, sms=True, email=True, phone="+4512345678",
    email_address="borger@example.org", given_on=TODAY, given_how="written", today=TODAY,
)
for n in range({APPOINTMENTS}):
    courses.record_appointment(
        town.secretary, treatment, at=timezone.now() + dt.timedelta(hours=2 + n),
        kind="individual", today=TODAY,
    )
# one beyond the lead time and one cancelled: never reminded
courses.record_appointment(
    town.secretary, treatment, at=timezone.now() + dt.timedelta(hours=30), kind="individual",
    today=TODAY,
)
cancelled = courses.record_appointment(
    town.secretary, treatment, at=timezone.now() + dt.timedelta(hours=3), kind="individual",
    today=TODAY,
)
courses.set_attendance(town.treater, cancelled, status="cancelled", today=TODAY)
print("FILLED")
"""
REPORT = """
import json
from vendepunkt.reminders.models import OutboxMessage
print("REPORT " + json.dumps(list(OutboxMessage.objects.values("channel", "status", "attempts", "last_error"))))
"""


class Scratch:
    def __init__(self, tmp_path: Path, database_url: str):
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PG"))}
        self.env.update(
            DATABASE_URL=database_url,
            DEBUG="false",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            VENDEPUNKT_ENV_FILE=str(tmp_path / "none.env"),
            VENDEPUNKT_VAR_DIR=str(tmp_path / "var"),
            LOG_LEVEL="WARNING",
            PYTHONWARNINGS="ignore",
            VENDEPUNKT_REMINDER_RETRY_SECONDS="1",
            VENDEPUNKT_REMINDER_SCAN_SECONDS="1",
        )

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, str(MANAGE), *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=ROOT,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-4000:])
        return result.stdout

    def report(self) -> list[dict]:
        out = self.manage("shell", "-v0", "-c", REPORT)
        return json.loads(next(x for x in out.splitlines() if x.startswith("REPORT "))[7:])

    def run(self) -> None:
        self.manage("migrate", "--noinput", "-v0")
        assert "FILLED" in self.manage("shell", "-v0", "-c", FILL)
        with smtp_server() as (smtp_port, mails), sms_gateway(fail_first=1) as gateway:
            self.env.update(
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(smtp_port),
                EMAIL_TIMEOUT="10",
                VENDEPUNKT_SMS_URL=gateway.url,
                VENDEPUNKT_SMS_TOKEN="token-for-tests",
            )
            workers = [
                subprocess.Popen(
                    [sys.executable, str(MANAGE), "worker", "--interval", "0.2", "-v0"],
                    env=self.env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                for _ in range(2)
            ]
            try:
                deadline = time.monotonic() + 120
                while len(mails) < APPOINTMENTS or len(gateway.received) < APPOINTMENTS:
                    for worker in workers:
                        assert worker.poll() is None, worker.stderr.read().decode()[-4000:]
                    assert time.monotonic() < deadline, (len(mails), len(gateway.received))
                    time.sleep(0.2)
                time.sleep(4)  # several more scans by both workers: nothing is sent again
            finally:
                for worker in workers:
                    worker.send_signal(signal.SIGTERM)
                codes = [worker.wait(timeout=30) for worker in workers]
                errors = [worker.stderr.read().decode() for worker in workers]
                for worker in workers:
                    worker.stderr.close()
        assert codes == [0, 0], errors
        assert len(mails) == APPOINTMENTS and len(gateway.received) == APPOINTMENTS
        assert all(to == ["borger@example.org"] for to, _ in mails)
        assert all("Odsherred Kommune" in body for _, body in mails)
        assert {r["body"]["to"] for r in gateway.received} == {"+4512345678"}
        assert all(r["authorization"] == "Bearer token-for-tests" for r in gateway.received)
        rows = self.report()
        assert len(rows) == 2 * APPOINTMENTS
        assert {r["status"] for r in rows} == {"sent"}
        retried = [r for r in rows if r["attempts"] == 2]
        assert len(retried) == 1 and retried[0]["channel"] == "sms"
        for text in errors:  # the workers' log holds no personal data
            assert "12345678" not in text and "borger@" not in text


def test_the_real_worker_sends_each_reminder_once(tmp_path):
    expected = os.environ.get("VENDEPUNKT_EXPECT_DB")
    if expected:
        assert connection.vendor == expected
    if connection.vendor != "postgresql":
        Scratch(tmp_path, f"sqlite:///{tmp_path / 'vendepunkt.sqlite3'}").run()
        return
    import psycopg

    conf = connection.settings_dict
    scratch = f"vp_reminders_{secrets.token_hex(4)}"
    params = {
        "host": conf["HOST"] or "127.0.0.1",
        "port": conf["PORT"] or 5432,
        "user": conf["USER"] or "postgres",
        "password": conf["PASSWORD"] or None,
    }

    def admin(sql: str) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(sql)

    admin(f"CREATE DATABASE {scratch} TEMPLATE template0 ENCODING 'UTF8'")
    password = f":{params['password']}" if params["password"] else ""
    try:
        Scratch(
            tmp_path,
            f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{scratch}",
        ).run()
    finally:
        admin(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")
