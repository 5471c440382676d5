"""Benchmark: server time of the staff pages a large municipality uses all day, on PostgreSQL
with 5,000+ open courses (issue "The staff web application": p95 <= 150 ms): the worklist, the
citizen page of the citizen with the longest history, and the visitation agenda.

Each round is one whole request through Django's test client: middleware (session, two-factor
check, CSP, no-store), the view, its permission checks and read-log writes, and the template.
The network and the browser are not part of it. The test's transaction is rolled back
afterwards. Figures: docs/performance.md.
"""

from __future__ import annotations

import os
import statistics

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from tests.perf.conftest import BIG, SMALL
from tests.perf.test_bench_worklist import _ms, _percentile
from tests.web.conftest import signed_in
from vendepunkt.accounts.models import User
from vendepunkt.citizens.models import Client

pytestmark = pytest.mark.django_db

ROUNDS = 60
TARGET_P95_MS = 150.0


def _user(code: str, role: str) -> User:
    return User.objects.select_related("municipality").get(username=f"{role}.{code}")


def _busiest_citizen(code: str) -> Client:
    """The identified citizen with the most deadlines: the longest timeline."""
    return (
        Client.objects.filter(municipality__code=code, anonymous=False)
        .annotate(n=Count("contact_courses__deadlines"))
        .order_by("-n", "pk")
        .first()
    )


def _pages(code: str) -> dict[str, tuple[str, str]]:
    citizen = _busiest_citizen(code)
    return {
        "worklist (caseworker, all)": ("visitation_caseworker", "/arbejdsliste/?scope=all"),
        "worklist (treater, team)": ("treater", "/arbejdsliste/?scope=team"),
        "citizen page (longest history)": ("visitation_caseworker", f"/borgere/{citizen.pk}/"),
        "visitation agenda": ("visitation_caseworker", "/visitation/"),
    }


PAGES = [
    "worklist (caseworker, all)",
    "worklist (treater, team)",
    "citizen page (longest history)",
    "visitation agenda",
]


@pytest.mark.parametrize("page", PAGES)
def test_bench_page(benchmark, bench_data, perf_results, page):
    role, path = _pages(BIG[0])[page]
    client = signed_in(_user(BIG[0], role))
    first = client.get(path)
    assert first.status_code == 200, first.status_code
    load_before = os.getloadavg()[0]
    response = benchmark.pedantic(client.get, args=(path,), rounds=ROUNDS, warmup_rounds=3)
    assert response.status_code == 200
    data = list(benchmark.stats.stats.data)
    figures = {
        "rounds": len(data),
        "mean_ms": _ms(statistics.fmean(data)),
        "p50_ms": _ms(_percentile(data, 50)),
        "p95_ms": _ms(_percentile(data, 95)),
        "max_ms": _ms(max(data)),
        "target_p95_ms": TARGET_P95_MS,
        "target_met": _percentile(data, 95) * 1000 <= TARGET_P95_MS,
        "bytes": len(response.content),
        "open_courses": bench_data["big"]["open_courses"],
        "load_avg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    benchmark.extra_info.update(figures)
    perf_results[f"page {page} ({BIG[0]})"] = figures


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_does_not_grow_with_courses(bench_data, perf_results, page):
    """The same page for the small and the big municipality: the same number of queries."""
    counts = {}
    for code in (SMALL[0], BIG[0]):
        role, path = _pages(code)[page]
        client = signed_in(_user(code, role))
        client.get(path)  # warm
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        counts[code] = len(captured.captured_queries)
    perf_results[f"queries page {page}"] = counts
    assert counts[BIG[0]] <= counts[SMALL[0]], counts
