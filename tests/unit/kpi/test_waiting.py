"""Waiting time from request to start (R44)."""

from __future__ import annotations

import datetime as dt

import pytest

from vendepunkt.rules import kpi

from .common import Y2025, D, course

# --- R44: waiting time, flow, outcomes ------------------------------------------------------


def test_R44_waiting_time_median_mean_p90_and_distribution():
    data = [
        course(i, request_on=D(2025, 1, 1), start_on=D(2025, 1, 1) + dt.timedelta(days=w))
        for i, w in enumerate((0, 3, 7, 8, 14, 15, 30, 31, 61, 100), start=1)
    ] + [course(99, request_on=D(2024, 1, 1), start_on=D(2024, 2, 1))]  # started in 2024
    w = kpi.waiting_days(data, Y2025)
    assert w.n == 10
    assert w.median == 14.5
    assert w.mean == pytest.approx(26.9)
    assert w.p90 == 61
    assert dict(w.buckets) == {"0–7": 3, "8–14": 2, "15–30": 2, "31–60": 1, "61+": 2}


def test_R44_waiting_time_of_no_starts():
    w = kpi.waiting_days([], Y2025)
    assert (w.n, w.median, w.mean) == (0, None, None)
