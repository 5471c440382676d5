"""Flow per month, outcomes and the use of capacity (R44)."""

from __future__ import annotations

import pytest

from vendepunkt.rules import kpi
from vendepunkt.rules.kpi import Capacity, Period, ServiceSpan

from .common import Y2025, D, course, discharged


def test_R44_flow_counts_each_step_in_its_month():
    data = [
        course(
            1,
            request_on=D(2025, 1, 5),
            first_grant_on=D(2025, 1, 9),
            start_on=D(2025, 2, 1),
            discharged_on=D(2025, 3, 1),
        ),
        course(2, request_on=D(2025, 3, 5), first_grant_on=D(2025, 4, 1)),
        course(3, request_on=D(2025, 3, 5), track="SEL-101a", anonymous=True),  # excluded
    ]
    f = kpi.flow(data, Period(D(2025, 1, 1), D(2025, 3, 31)))
    assert f["requests"] == {(2025, 1): 1, (2025, 2): 0, (2025, 3): 1}
    assert f["decisions"] == {(2025, 1): 1, (2025, 2): 0, (2025, 3): 0}
    assert f["starts"][(2025, 2)] == 1 and f["discharges"][(2025, 3)] == 1


def test_R44_outcomes_at_discharge_and_follow_up():
    data = [
        discharged(
            1, D(2025, 2, 1), "completed", "abstinent", follow_ups_recorded=2, follow_ups_reached=1
        ),
        discharged(2, D(2025, 2, 1), "dropped_out", "unchanged"),
    ]
    o = kpi.outcomes(data, Y2025)
    assert o["n"] == 2
    assert o["status"] == {"completed": 1, "dropped_out": 1}
    assert o["outcome"] == {"abstinent": 1, "unchanged": 1}
    assert (o["follow_ups_recorded"], o["follow_ups_reached"]) == (2, 1)


def test_R44_capacity_use_courses_and_places():
    q1 = Period(D(2025, 1, 1), D(2025, 3, 31))  # 90 days
    data = [
        course(1, start_on=D(2024, 12, 1), services=(ServiceSpan("move", D(2024, 12, 1), None),)),
        course(
            2,
            start_on=D(2025, 2, 1),
            discharged_on=D(2025, 2, 10),
            services=(ServiceSpan("move", D(2025, 2, 1), None),),
        ),
        course(3, start_on=D(2025, 4, 1), services=(ServiceSpan("move", D(2025, 4, 1), None),)),
        course(
            4,
            start_on=D(2025, 1, 1),
            services=(ServiceSpan("halfway", D(2025, 1, 1), D(2025, 1, 45 - 14)),),
        ),
    ]
    caps = [
        Capacity("move", "MOVE", 73, "courses", service_ids=("move",)),
        Capacity("halfway", "Halvvejshus", 2, "places", service_ids=("halfway",)),
    ]
    use = {u.capacity.key: u for u in kpi.capacity_use(data, caps, q1)}
    assert use["move"].used == 2 and use["move"].available == pytest.approx(18.0)
    assert use["move"].value == pytest.approx(2 / 18)
    # 31 days in a 90-day period on 2 places
    assert use["halfway"].used == pytest.approx(round(31 / 90, 2))
    assert use["halfway"].value == pytest.approx(round(31 / 90, 2) / 2)


def test_R44_capacity_places_count_a_course_once_per_centre():
    q1 = Period(D(2025, 1, 1), D(2025, 3, 31))  # 90 days
    both = (
        ServiceSpan("dag", D(2025, 1, 1), D(2025, 1, 30)),
        ServiceSpan("aften", D(2025, 1, 11), D(2025, 2, 9)),  # overlaps 20 days
    )
    data = [course(1, start_on=D(2025, 1, 1), services=both)]
    cap = Capacity("centre", "Centret", 1, "places", service_ids=("dag", "aften"))
    (use,) = kpi.capacity_use(data, [cap], q1)
    # 1 Jan – 9 Feb is 40 days in the centre, not 30 + 30
    assert use.used == pytest.approx(round(40 / 90, 2)) and use.n == 1
