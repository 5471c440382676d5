"""The goal-attainment annex: targets measured and judged (R43)."""

from __future__ import annotations

import pytest

from vendepunkt.rules import kpi
from vendepunkt.rules.kpi import Filters, Period, TargetSpec

from .common import AS_OF, Y2025, D, course, discharged

# --- R43: the annex ---------------------------------------------------------------------------


def test_R43_judge_every_direction():
    s = kpi.Share(2, 5)  # 40 %
    spec = lambda d, t: TargetSpec("x", "completed_as_planned", "", t, d)  # noqa: E731
    assert kpi.judge(spec("at_least", 0.4), s)[0] is True
    assert kpi.judge(spec("above", 0.4), s)[0] is False
    assert kpi.judge(spec("at_most", 0.3), s)[0] is False
    assert kpi.judge(spec("all", None), s)[0] is False
    assert kpi.judge(spec("all", None), kpi.Share(3, 3))[0] is True
    assert kpi.judge(spec("decrease", None), s, kpi.Share(1, 2))[0] is True
    assert kpi.judge(spec("decrease", None), s, kpi.Share(1, 5))[0] is False
    assert kpi.judge(spec("decrease", None), s, kpi.Share(0, 0))[0] is None
    assert kpi.judge(spec("at_least", None), s)[0] is None
    assert kpi.judge(spec("at_least", 0.4), kpi.Share(0, 0))[0] is None


def test_R43_annex_haderslev_like_targets():
    specs = [
        TargetSpec("stof", "completed_as_planned", "", 0.40, "at_least", substances=("drugs",)),
        TargetSpec("alk", "completed_as_planned", "", 0.50, "at_least", substances=("alcohol",)),
        TargetSpec("move", "offered_move_under_30", "", 1.0, "all", age_max=29),
    ]
    data = [
        discharged(1, D(2025, 3, 1), "completed"),
        discharged(2, D(2025, 3, 1), "dropped_out"),
        discharged(3, D(2025, 3, 1), "completed", substance="alcohol"),
        discharged(4, D(2025, 3, 1), "dropped_out", substance="alcohol"),
        discharged(5, D(2025, 3, 1), "dropped_out", substance="alcohol"),
        course(6, age=24, request_on=D(2025, 5, 1), offered_services=("move",)),
        course(7, age=27, request_on=D(2025, 5, 1)),
    ]
    results = {r.spec.id: r for r in kpi.annex(specs, data, Y2025, AS_OF, ["move"])}
    assert (results["stof"].share.value, results["stof"].met) == (0.5, True)
    assert results["alk"].share.value == pytest.approx(1 / 3) and results["alk"].met is False
    assert (results["move"].share.numerator, results["move"].share.denominator) == (1, 2)
    assert results["move"].met is False


def test_R43_annex_decrease_compares_with_the_year_before():
    spec = TargetSpec("ret", "return_within_12_months", "", None, "decrease")
    data = [
        discharged(1, D(2024, 3, 1), client=1),
        course(2, client=1, start_on=D(2024, 9, 1)),
        discharged(3, D(2024, 3, 1), client=3),
        discharged(4, D(2025, 3, 1), client=4),
        discharged(5, D(2025, 3, 1), client=5),
        discharged(6, D(2025, 3, 1), client=6),
    ]
    (result,) = kpi.annex([spec], data, Y2025, D(2026, 6, 1))
    assert result.previous.value == 0.5 and result.share.value == 0.0
    assert result.met is True


def test_R43_filters_and_period_checks():
    f = Filters(substance="alcohol", track="SUL-141")
    assert f.keep(course(1, substance="alcohol", track="SUL-141"))
    assert not f.keep(course(2, substance="drugs", track="SUL-141"))
    with pytest.raises(ValueError):
        Period(D(2025, 2, 1), D(2025, 1, 1))
    assert kpi.shift_year(Period(D(2024, 2, 29), D(2024, 12, 31))).start == D(2023, 2, 28)
