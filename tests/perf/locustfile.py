"""Issue 5 § 4: the worklist and a citizen's timeline over the API under 16 concurrent clients.

Run it through `tests/perf/run_api_load.py` (`make bench-api`; docs/performance.md § 4). The
runner starts gunicorn against `test_bench`, creates one personal API token per simulated user
(`vendepunkt.api.tokens.create_token`, as `manage.py api_token create` does) and writes a plan
(JSON) that this file reads from `VENDEPUNKT_LOCUST_PLAN`:

    {"users": [{"username": "treater.herning", "scope": "team", "token": "vp_…",
                "clients": [ids of citizens with an open course this user may see, …]}, …],
     "clients": [all those ids]}

Each simulated user takes the next slot of the plan (its own token, so the per-token rate limit
applies per user as in real use) and then, with a think time of 0.5–1.5 s (uniform) between
requests, repeats two tasks:
- `GET /api/worklist?scope=…` (operation `get_worklist`), weight 1: the user's usual worklist;
- `GET /api/clients/{client_id}/timeline` (operation `timeline`), weight 2: a citizen with an
  open course that this user may see (a treater: their teams' citizens), picked at random
  (seeded per slot).
Both use the API's default page (`page=1&page_size=50`). Anything but 200 with a non-empty page
of items is a failure; 429 (rate limited) is reported as such, because it would mean the run
measured the limiter.

With `VENDEPUNKT_LOCUST_RAW` set, every response time (ms, exact, not locust's rounded
histogram) is appended to that CSV file with the operation and the worklist's scope.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import threading

from locust import HttpUser, between, events, task

PLAN_ENV = "VENDEPUNKT_LOCUST_PLAN"
RAW_ENV = "VENDEPUNKT_LOCUST_RAW"
WORKLIST = "GET /api/worklist"
TIMELINE = "GET /api/clients/{client_id}/timeline"


def _load_plan() -> dict:
    path = os.environ.get(PLAN_ENV)
    if not path or not os.path.exists(path):
        raise SystemExit(
            f"{PLAN_ENV} mangler / is missing: kør / run `make bench-api` "
            "(tests/perf/run_api_load.py), which creates the tokens and the plan."
        )
    with open(path, encoding="utf-8") as f:
        plan = json.load(f)
    if not plan.get("users") or not plan.get("clients"):
        raise SystemExit(f"{path}: planen har ingen brugere eller borgere / no users or clients")
    return plan


PLAN = _load_plan()
_slots = itertools.count()
_raw_lock = threading.Lock()
_raw_file = None
_raw_writer = None


@events.test_start.add_listener
def _open_raw(environment, **kwargs):
    global _raw_file, _raw_writer
    path = os.environ.get(RAW_ENV)
    if path:
        _raw_file = open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115
        _raw_writer = csv.writer(_raw_file)
        _raw_writer.writerow(["operation", "scope", "username", "status", "ok", "ms"])


@events.test_stop.add_listener
def _close_raw(environment, **kwargs):
    if _raw_file is not None:
        _raw_file.close()


@events.request.add_listener
def _record(request_type, name, response_time, response, context, exception, **kwargs):
    if _raw_writer is None:
        return
    status = getattr(response, "status_code", 0) if response is not None else 0
    with _raw_lock:
        _raw_writer.writerow(
            [
                name,
                context.get("scope", ""),
                context.get("username", ""),
                status,
                int(exception is None),
                response_time,
            ]
        )


class StaffUser(HttpUser):
    """A Herning staff member with their own token, reading the worklist and citizens."""

    wait_time = between(0.5, 1.5)

    def on_start(self):
        slot = next(_slots)
        me = PLAN["users"][slot % len(PLAN["users"])]
        self.username = me["username"]
        self.scope = me["scope"]
        self.client.headers["Authorization"] = f"Bearer {me['token']}"
        self.client.headers["Accept"] = "application/json"
        self.rng = random.Random(f"{slot}-{self.username}")
        self.clients = me.get("clients") or PLAN["clients"]

    def _get(self, path: str, name: str, params: dict | None = None):
        context = {"username": self.username, "scope": params.get("scope", "") if params else ""}
        with self.client.get(
            path, params=params, name=name, context=context, catch_response=True
        ) as response:
            if response.status_code == 429:
                response.failure("429 rate limited: VENDEPUNKT_API_RATE_LIMIT is too low")
            elif response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
            else:
                try:
                    page = response.json()
                except ValueError:
                    page = {}
                if not page.get("items"):
                    response.failure(f"200 without items: {response.text[:200]}")
                else:
                    response.success()

    @task(1)
    def worklist(self):
        self._get("/api/worklist", WORKLIST, {"scope": self.scope})

    @task(2)
    def timeline(self):
        client_id = self.rng.choice(self.clients)
        self._get(f"/api/clients/{client_id}/timeline", TIMELINE)
