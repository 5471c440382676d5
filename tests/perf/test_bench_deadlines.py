"""Benchmark: the pure deadline engine (`compute_deadlines`) over 10,000 synthetic courses.

The courses are facts only (no database), made by a seeded generator spread over the four shipped
standards, with the tracks in the demo's proportions and varied dates, decisions, complaints,
plans, reviews, discharges, follow-ups, stays and waivers. Figures: docs/performance.md.
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import random
import time

import pytest

from vendepunkt.rules.deadlines import (
    Application,
    Complaint,
    Course,
    Decision,
    Discharge,
    FollowUpRecord,
    Grant,
    Stay,
    TreatmentPlan,
    Waiver,
    compute_deadlines,
)
from vendepunkt.rules.law import law_floor
from vendepunkt.rules.standards import registry
from vendepunkt.rules.standards.schema import GuaranteeException

TODAY = dt.date(2026, 11, 23)
SEED = 2026
COURSES = 10_000
STANDARDS = ("haderslev", "hjoerring", "herning", "odsherred")
TRACKS = (("SEL-101", 55), ("SUL-141", 35), ("SUL-142", 5), ("SEL-101a", 5))
DISCHARGES = (
    ("completed", 40),
    ("dropped_out", 25),
    ("to_other_offer", 12),
    ("other_reason", 15),
    ("to_hospital", 8),
)


def _pick(rng: random.Random, weighted) -> str:
    items, weights = zip(*weighted, strict=True)
    return rng.choices(items, weights=weights)[0]


class _Facts:
    """Seeded dates and chances for one synthetic course; nothing after TODAY is recorded."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def after(self, day: dt.date | None, lo: int, hi: int) -> dt.date | None:
        if day is None:
            return None
        later = day + dt.timedelta(days=self.rng.randint(lo, hi))
        return later if later <= TODAY else None


def synthetic_course(rng: random.Random, standard) -> Course:
    f = _Facts(rng)
    track = _pick(rng, TRACKS)
    request = TODAY - dt.timedelta(days=rng.randint(0, 420))
    services = [s for s in standard.services if track in s.legal_bases or not s.legal_bases]
    services = services or list(standard.services)

    applications, decisions, grants, complaints = [], [], [], []
    for i in range(rng.choice((0, 1, 1, 1, 2))):
        service = rng.choice(services).id
        applied = f.after(request, 0, 5) or request
        decided = f.after(applied, 1, 12) if f.chance(0.9) else None
        applications.append(Application(f"a{i}", service, applied, decided))
        if decided is None:
            continue
        sent = f.after(decided, 0, 3) if f.chance(0.9) else None
        decisions.append(Decision(f"d{i}", track, decided, sent, f.chance(0.95)))
        if f.chance(0.9):
            ends = decided + dt.timedelta(days=rng.randint(90, 365)) if f.chance(0.8) else None
            extended = f.after(decided, 60, 200) if ends and f.chance(0.15) else None
            grants.append(Grant(f"g{i}", service, decided, ends, extended))
        if sent and f.chance(0.06):
            received = f.after(sent, 1, 28)
            if received:
                reassessed = f.after(received, 3, 35) if f.chance(0.7) else None
                kept = f.chance(0.6) if reassessed else None
                forwarded = f.after(reassessed, 0, 10) if kept else None
                complaints.append(
                    Complaint(f"k{i}", f"d{i}", received, reassessed, kept, forwarded)
                )

    first_decision = next((a.decided_on for a in applications if a.decided_on), None)
    if applications:
        start = f.after(first_decision, 0, 12) if first_decision and f.chance(0.9) else None
    else:
        start = f.after(request, 3, 20) if f.chance(0.5) else None

    plans, reviews, changes, stays = [], [], [], []
    discharge, follow_ups = None, []
    if start:
        made = start if f.chance(0.9) else f.after(start, 1, 10)
        while made is not None and len(plans) < 3:
            period_end = made + dt.timedelta(days=90) if f.chance(0.6) else None
            plans.append(TreatmentPlan(made, period_end))
            made = f.after(made, 60, 150) if f.chance(0.3) else None
        review = f.after(start, 80, 95)
        while review is not None and len(reviews) < 3 and f.chance(0.7):
            reviews.append(review)
            review = f.after(review, 80, 95)
        if f.chance(0.1):
            changes = sorted({d for d in (f.after(start, 10, 200) for _ in range(2)) if d})
        if f.chance(0.06):
            stay_start = f.after(start, 0, 30) or start
            stay_end = (
                stay_start + dt.timedelta(days=rng.randint(30, 120)) if f.chance(0.8) else None
            )
            stays.append(
                Stay(
                    "s0",
                    stay_start,
                    stay_end,
                    stay_start if f.chance(0.7) else None,
                    f.after(stay_start, 15, 60) if f.chance(0.5) else None,
                    stay_end if stay_end and stay_end <= TODAY and f.chance(0.6) else None,
                )
            )
        discharged = f.after(start, 30, 300) if f.chance(0.6) else None
        if discharged:
            discharge = Discharge(discharged, _pick(rng, DISCHARGES))
            for lo, hi in ((25, 35), (170, 190)):
                held = f.after(discharged, lo, hi) if f.chance(0.6) else None
                if held and discharge.status != "dropped_out":
                    follow_ups.append(FollowUpRecord(held, reached=f.chance(0.7)))

    waivers = ()
    if f.chance(0.05):
        kind = rng.choice(list(GuaranteeException))
        waivers = (Waiver(kind, "Begrundet (syntetisk).", f.after(request, 0, 14) or request),)

    return Course(
        legal_basis=track,
        requested_on=request,
        personal_attendance_on=f.after(request, 0, 10) if f.chance(0.7) else None,
        open_counselling_on=f.after(request, 0, 10) if f.chance(0.3) else None,
        doctor_consultation_on=(
            f.after(request, 2, 20) if track == "SUL-142" or f.chance(0.25) else None
        ),
        treatment_started_on=start,
        plans=tuple(plans),
        reviews=tuple(reviews),
        service_changes=tuple(changes),
        discharge=discharge,
        follow_ups=tuple(follow_ups),
        applications=tuple(applications),
        decisions=tuple(decisions),
        complaints=tuple(complaints),
        stays=tuple(stays),
        grants=tuple(grants),
        waivers=waivers,
    )


@pytest.fixture(scope="module")
def workload():
    """10,000 (course, standard) pairs, the standards in turn; the same on every run."""
    shipped = registry.load_all()
    rng = random.Random(SEED)
    items = []
    for n in range(COURSES):
        standard = shipped[STANDARDS[n % len(STANDARDS)]].standard
        items.append((synthetic_course(rng, standard), standard))
    return items


def compute_all(items, floor) -> int:
    total = 0
    for course, standard in items:
        total += len(compute_deadlines(course, standard, floor, TODAY))
    return total


def test_bench_compute_deadlines_10000_courses(benchmark, workload, perf_results):
    floor = law_floor()
    # One pass outside the benchmark: what the workload covers, and the time per standard.
    kinds, statuses, per_standard = collections.Counter(), collections.Counter(), {}
    for name in STANDARDS:
        mine = [(c, s) for c, s in workload if s.id == name]
        started = time.perf_counter()
        for course, standard in mine:
            for d in compute_deadlines(course, standard, floor, TODAY):
                kinds[d.kind] += 1
                statuses[d.status] += 1
        per_standard[name] = round((time.perf_counter() - started) / len(mine) * 1e6, 1)
    assert len(kinds) >= 10, kinds  # the workload exercises (nearly) every rule
    assert {"open", "met", "breached"} <= set(statuses), statuses

    load_before = os.getloadavg()[0]
    total = benchmark.pedantic(
        compute_all, args=(workload, floor), rounds=10, iterations=1, warmup_rounds=1
    )
    assert total == sum(kinds.values())

    stats = benchmark.stats.stats
    figures = {
        "courses": len(workload),
        "deadlines": total,
        "deadlines_per_course": round(total / len(workload), 2),
        "total_mean_s": round(stats.mean, 3),
        "total_min_s": round(stats.min, 3),
        "total_max_s": round(stats.max, 3),
        "per_course_mean_us": round(stats.mean / len(workload) * 1e6, 1),
        "per_course_us_by_standard": per_standard,
        "kinds": dict(sorted(kinds.items())),
        "statuses": dict(sorted(statuses.items())),
        "load_avg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],  # 2 cores
    }
    benchmark.extra_info.update(figures)
    perf_results["compute_deadlines (10,000 courses)"] = figures
