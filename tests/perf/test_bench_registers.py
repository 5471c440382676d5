"""Benchmark (issue 6 § 6): a register extract of 100,000 courses, streamed, with memory that
does not grow with the number of courses. Figures: docs/performance.md.

What is measured: `run_extract` — the same function the service `create_extract` runs — over a
stream of 10,000 and 100,000 synthetic `CourseFacts` (SMDB, one month), doing everything it does
for a real extract: selecting the courses for the register (about 8 % are SEL § 101 a, anonymous
or alcohol courses and are left out), mapping each through the adapter and the code lists,
validating it, writing the CSV to a file on disk, hashing it, computing the keyed per-field
digests, handing them to a sink (where the service bulk-inserts `SubmittedRow`s) and diffing
against a previous submission streamed the same way (every tenth course changed). What is not
measured: reading the facts from the database and the inserts (see docs/performance.md for why
and for the chunked queries that keep that part flat too). Building 100,000 real courses through
the services takes hours (the demo generator makes about 20 courses a second).

Memory: the peak of Python allocations (tracemalloc) during the run, minus what was allocated
before it. Time: pytest-benchmark, without tracemalloc (it slows allocation-heavy code).
"""

from __future__ import annotations

import datetime as dt
import random
import time
import tracemalloc

import pytest

from vendepunkt.rules.registers import (
    CourseFacts,
    Period,
    digests,
    include,
    load_codes,
    run_extract,
    to_row,
)

PERIOD = Period.parse("2026-10")
TODAY = dt.date(2026, 11, 10)
KEY = b"benchmark digest key"
SIZES = (10_000, 100_000)
TRACKS = (("SEL-101", 80), ("SUL-142", 8), ("SEL-101a", 4), ("SUL-141", 8))
SUBSTANCES = ("cannabis", "drugs", "opioids", "cannabis", "alcohol")


def synthetic_facts(n: int, seed: int = 2026, changed_every: int = 0):
    """`n` courses with events in October 2026, in course order; lazily, one at a time."""
    rng = random.Random(seed)  # synthetic data, reproducible by seed
    tracks, weights = zip(*TRACKS, strict=True)
    for i in range(1, n + 1):
        # Every value is drawn for every course, so the stream with `changed_every` differs from
        # the plain one only where it is meant to.
        track = rng.choices(tracks, weights=weights)[0]
        anonymous = track == "SEL-101a" or rng.random() < 0.02
        request = PERIOD.first + dt.timedelta(days=rng.randint(0, 30))
        wait, length = rng.randint(0, 20), rng.randint(0, 10)
        started, ended = rng.random() < 0.8, rng.random() < 0.3
        status = rng.choice(("completed", "dropped_out", "other_reason"))
        outcome = rng.choice(("abstinent", "reduced", "unchanged"))
        start = request + dt.timedelta(days=wait) if started else None
        end = start + dt.timedelta(days=length) if start and ended else None
        if changed_every and i % changed_every == 0:
            end = None  # the previous submission did not have the end yet
        main, other = rng.choice(SUBSTANCES), rng.choice(SUBSTANCES)
        day, month, serial = rng.randint(1, 28), rng.randint(1, 9), i % 10000
        birth_year, sex = rng.randint(1950, 2005), rng.choice(("female", "male"))
        children, setting = rng.choice((0, 0, 1, 2)), rng.choice(("ambulant", "day"))
        waived = rng.random() < 0.05
        yield CourseFacts(
            course_id=i,
            client_id=i,
            municipality="herning",
            legal_track=track,
            anonymous=anonymous,
            cpr=None if anonymous else f"{day:02d}0{month}9{serial:05d}",  # synthetic
            birth_year=birth_year,
            sex=sex,
            request_on=request,
            start_on=start,
            end_on=end,
            discharge_status=status if end else "",
            outcome=outcome if end else "",
            main_substance=main,
            substances=(main, other),
            children_under_18=children,
            setting=setting,
            guarantee_due=request + dt.timedelta(days=14),
            waiver_kinds=("free_choice",) if waived else (),
        )


def previous_submission(n: int):
    """The digests of an earlier extract of the same month, streamed in key order."""
    codes = load_codes()
    register = codes.registers["smdb"]
    for f in synthetic_facts(n, changed_every=10):
        if include(register, f, PERIOD):
            row = to_row(register, f, PERIOD, codes)
            yield row.key, digests(row, KEY)


def extract(n: int, path) -> object:
    sink_count = 0

    def sink(key, digest, facts):
        nonlocal sink_count
        sink_count += 1

    with open(path, "wb") as out:
        result = run_extract(
            "smdb",
            synthetic_facts(n),
            PERIOD,
            today=TODAY,
            digest_key=KEY,
            out=out,
            previous=previous_submission(n),
            on_row=sink,
        )
    assert sink_count == result.rows
    return result


def peak_memory(n: int, path) -> tuple[int, object]:
    tracemalloc.start()
    tracemalloc.reset_peak()
    base, _ = tracemalloc.get_traced_memory()
    result = extract(n, path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak - base, result


def test_memory_does_not_grow_with_the_number_of_courses(tmp_path, perf_results):
    # Warm up with 2,000 courses: the code file, the modules and every lazily built structure
    # (the kept findings reach their cap of 500) are in memory before anything is measured.
    extract(2_000, tmp_path / "warm-up.csv")
    figures = {}
    for n in SIZES:
        started = time.perf_counter()
        peak, result = peak_memory(n, tmp_path / f"smdb-{n}.csv")
        figures[n] = {
            "courses": n,
            "rows": result.rows,
            "left_out": result.skipped,
            "file_bytes": result.bytes,
            "peak_kib": round(peak / 1024),
            "seconds_with_tracemalloc": round(time.perf_counter() - started, 2),
            "warnings": result.findings.by_severity["warning"],
            "diff": {
                k: getattr(result.diff, k) for k in ("added", "removed", "changed", "unchanged")
            },
        }
        assert result.ok
        assert result.diff.changed > 0 and result.diff.added == 0
    small, big = figures[SIZES[0]], figures[SIZES[1]]
    perf_results["registers: tracemalloc peak, 10k vs 100k courses"] = figures
    # Ten times the courses: the peak may not grow with them (allow 25 % for allocator noise).
    assert big["peak_kib"] <= small["peak_kib"] * 1.25 + 64, figures


@pytest.mark.parametrize("n", SIZES)
def test_extract_time(benchmark, tmp_path, perf_results, n):
    rounds = 3 if n <= 10_000 else 1
    result = benchmark.pedantic(
        extract, args=(n, tmp_path / "smdb.csv"), rounds=rounds, iterations=1
    )
    stats = benchmark.stats.stats
    perf_results[f"registers: extract of {n:,} courses"] = {
        "rows": result.rows,
        "mean_s": round(stats.mean, 2),
        "min_s": round(stats.min, 2),
        "rows_per_s": round(result.rows / stats.mean),
    }
