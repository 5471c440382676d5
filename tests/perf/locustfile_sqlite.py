"""Issue 10 § 5: a centre of 20 staff on the embedded default (SQLite), reading and writing.

Run it through `tests/perf/run_sqlite_load.py` (`make bench-sqlite`; docs/performance.md § 6).
The runner builds a SQLite demo database as `make run` does, starts gunicorn with 2 workers,
creates a personal API token for each simulated user and writes a plan (JSON) that this file
reads from `VENDEPUNKT_LOCUST_PLAN`:

    {"users": [{"username": "treater.herning", "token": "vp_…", "scope": "team",
                "ops": {"worklist": 3, "citizen": 2, …},
                "clients": [ids the user may see], "contact_clients": [ids],
                "treatments": [open treatment courses the user may book in]}, …]}

Each simulated user takes the next slot of the plan and, with a think time of 0.5–1.5 s
(uniform), picks one operation by the slot's weights:
- reads: `GET /api/worklist?scope=…`, `GET /api/clients/{id}` (the citizen), `GET
  /api/clients/{id}/timeline`, `GET /api/clients/{id}/insight` (the export for a request of
  insight; centre leaders); each also writes the read log;
- writes: `POST /api/treatments/{id}/appointments` (a planned appointment 1–60 days ahead) and
  `POST /api/clients/{id}/contacts` (a telephone contact now; the contact-course rule attaches
  it to the citizen's open course or opens one, and the course's deadlines are refreshed).
Anything but 200 (reads) or 201 (writes) is a failure, 429 and 500 included.

With `VENDEPUNKT_LOCUST_RAW` set, every response time (ms, exact) is appended to that CSV file.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import os
import random
import threading

from locust import HttpUser, between, events, task

PLAN_ENV = "VENDEPUNKT_LOCUST_PLAN"
RAW_ENV = "VENDEPUNKT_LOCUST_RAW"
NAMES = {
    "worklist": "GET /api/worklist",
    "citizen": "GET /api/clients/{id}",
    "timeline": "GET /api/clients/{id}/timeline",
    "insight": "GET /api/clients/{id}/insight",
    "appointment": "POST /api/treatments/{id}/appointments",
    "contact": "POST /api/clients/{id}/contacts",
}


def _load_plan() -> dict:
    path = os.environ.get(PLAN_ENV)
    if not path or not os.path.exists(path):
        raise SystemExit(
            f"{PLAN_ENV} mangler / is missing: kør / run `make bench-sqlite` "
            "(tests/perf/run_sqlite_load.py), which creates the tokens and the plan."
        )
    with open(path, encoding="utf-8") as f:
        return json.load(f)


PLAN = _load_plan()
_slots = itertools.count()
_raw_lock = threading.Lock()
_raw = {"file": None, "writer": None}


@events.test_start.add_listener
def _open_raw(environment, **kwargs):
    path = os.environ.get(RAW_ENV)
    if path:
        _raw["file"] = open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115
        _raw["writer"] = csv.writer(_raw["file"])
        _raw["writer"].writerow(["operation", "scope", "username", "status", "ok", "ms"])


@events.test_stop.add_listener
def _close_raw(environment, **kwargs):
    if _raw["file"] is not None:
        _raw["file"].close()


@events.request.add_listener
def _record(request_type, name, response_time, response, context, exception, **kwargs):
    if _raw["writer"] is None:
        return
    status = getattr(response, "status_code", 0) if response is not None else 0
    with _raw_lock:
        _raw["writer"].writerow(
            [name, "", context.get("username", ""), status, int(exception is None), response_time]
        )


class CentreStaff(HttpUser):
    """One of the centre's 20 staff members, with their own token and their role's work."""

    wait_time = between(0.5, 1.5)

    def on_start(self):
        slot = next(_slots)
        me = PLAN["users"][slot % len(PLAN["users"])]
        self.me = me
        self.client.headers["Authorization"] = f"Bearer {me['token']}"
        self.client.headers["Accept"] = "application/json"
        self.rng = random.Random(f"{slot}-{me['username']}")
        self.ops = list(me["ops"])
        self.weights = [me["ops"][op] for op in self.ops]

    def _call(self, method: str, op: str, path: str, **kwargs):
        expected = 201 if method == "POST" else 200
        context = {"username": self.me["username"]}
        with self.client.request(
            method, path, name=NAMES[op], context=context, catch_response=True, **kwargs
        ) as response:
            if response.status_code != expected:
                response.failure(f"HTTP {response.status_code}: {response.text[:300]}")
            else:
                response.success()

    @task
    def work(self):
        op = self.rng.choices(self.ops, self.weights)[0]
        me, rng = self.me, self.rng
        if op == "worklist":
            self._call("GET", op, "/api/worklist", params={"scope": me["scope"]})
        elif op in ("citizen", "timeline", "insight"):
            client_id = rng.choice(me["clients"])
            suffix = {"citizen": "", "timeline": "/timeline", "insight": "/insight"}[op]
            self._call("GET", op, f"/api/clients/{client_id}{suffix}")
        elif op == "appointment":
            at = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(
                days=rng.randint(1, 60), hours=rng.randint(0, 8)
            )
            self._call(
                "POST",
                op,
                f"/api/treatments/{rng.choice(me['treatments'])}/appointments",
                json={"at": at.isoformat(), "kind": "individual"},
            )
        elif op == "contact":
            now = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=1)
            self._call(
                "POST",
                op,
                f"/api/clients/{rng.choice(me['contact_clients'])}/contacts",
                json={
                    "at": now.isoformat(),
                    "channel": "phone",
                    "made_by": "self",
                    "legal_track": "SEL-101",
                    "substances": ["cannabis"],
                    "main_substance": "cannabis",
                    "note": "Belastningstest / load test",
                },
            )
