"""Issue 5 § 4: the API under load (`make bench-api`; not part of `make test`).

    .venv/bin/python tests/perf/run_api_load.py [--duration 150] [--warmup 30] [--workers 3]

1. checks that PostgreSQL answers and that `test_bench` holds the benchmark's data set (the
   fingerprint in `perf_dataset`, written by tests/perf/conftest.py, and at least 5,000 open
   Herning courses); applies pending migrations, as `make bench` (`--reuse-db`) would;
2. creates one personal API token (valid 1 day) per simulated user, for real Herning staff
   users, and picks Herning citizens with an open course;
3. starts gunicorn on 127.0.0.1 on a free port with production-like settings (DEBUG false,
   `--workers`, SECURE_COOKIES false because it is local HTTP) and a rate limit high enough not
   to interfere (VENDEPUNKT_API_RATE_LIMIT=100000 per 60 s);
4. runs locust headless (tests/perf/locustfile.py): a warm-up, then the measured run with
   16 users spawned 4 a second; CSV stats go to test-artifacts/api-load/;
5. prints requests, failures, p50/p95/p99/max per operation (exact, from every response time)
   and the 1-minute load average, revokes the tokens and stops the server.

The figures are recorded in docs/performance.md § 4.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import importlib.util
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

PERF_DIR = Path(__file__).resolve().parent
ROOT = PERF_DIR.parent.parent
BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "test-artifacts" / "api-load"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/test_bench"
TARGET_MS = 100
RATE_LIMIT = 100_000
# The environment of the tests (pyproject.toml [tool.pytest.ini_options] env): the data set in
# test_bench was written with this encryption key, so the server needs the same one.
TEST_ENV = {
    "SECRET_KEY": "test-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz",
    "VENDEPUNKT_ENCRYPTION_KEY": "3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
}
# The 16 simulated users: (user name, worklist scope). Herning has 7 staff users who may read
# worklists and timelines (the administrator and auditor may not); the treaters, who are most
# of a centre's staff, take several slots. Each slot gets its own token.
SLOTS = [
    ("visitation_caseworker.herning", "all"),
    ("centre_leader.herning", "all"),
    ("treater.herning", "team"),
    ("treater2.herning", "team"),
    ("treater.herning", "mine"),
    ("treater2.herning", "mine"),
    ("doctor.herning", "centre"),
    ("nurse.herning", "team"),
    ("secretary.herning", "all"),
    ("visitation_caseworker.herning", "all"),
    ("treater.herning", "team"),
    ("treater2.herning", "team"),
    ("treater.herning", "mine"),
    ("treater2.herning", "mine"),
    ("nurse.herning", "team"),
    ("doctor.herning", "team"),
]
CLIENTS = 500  # per user: Herning citizens with an open course the user may see, spread out


def fail(da: str, en: str) -> None:
    sys.exit(f"\nFEJL: {da}\nERROR: {en}")


def conftest():
    spec = importlib.util.spec_from_file_location("perf_conftest", PERF_DIR / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def server_env(database_url: str, workers: int) -> dict:
    env = dict(os.environ)
    env.update(TEST_ENV)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECURE_COOKIES": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "VENDEPUNKT_API_RATE_LIMIT": str(RATE_LIMIT),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


# --- 1. PostgreSQL and the data set -------------------------------------------------------------


def check_database(database_url: str) -> dict:
    import psycopg

    try:
        conn = psycopg.connect(database_url, connect_timeout=5)
    except psycopg.OperationalError as exc:
        fail(
            f"PostgreSQL eller databasen svarer ikke ({database_url}): {exc}",
            f"PostgreSQL or the database does not answer ({database_url}). Start PostgreSQL on "
            "127.0.0.1:5432 and build the data set once with `make bench`.",
        )
    perf = conftest()
    with conn, conn.cursor() as cur:
        cur.execute("SELECT to_regclass('perf_dataset') IS NOT NULL")
        if not cur.fetchone()[0]:
            fail(
                "Datasættet mangler (ingen tabel perf_dataset): byg det med `make bench`.",
                "The data set is missing (no table perf_dataset): build it with `make bench`.",
            )
        cur.execute("SELECT fingerprint FROM perf_dataset")
        row = cur.fetchone()
        if not row or row[0] != perf.FINGERPRINT:
            fail(
                f"Datasættet er et andet end tests/perf/conftest.py's ({row}): `make bench`.",
                f"The stored data set is not tests/perf/conftest.py's ({row}): `make bench`.",
            )
        cur.execute(
            "SELECT count(*), count(*) FILTER (WHERE c.closed_on IS NULL) "
            "FROM courses_contactcourse c JOIN accounts_municipality m "
            "ON m.id = c.municipality_id WHERE m.code = %s",
            [perf.BIG[0]],
        )
        courses, open_courses = cur.fetchone()
    conn.close()
    if open_courses < perf.MIN_OPEN_BIG:
        fail(
            f"Herning har kun {open_courses} åbne forløb (mindst {perf.MIN_OPEN_BIG}).",
            f"Herning has only {open_courses} open courses (at least {perf.MIN_OPEN_BIG}).",
        )
    return {"courses": courses, "open_courses": open_courses}


def django_setup(env: dict) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vendepunkt.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in pending)
        print(
            f"Anvender manglende migreringer / applying pending migrations (as make bench): {names}"
        )
        call_command("migrate", interactive=False, verbosity=0)


# --- 2. tokens and citizens ---------------------------------------------------------------------


def make_plan(run_id: str) -> dict:
    """A token per slot, and per user the citizens (with an open course) whose open course the
    user may see, as the citizen page decides it: a treater opens the citizens of their teams."""
    import rules

    from vendepunkt.accounts.models import User
    from vendepunkt.api import tokens
    from vendepunkt.courses.guard import CourseGuard
    from vendepunkt.courses.models import ContactCourse

    users = {u.username: u for u in User.objects.filter(username__in={n for n, _ in SLOTS})}
    missing = sorted({n for n, _ in SLOTS} - set(users))
    if missing:
        fail(
            f"Brugerne mangler i datasættet: {missing}",
            f"Users missing from the data set: {missing}",
        )
    courses = list(
        ContactCourse.objects.filter(municipality__code="herning", closed_on__isnull=True)
        .select_related("treatment")
        .order_by("id")
    )
    clients: dict[str, list[int]] = {}
    for name, user in users.items():
        ids = sorted(
            {
                c.client_id
                for c in courses
                if rules.has_perm("courses.view_course", user, CourseGuard(c))
            }
        )
        if not ids:
            fail(f"{name} kan ikke se nogen åbne forløb", f"{name} may see no open course")
        step = max(1, len(ids) // CLIENTS)
        clients[name] = ids[::step][:CLIENTS]
    plan_users = []
    for i, (name, scope) in enumerate(SLOTS, 1):
        token, raw = tokens.create_token(None, users[name], name=f"locust {run_id} #{i}", days=1)
        plan_users.append(
            {
                "username": name,
                "scope": scope,
                "token": raw,
                "token_id": token.pk,
                "clients": clients[name],
            }
        )
    return {"users": plan_users, "clients": sorted({c for ids in clients.values() for c in ids})}


def revoke(plan: dict) -> None:
    from vendepunkt.api import tokens

    for user in plan["users"]:
        tokens.revoke_token(None, user["token_id"])


# --- 3. the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    cmd = [
        str(BIN / "python"),
        "-m",
        "gunicorn",
        "vendepunkt.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
        "--chdir",
        str(ROOT),
    ]
    env = dict(env, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen(cmd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def wait_ready(proc: subprocess.Popen, base: str, log: Path) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            fail(
                f"gunicorn stoppede ({proc.returncode}); se {log}",
                f"gunicorn exited ({proc.returncode}); see {log}",
            )
        try:
            with urllib.request.urlopen(f"{base}/api/openapi.json", timeout=5) as r:
                return json.load(r)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    fail("gunicorn svarede ikke inden 60 s", f"gunicorn did not answer within 60 s; see {log}")
    return {}


def check_operations(schema: dict) -> None:
    ops = {
        op.get("operationId"): path
        for path, methods in schema.get("paths", {}).items()
        for op in methods.values()
    }
    for op_id, path in (
        ("get_worklist", "/api/worklist"),
        ("timeline", "/api/clients/{client_id}/timeline"),
    ):
        if ops.get(op_id) != path:
            fail(
                f"Operationen {op_id} findes ikke på {path} i /api/openapi.json",
                f"Operation {op_id} is not at {path} in /api/openapi.json ({ops.get(op_id)})",
            )


# --- 4. locust, and the load average while it runs ----------------------------------------------


class LoadSampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.samples.append(os.getloadavg()[0])
            self.stop.wait(5)


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """User + system CPU seconds of the gunicorn workers so far (the server's own demand)."""
    import psutil

    total = 0.0
    for proc in psutil.Process(server.pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            times = proc.cpu_times()
            total += times.user + times.system
    return total


def run_locust(base: str, plan_path: Path, seconds: int, prefix: Path, raw: Path | None) -> None:
    env = dict(os.environ, VENDEPUNKT_LOCUST_PLAN=str(plan_path))
    env.pop("VENDEPUNKT_LOCUST_RAW", None)
    if raw is not None:
        env["VENDEPUNKT_LOCUST_RAW"] = str(raw)
    cmd = [
        str(BIN / "locust"),
        "-f",
        str(PERF_DIR / "locustfile.py"),
        "--headless",
        "-u",
        "16",
        "-r",
        "4",
        "-t",
        f"{seconds}s",
        "--host",
        base,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    result = subprocess.run(cmd, env=env, check=False)
    if result.returncode not in (0, 1):
        fail(f"locust fejlede ({result.returncode})", f"locust failed ({result.returncode})")


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile, as in docs/performance.md § 2."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def summarise(raw: Path) -> dict:
    rows = list(csv.DictReader(raw.open(encoding="utf-8")))
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["operation"], []).append(row)
        if row["scope"]:
            groups.setdefault(f"{row['operation']} (scope={row['scope']})", []).append(row)
    figures = {}
    for name, items in sorted(groups.items()):
        ms = [float(r["ms"]) for r in items]
        figures[name] = {
            "requests": len(items),
            "failures": sum(1 for r in items if r["ok"] != "1"),
            "p50": pct(ms, 50),
            "p95": pct(ms, 95),
            "p99": pct(ms, 99),
            "max": max(ms),
            "mean": statistics.fmean(ms),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--duration", type=int, default=150, help="measured seconds (150)")
    parser.add_argument("--warmup", type=int, default=30, help="warm-up seconds (30)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    args = parser.parse_args()

    data = check_database(args.database_url)
    env = server_env(args.database_url, args.workers)
    django_setup(env)
    migrate()
    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = ARTIFACTS / run_id
    out.mkdir(parents=True, exist_ok=True)
    plan = make_plan(run_id)
    plan_path = out / "plan.json"  # holds the tokens: private, revoked at the end
    plan_path.touch(mode=0o600)
    plan_path.write_text(json.dumps(plan), encoding="utf-8")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = out / "gunicorn.log"
    load_before = os.getloadavg()
    print(
        f"Herning: {data['courses']:,} forløb / courses, {data['open_courses']:,} åbne / open; "
        f"{len(plan['users'])} tokens, {len(plan['clients'])} citizens; gunicorn {args.workers} "
        f"workers on {base}; load average before: {load_before[0]:.2f}"
    )
    server = start_server(env, port, args.workers, log)
    sampler = LoadSampler()
    try:
        check_operations(wait_ready(server, base, log))
        if args.warmup:
            print(f"Opvarmning / warm-up: {args.warmup} s")
            run_locust(base, plan_path, args.warmup, out / "warmup", None)
        print(f"Måling / measured run: {args.duration} s, 16 users, spawn rate 4/s")
        sampler.start()
        started = dt.datetime.now(dt.UTC)
        cpu_before = server_cpu_seconds(server)
        run_locust(base, plan_path, args.duration, out / "locust", out / "raw.csv")
        server_cpu = server_cpu_seconds(server) - cpu_before
        sampler.stop.set()
    finally:
        sampler.stop.set()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        revoke(plan)
        plan_path.unlink(missing_ok=True)

    figures = summarise(out / "raw.csv")
    load = sampler.samples or [os.getloadavg()[0]]
    summary = {
        "run": run_id,
        "started": started.isoformat(timespec="seconds"),
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "workers": args.workers,
        "users": 16,
        "think_time_s": [0.5, 1.5],
        "herning": data,
        "load_avg_1min": {
            "before": round(load_before[0], 2),
            "min": round(min(load), 2),
            "mean": round(statistics.fmean(load), 2),
            "max": round(max(load), 2),
        },
        "gunicorn_cpu_s_per_s": round(server_cpu / args.duration, 2),
        "operations": figures,
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(f"\nVendepunkt API load ({out.relative_to(ROOT)}; locust CSV: locust_stats.csv)")
    print(f"{'operation':<58} {'req':>6} {'fail':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    for name, f in figures.items():
        print(
            f"{name:<58} {f['requests']:>6} {f['failures']:>5} {f['p50']:>7.0f} "
            f"{f['p95']:>7.0f} {f['p99']:>7.0f} {f['max']:>7.0f}"
        )
    la = summary["load_avg_1min"]
    print(
        f"load average (1 min) before {la['before']}, during {la['min']}–{la['max']} "
        f"(mean {la['mean']}); gunicorn workers used {summary['gunicorn_cpu_s_per_s']} CPU-s "
        "per s; times in ms, nearest-rank percentiles"
    )
    for name in ("GET /api/worklist", "GET /api/clients/{client_id}/timeline"):
        if name in figures:
            ok = figures[name]["p95"] <= TARGET_MS
            print(
                f"{name}: p95 {figures[name]['p95']:.0f} ms ≤ {TARGET_MS} ms: {'yes' if ok else 'NO'}"
            )


if __name__ == "__main__":
    main()
