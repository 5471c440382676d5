"""Retention in treatment, Kaplan–Meier (R44)."""

from __future__ import annotations

import pytest

from vendepunkt.rules import kpi

from .common import Y2025, D, course

# --- R44: Kaplan–Meier retention ------------------------------------------------------------


def test_R44_kaplan_meier_textbook_example():
    # 6 courses: ended at 3, 5, 5; censored at 4, 6, 8
    points = kpi.kaplan_meier([(3, True), (4, False), (5, True), (5, True), (6, False), (8, False)])
    # the last point marks the longest observed time (censored at 8 days)
    assert [(p.day, p.at_risk, p.events) for p in points] == [
        (0, 6, 0),
        (3, 6, 1),
        (5, 4, 2),
        (8, 1, 0),
    ]
    assert points[1].survival == pytest.approx(5 / 6)
    assert points[2].survival == pytest.approx(5 / 6 * 2 / 4)
    assert kpi.survival_at(points, 4) == pytest.approx(5 / 6)
    assert kpi.survival_at(points, 8) == pytest.approx(5 / 12)


def test_R44_survival_is_not_known_beyond_the_longest_observed_time():
    points = kpi.kaplan_meier([(3, True), (4, False), (5, True), (5, True), (6, False), (8, False)])
    assert kpi.survival_at(points, 9) is None
    assert kpi.survival_at(points, 100) is None
    # ending with an event: known up to that day, not after it
    ended = kpi.kaplan_meier([(10, True), (20, True)])
    assert kpi.survival_at(ended, 20) == 0.0 and kpi.survival_at(ended, 21) is None
    assert kpi.survival_at([], 1) is None


def test_R44_events_are_counted_before_the_censored_on_the_same_day():
    # day 5: one ends and one is censored; both are at risk when the event is counted
    points = kpi.kaplan_meier([(5, False), (5, True), (9, True)])
    assert [(p.day, p.at_risk, p.events) for p in points] == [(0, 3, 0), (5, 3, 1), (9, 1, 1)]
    assert points[1].survival == pytest.approx(2 / 3)
    # censored first would leave 2 at risk (1/2); the order of the input does not matter
    again = kpi.kaplan_meier([(5, True), (9, True), (5, False)])
    assert again == points


def test_R44_retention_censors_running_courses_at_the_horizon():
    data = [
        course(1, start_on=D(2025, 1, 1), discharged_on=D(2025, 1, 31)),  # 30 days, ended
        course(2, start_on=D(2025, 1, 1)),  # running: censored at as_of
        course(3, start_on=D(2025, 1, 1), discharged_on=D(2025, 12, 1)),  # ends after as_of
    ]
    curves = kpi.retention(data, Y2025, D(2025, 6, 30), group=lambda c: "all")
    pts = curves["all"]
    assert [(p.day, p.at_risk, p.events) for p in pts] == [(0, 3, 0), (30, 3, 1), (180, 2, 0)]
    assert pts[-1].survival == pytest.approx(2 / 3)
    assert kpi.survival_at(pts, 180) == pytest.approx(2 / 3)
    assert kpi.survival_at(pts, 365) is None  # no course followed that long by 2025-06-30
