"""Benchmark (issue 13, "done when"): the journal of a citizen with 500 notes renders with a number
of queries independent of the number of notes, and its server time p95 is under 150 ms on
PostgreSQL. One whole request through Django's test client (middleware, view, permission checks,
read-log writes, template), as `test_bench_pages`. The citizen and their notes are made by the
test in its own transaction (rolled back afterwards), so this benchmark does not need the
national data set of `bench_data`. Figures: docs/performance.md.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.db.factories import Town, cpr_for
from tests.perf.test_bench_worklist import _ms, _percentile
from tests.web.conftest import signed_in
from vendepunkt.citizens import services as citizens
from vendepunkt.journal.models import JournalNote

pytestmark = pytest.mark.django_db

ROUNDS = 60
TARGET_P95_MS = 150.0
TEXT = (
    "Samtale om ugen der gik. Borgeren fortæller om søvn, arbejde og trang; vi aftaler at "
    "følge op næste gang. (Syntetisk testnote.)\n"
) * 4


def _citizen_with_notes(town: Town, n: int, seed: int):
    client = citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(dt.date(1984, 4, 4), seed=seed),
        name=f"Fiktiv Journal {seed}",
        today=timezone.localdate(),
    )
    start = timezone.now() - dt.timedelta(days=n)
    JournalNote.objects.bulk_create(
        [
            JournalNote(
                municipality=town.municipality,
                client=client,
                kind="conversation",
                text=TEXT,
                event_at=start + dt.timedelta(days=i),
                author=town.treater,
                signed_at=start + dt.timedelta(days=i, hours=1),
            )
            for i in range(n)
        ]
    )
    return client


def test_bench_journal_of_500_notes(benchmark, perf_results):
    town = Town("herning")
    client = _citizen_with_notes(town, 500, seed=1)
    browser = signed_in(town.treater)
    path = f"/borgere/{client.pk}/journal/"
    assert browser.get(path).status_code == 200
    load_before = os.getloadavg()[0]
    response = benchmark.pedantic(browser.get, args=(path,), rounds=ROUNDS, warmup_rounds=3)
    assert response.status_code == 200
    data = list(benchmark.stats.stats.data)
    figures = {
        "rounds": len(data),
        "notes": 500,
        "mean_ms": _ms(statistics.fmean(data)),
        "p50_ms": _ms(_percentile(data, 50)),
        "p95_ms": _ms(_percentile(data, 95)),
        "max_ms": _ms(max(data)),
        "target_p95_ms": TARGET_P95_MS,
        "target_met": _percentile(data, 95) * 1000 <= TARGET_P95_MS,
        "bytes": len(response.content),
        "load_avg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    benchmark.extra_info.update(figures)
    perf_results["page journal (500 notes)"] = figures


def test_journal_query_count_does_not_grow_with_notes(perf_results):
    town = Town("herning")
    counts = {}
    for n, seed in ((30, 2), (500, 3)):
        client = _citizen_with_notes(town, n, seed=seed)
        browser = signed_in(town.treater)
        path = f"/borgere/{client.pk}/journal/"
        browser.get(path)  # warm
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(path).status_code == 200
        counts[n] = len(captured.captured_queries)
    perf_results["queries page journal"] = counts
    assert counts[500] <= counts[30], counts
