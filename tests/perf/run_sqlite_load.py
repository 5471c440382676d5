"""Issue 10 § 5: the embedded default (SQLite) holds a centre of 20 staff (`make bench-sqlite`;
not part of `make test`).

    .venv/bin/python tests/perf/run_sqlite_load.py [--duration 120] [--warmup 20] [--users 20]
        [--workers 2] [--reuse]

1. builds a SQLite demo database as `make run` does (`manage.py migrate`, `sync_standards`,
   `demo --courses 40`), in its own directory `test-artifacts/sqlite-load/var/` (the SQLite file
   and the documents cache; `VENDEPUNKT_VAR_DIR`), so the developer's `var/` is not touched.
   A fresh database each run unless `--reuse` (then the one left by the last run, with its writes);
2. creates a personal API token (valid 1 day) for each of the 20 simulated staff of Herning's
   centre and, per user, the citizens they may see and the open treatment courses they may book
   in (tests/perf/locustfile_sqlite.py describes the plan);
3. starts gunicorn as `make run` does: SQLite in that directory, 2 sync workers (`--workers`),
   DEBUG false; VENDEPUNKT_API_RATE_LIMIT is raised so the run does not measure the API's limiter;
4. runs locust headless with 20 users (spawned 5 a second), a warm-up and the measured run,
   mixing reads (worklist, citizen, timeline, insight export) and writes (appointments,
   contacts);
5. prints requests, failures and p50/p95/p99/max per operation, counts the server errors and
   "database is locked" in gunicorn's log, and writes everything to
   `test-artifacts/sqlite-load/<run>/`. The exit code is 1 if any request failed.

The figures are recorded in docs/performance.md § 6.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
from pathlib import Path

import run_api_load as api_load  # the API benchmark's server, percentile and sampling helpers

PERF_DIR = Path(__file__).resolve().parent
ROOT = PERF_DIR.parent.parent
BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "test-artifacts" / "sqlite-load"
MUNICIPALITY = "herning"
RATE_LIMIT = 100_000
# 20 staff of one centre: (user name, worklist scope, operation weights). Herning's demo has 7
# users who work with citizens; the slots repeat them, treaters most, as on a real centre.
TREATER = {"worklist": 3, "citizen": 2, "timeline": 2, "appointment": 2, "contact": 1}
CASEWORKER = {"worklist": 3, "citizen": 2, "timeline": 2, "contact": 2}
SECRETARY = {"worklist": 2, "citizen": 2, "appointment": 3, "contact": 2}
CLINICIAN = {"worklist": 3, "citizen": 2, "timeline": 3, "appointment": 1}
LEADER = {"worklist": 2, "citizen": 1, "timeline": 2, "insight": 2}
SLOTS = [
    *[("treater.herning", "team", TREATER)] * 3,
    *[("treater.herning", "mine", TREATER)] * 2,
    *[("treater2.herning", "team", TREATER)] * 3,
    *[("treater2.herning", "mine", TREATER)] * 2,
    *[("visitation_caseworker.herning", "all", CASEWORKER)] * 3,
    *[("secretary.herning", "all", SECRETARY)] * 2,
    *[("nurse.herning", "team", CLINICIAN)] * 2,
    ("doctor.herning", "centre", CLINICIAN),
    *[("centre_leader.herning", "all", LEADER)] * 2,
]
WRITES = ("POST /api/treatments/{id}/appointments", "POST /api/clients/{id}/contacts")


def server_env(var_dir: Path) -> dict:
    """The environment of `make run` (SQLite under VENDEPUNKT_VAR_DIR, no DATABASE_URL) with the
    tests' secrets, production-like otherwise."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(api_load.TEST_ENV)
    env.update(
        {
            "VENDEPUNKT_VAR_DIR": str(var_dir),
            "VENDEPUNKT_ENV_FILE": str(var_dir / "none.env"),
            "DEBUG": "false",
            "SECURE_COOKIES": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "VENDEPUNKT_API_RATE_LIMIT": str(RATE_LIMIT),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT / "src"),
        }
    )
    return env


def build(env: dict, var_dir: Path, reuse: bool) -> None:
    if var_dir.exists() and not reuse:
        shutil.rmtree(var_dir)
    var_dir.mkdir(parents=True, exist_ok=True)
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    steps = [
        ["migrate", "--noinput", "-v0"],
        ["sync_standards"],
        ["demo", "--if-empty", "--courses", "40"],
    ]
    for step in steps:
        print("manage.py", " ".join(step), flush=True)
        result = subprocess.run([*manage, *step], env=env, cwd=ROOT, check=False)
        if result.returncode:
            api_load.fail(f"manage.py {step[0]} fejlede", f"manage.py {step[0]} failed")


def make_plan(run_id: str) -> dict:
    import rules

    from vendepunkt.accounts.models import User
    from vendepunkt.api import tokens
    from vendepunkt.courses.guard import CourseGuard
    from vendepunkt.courses.models import ContactCourse, TreatmentCourse

    names = {name for name, _, _ in SLOTS}
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    if names - set(users):
        api_load.fail(
            f"Brugerne mangler: {sorted(names - set(users))}",
            f"Users missing: {sorted(names - set(users))}",
        )
    courses = list(
        ContactCourse.objects.filter(municipality__code=MUNICIPALITY, closed_on__isnull=True)
        .select_related("client")
        .order_by("id")
    )
    treatments = list(
        TreatmentCourse.objects.filter(
            municipality__code=MUNICIPALITY,
            discharged_on__isnull=True,
            contact_course__closed_on__isnull=True,
        ).order_by("id")
    )
    plan_users = []
    for i, (name, scope, ops) in enumerate(SLOTS, 1):
        user = users[name]
        clients = sorted(
            {
                c.client_id
                for c in courses
                if rules.has_perm("courses.view_course", user, CourseGuard(c))
            }
        )
        contact_clients = sorted(
            {
                c.client_id
                for c in courses
                if not c.client.anonymous  # SEL § 101 contacts: identified citizens only
                and c.client_id in clients
                and rules.has_perm("courses.record_contact", user, c.client)
            }
        )
        booking = [
            t.pk for t in treatments if rules.has_perm("courses.record_appointment", user, t)
        ]
        ops = dict(ops)
        if not booking:
            ops.pop("appointment", None)
        if not contact_clients:
            ops.pop("contact", None)
        if not clients:
            api_load.fail(f"{name} kan ikke se nogen borgere", f"{name} may see no citizen")
        token, raw = tokens.create_token(None, user, name=f"locust-sqlite {run_id} #{i}", days=1)
        plan_users.append(
            {
                "username": name,
                "scope": scope,
                "ops": ops,
                "token": raw,
                "token_id": token.pk,
                "clients": clients,
                "contact_clients": contact_clients,
                "treatments": booking,
            }
        )
    return {"users": plan_users}


def run_locust(
    base: str, plan: Path, users: int, seconds: int, prefix: Path, raw: Path | None
) -> None:
    env = dict(os.environ, VENDEPUNKT_LOCUST_PLAN=str(plan))
    env.pop("VENDEPUNKT_LOCUST_RAW", None)
    if raw is not None:
        env["VENDEPUNKT_LOCUST_RAW"] = str(raw)
    cmd = [
        str(BIN / "locust"),
        "-f",
        str(PERF_DIR / "locustfile_sqlite.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        "5",
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
        api_load.fail(
            f"locust fejlede ({result.returncode})", f"locust failed ({result.returncode})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=120, help="measured seconds (120)")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up seconds (20)")
    parser.add_argument("--users", type=int, default=20, help="simulated staff (20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2, as make run)")
    parser.add_argument("--reuse", action="store_true", help="keep the last run's database")
    parser.add_argument(
        "--sqlite-defaults",
        action="store_true",
        help="serve with Django's SQLite defaults, as before issue 10 § 5 (for comparison)",
    )
    args = parser.parse_args()

    var_dir = ARTIFACTS / "var"
    env = server_env(var_dir)
    build(env, var_dir, args.reuse)
    api_load.django_setup(env)
    if args.sqlite_defaults:
        # tests/perf/sqlite_defaults_settings.py: rollback journal, deferred transactions
        # (gunicorn's --chdir puts the project on the path)
        env = dict(env, DJANGO_SETTINGS_MODULE="tests.perf.sqlite_defaults_settings")
    from django.db import connection

    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = ARTIFACTS / run_id
    out.mkdir(parents=True, exist_ok=True)
    plan = make_plan(run_id)
    with connection.cursor() as cursor:
        if args.sqlite_defaults:
            cursor.execute("PRAGMA journal_mode=DELETE")
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
    connection.close()
    plan_path = out / "plan.json"  # holds the tokens: private, revoked at the end
    plan_path.touch(mode=0o600)
    plan_path.write_text(json.dumps(plan), encoding="utf-8")

    port = api_load.free_port()
    base = f"http://127.0.0.1:{port}"
    log = out / "gunicorn.log"
    load_before = os.getloadavg()
    print(
        f"SQLite {var_dir / 'vendepunkt.sqlite3'} (journal_mode={journal}); {args.users} users "
        f"of {MUNICIPALITY}; gunicorn {args.workers} workers on {base}; load average before: "
        f"{load_before[0]:.2f}",
        flush=True,
    )
    server = api_load.start_server(env, port, args.workers, log)
    sampler = api_load.LoadSampler()
    try:
        api_load.wait_ready(server, base, log)
        if args.warmup:
            print(f"Opvarmning / warm-up: {args.warmup} s", flush=True)
            run_locust(base, plan_path, args.users, args.warmup, out / "warmup", None)
        print(f"Måling / measured run: {args.duration} s, {args.users} users", flush=True)
        sampler.start()
        started = dt.datetime.now(dt.UTC)
        cpu_before = api_load.server_cpu_seconds(server)
        run_locust(base, plan_path, args.users, args.duration, out / "locust", out / "raw.csv")
        server_cpu = api_load.server_cpu_seconds(server) - cpu_before
    finally:
        sampler.stop.set()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        api_load.revoke(plan)
        plan_path.unlink(missing_ok=True)

    figures = api_load.summarise(out / "raw.csv")
    log_text = log.read_text(encoding="utf-8", errors="replace")
    locked = log_text.count("database is locked")
    server_errors = sum(1 for line in log_text.splitlines() if "Internal Server Error" in line)
    load = sampler.samples or [os.getloadavg()[0]]
    total = {
        "requests": sum(f["requests"] for f in figures.values()),
        "failures": sum(f["failures"] for f in figures.values()),
        "writes": sum(figures[w]["requests"] for w in WRITES if w in figures),
    }
    summary = {
        "run": run_id,
        "started": started.isoformat(timespec="seconds"),
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "workers": args.workers,
        "users": args.users,
        "journal_mode": journal,
        "sqlite_defaults": args.sqlite_defaults,
        "think_time_s": [0.5, 1.5],
        "total": total,
        "server_errors_in_log": server_errors,
        "database_is_locked_in_log": locked,
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
    print(f"\nVendepunkt on SQLite, {args.users} staff ({out.relative_to(ROOT)})")
    print(f"{'operation':<44} {'req':>6} {'fail':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    for name, f in figures.items():
        print(
            f"{name:<44} {f['requests']:>6} {f['failures']:>5} {f['p50']:>7.0f} "
            f"{f['p95']:>7.0f} {f['p99']:>7.0f} {f['max']:>7.0f}"
        )
    la = summary["load_avg_1min"]
    print(
        f"all: {total['requests']} requests ({total['writes']} writes), {total['failures']} "
        f"failures; gunicorn log: {server_errors} server errors, {locked} 'database is locked'; "
        f"load average (1 min) before {la['before']}, during {la['min']}–{la['max']} (mean "
        f"{la['mean']}); times in ms, nearest-rank percentiles"
    )
    if total["failures"] or server_errors or locked:
        sys.exit(1)


if __name__ == "__main__":
    main()
