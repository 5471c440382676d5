"""A one-off measurement, not a test (docs/performance.md § 3): `create_extract` — the whole
service, from the database to the file — on courses inserted in bulk into a scratch PostgreSQL
database, at two sizes. Run by hand:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/SCRATCH .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/SCRATCH .venv/bin/python \\
        -m tests.perf.registers_db_measure 10000 100000

(with SECRET_KEY, VENDEPUNKT_ENCRYPTION_KEY, ALLOWED_HOSTS set as for the tests). Every size gets
a municipality of its own (Herning's standard); nothing is removed afterwards: drop the database.

The courses are inserted with `bulk_create`, not through the services (which would take hours):
a client with an encrypted synthetic CPR number, a contact course and a contact requested in
October 2026, for 80 % a treatment course, for 30 % of those a discharge, and the stored
guarantee deadline. The extract then runs exactly as in production: chunked queries, the
adapter, validation, the CSV on disk, `SubmittedRow` and `ReadLogEntry` inserts, one transaction.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
import tracemalloc

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vendepunkt.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402

from vendepunkt.accounts.models import Centre, Municipality, Role, Team, User  # noqa: E402
from vendepunkt.citizens import crypto  # noqa: E402
from vendepunkt.citizens.models import Client  # noqa: E402
from vendepunkt.courses.models import (  # noqa: E402
    Contact,
    ContactCourse,
    CourseDeadline,
    Discharge,
    TreatmentCourse,
)
from vendepunkt.registers import services  # noqa: E402
from vendepunkt.rules.cpr import synthetic_cpr  # noqa: E402

PERIOD = "2026-10"
FIRST = dt.date(2026, 10, 1)
TODAY = dt.date(2026, 11, 20)
BATCH = 5_000


def build(n: int) -> User:
    rng = random.Random(n)
    tag = f"bench-{n}-{int(time.time())}"
    municipality = Municipality.objects.create(code=tag, name=tag, standard_id="herning")
    centre = Centre.objects.create(municipality=municipality, name="Rusmiddelcenter")
    team = Team.objects.create(centre=centre, name="Team A")
    leader = User.objects.create_user(
        username=f"leader-{tag}", municipality=municipality, role=Role.CENTRE_LEADER
    )
    for start in range(0, n, BATCH):
        size = min(BATCH, n - start)
        with transaction.atomic():
            clients = []
            for i in range(size):
                cpr = synthetic_cpr(rng, dt.date(1960 + rng.randint(0, 40), 3, 4), "male")
                clients.append(
                    Client(
                        municipality=municipality,
                        cpr_encrypted=crypto.encrypt(cpr),
                        cpr_hash=crypto.lookup_hash(f"{cpr}-{start + i}"),  # unique per row
                        name="Fiktiv Benchmark",
                        birth_date=dt.date(1980, 3, 4),
                        children_under_18=rng.choice((0, 0, 1)),
                    )
                )
            clients = Client.objects.bulk_create(clients)
            courses = []
            for client in clients:
                request = FIRST + dt.timedelta(days=rng.randint(0, 30))
                courses.append(
                    ContactCourse(
                        municipality=municipality,
                        client=client,
                        legal_track=rng.choice(("SEL-101", "SEL-101", "SEL-101", "SUL-142")),
                        opened_on=request,
                        request_on=request,
                        last_contact_on=request,
                        team=team,
                    )
                )
            courses = ContactCourse.objects.bulk_create(courses)
            Contact.objects.bulk_create(
                Contact(
                    municipality=municipality,
                    contact_course=c,
                    at=dt.datetime.combine(c.request_on, dt.time(10), tzinfo=dt.UTC),
                    channel="phone",
                    made_by="self",
                    substances=["cannabis"],
                    main_substance="cannabis",
                    wish_for_treatment=True,
                    legal_track=c.legal_track,
                    recorded_by=leader,
                )
                for c in courses
            )
            CourseDeadline.objects.bulk_create(
                CourseDeadline(
                    municipality=municipality,
                    contact_course=c,
                    team=team,
                    kind="treatment_guarantee",
                    subject="treatment_guarantee",
                    trigger=c.request_on,
                    due=c.request_on + dt.timedelta(days=14),
                    status="open",
                    reason_da="benchmark",
                    reason_en="benchmark",
                )
                for c in courses
            )
            treatments = []
            for c in courses:
                if rng.random() < 0.8:
                    start_on = c.request_on + dt.timedelta(days=rng.randint(0, 12))
                    treatments.append(
                        TreatmentCourse(
                            municipality=municipality,
                            contact_course=c,
                            team=team,
                            start_on=start_on,
                            primary_treater=leader,
                        )
                    )
            treatments = TreatmentCourse.objects.bulk_create(treatments)
            discharges = []
            for t in treatments:
                if rng.random() < 0.3:
                    t.discharged_on = t.start_on + dt.timedelta(days=rng.randint(0, 10))
                    discharges.append(
                        Discharge(
                            municipality=municipality,
                            treatment=t,
                            on=t.discharged_on,
                            status="completed",
                            outcome=rng.choice(("abstinent", "reduced")),
                            by=leader,
                        )
                    )
            TreatmentCourse.objects.bulk_update(
                [d.treatment for d in discharges], ["discharged_on"]
            )
            Discharge.objects.bulk_create(discharges)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return leader


def measure(n: int) -> dict:
    leader = build(n)
    path = f"/tmp/registers-db-measure-{n}.csv"
    # time without tracemalloc, then memory with it (a second submission: the diff runs too)
    started = time.perf_counter()
    with open(path, "wb") as out:
        submission, result = services.create_extract(leader, "smdb", PERIOD, out, today=TODAY)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    started = time.perf_counter()
    with open(path, "wb") as out:
        again, result2 = services.create_extract(leader, "smdb", PERIOD, out, today=TODAY)
    traced_seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "courses": n,
        "rows": result.rows,
        "seconds": round(seconds, 1),
        "rows_per_s": round(result.rows / seconds),
        "second_extract_peak_kib": round((peak - base) / 1024),
        "second_extract_seconds_with_tracemalloc": round(traced_seconds, 1),
        "diff_unchanged": result2.diff.unchanged,
        "same_hash": submission.sha256 == again.sha256,
    }


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [10_000]:
        print(measure(size), flush=True)
