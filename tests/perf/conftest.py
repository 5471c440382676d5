"""Benchmarks (`make bench`; not part of `make test`). Figures: docs/performance.md.

The worklist benchmarks run on PostgreSQL in their own test database, `test_bench`, filled once
by the demo generator (`vendepunkt.courses.demo.generate`) and kept between runs with pytest's
`--reuse-db` (`--create-db` rebuilds it). A table `perf_dataset` in that database holds the
fingerprint of the data set; a data set with another fingerprint is flushed and rebuilt.

Building faster: every service recomputes the course's deadlines (`courses.deadlines.refresh`)
after each change, several times per course, and that is three quarters of the generator's time
on PostgreSQL. While the data set is built, `refresh` only notes the course, and each course is
refreshed once at the end, with the same `today`. `refresh` replaces a course's rows with what
the engine computes from the course's facts, so the stored deadlines are the same (checked: the
same 1,072 rows for 150 generated courses either way); nothing in the services reads them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest

PERF_DIR = Path(__file__).resolve().parent
BENCH_DB = os.environ.get(
    "VENDEPUNKT_BENCH_DB", "test_bench"
)  # another name keeps a second data set apart
TODAY = dt.date(2026, 11, 23)
SEED = 2026
# (standard id, courses to generate): the big centre needs at least 5,000 open courses; about
# 53 % of the generator's courses are still open on TODAY (the rest are discharged).
BIG = ("herning", 9_600)
SMALL = ("haderslev", 1_000)
MIN_OPEN_BIG = 5_000
FINGERPRINT = f"v2 big={BIG} small={SMALL} today={TODAY} seed={SEED} refresh=once-per-course"


# --- selection: the benchmarks run only when tests/perf is named ------------------------------


def pytest_collection_modifyitems(config, items):
    """A plain `pytest` (testpaths = tests) must not start building the benchmark data set."""
    here = config.invocation_params.dir
    named = any(
        p == PERF_DIR or PERF_DIR in p.parents
        for p in (Path(here, str(a).split("::")[0]).resolve() for a in config.args)
    )
    if named:
        return
    skip = pytest.mark.skip(reason="benchmark: run `make bench` (or name tests/perf)")
    for item in items:
        if PERF_DIR in Path(item.path).parents:
            item.add_marker(skip)


# --- figures, printed at the end of the run ---------------------------------------------------


_RESULTS = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def perf_results(request) -> dict:
    return request.config.stash.setdefault(_RESULTS, {})


def pytest_terminal_summary(terminalreporter, config):
    results = config.stash.get(_RESULTS, None)
    if not results:
        return
    terminalreporter.section("Vendepunkt benchmark figures (docs/performance.md)")
    for name, figures in results.items():
        plan = figures.pop("plan", None) if isinstance(figures, dict) else None
        terminalreporter.write_line(f"{name}: {json.dumps(figures, ensure_ascii=False)}")
        if plan:
            terminalreporter.write_line(plan)


def _say(config, message: str) -> None:
    capture = config.pluginmanager.getplugin("capturemanager")
    reporter = config.pluginmanager.getplugin("terminalreporter")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        if reporter:
            reporter.write_line(message)
        else:  # pragma: no cover
            print(message)


# --- the PostgreSQL test database and its data set --------------------------------------------


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    from django.conf import settings

    default = settings.DATABASES["default"]
    if not default["ENGINE"].endswith("postgresql"):
        pytest.fail(
            "The worklist benchmarks run on PostgreSQL: set "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (`make bench` does)."
        )
    default.setdefault("TEST", {})["NAME"] = BENCH_DB


@contextlib.contextmanager
def _refresh_once_per_course(touched: dict):
    """While the data set is built, `refresh` notes the course and the day only."""
    from vendepunkt.courses import deadlines

    real = deadlines.refresh

    def note(course, today):
        touched[course.pk] = today
        return []

    deadlines.refresh = note
    try:
        yield real
    finally:
        deadlines.refresh = real


def _build(config) -> float:
    from django.db import connection, transaction

    from vendepunkt.courses.demo import generate
    from vendepunkt.courses.models import ContactCourse
    from vendepunkt.rules.standards import registry
    from vendepunkt.standards.services import record_versions

    started = time.perf_counter()
    with transaction.atomic():  # all or nothing: an interrupted build leaves no half data set
        record_versions(list(registry.load_all().values()), TODAY)
        touched: dict[int, dt.date] = {}
        with _refresh_once_per_course(touched) as refresh:
            for standard_id, courses in (SMALL, BIG):
                done = 0

                def progress(step, standard_id=standard_id, courses=courses):
                    nonlocal done
                    done += step
                    if done % 500 == 0 or done == courses:
                        minutes = (time.perf_counter() - started) / 60
                        _say(config, f"  {standard_id}: {done:,}/{courses:,} ({minutes:.1f} min)")

                made = generate(
                    standard_id, courses=courses, today=TODAY, seed=SEED, progress=progress
                )
                _say(config, f"  {standard_id}: {made:,} courses made")
        _say(config, f"  refreshing the deadlines of {len(touched):,} courses once each")
        for course in (
            ContactCourse.objects.filter(pk__in=list(touched))
            .select_related("municipality")
            .iterator(chunk_size=500)
        ):
            refresh(course, touched[course.pk])
        seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE perf_dataset (fingerprint text PRIMARY KEY, "
                "built_at timestamptz NOT NULL DEFAULT now(), build_seconds double precision)"
            )
            cursor.execute(
                "INSERT INTO perf_dataset (fingerprint, build_seconds) VALUES (%s, %s)",
                [FINGERPRINT, seconds],
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return seconds


def _stored_fingerprint() -> tuple[str, float] | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('perf_dataset') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT fingerprint, build_seconds FROM perf_dataset")
        return cursor.fetchone()


def _figures(code: str) -> dict:
    """What the data set holds for one municipality, and what each benchmarked scope reads."""
    from django.db import connection

    sql = """
        SELECT
          (SELECT count(*) FROM courses_contactcourse WHERE municipality_id = m.id),
          (SELECT count(*) FROM courses_contactcourse
             WHERE municipality_id = m.id AND closed_on IS NULL),
          (SELECT count(*) FROM courses_coursedeadline WHERE municipality_id = m.id),
          (SELECT count(*) FROM courses_coursedeadline
             WHERE municipality_id = m.id AND status = 'open'),
          (SELECT count(DISTINCT contact_course_id) FROM courses_coursedeadline
             WHERE municipality_id = m.id AND status = 'open'),
          (SELECT count(*) FROM courses_coursedeadline d
             WHERE d.municipality_id = m.id AND d.status = 'open' AND d.team_id IN (
               SELECT team_id FROM accounts_user_teams ut
               JOIN accounts_user u ON u.id = ut.user_id WHERE u.username = %s)),
          (SELECT count(*) FROM courses_coursedeadline
             WHERE municipality_id = m.id AND status = 'open' AND due < %s)
        FROM accounts_municipality m WHERE m.code = %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [f"treater.{code}", TODAY, code])
        row = cursor.fetchone()
    names = (
        "courses",
        "open_courses",
        "deadline_rows",
        "open_deadline_rows",
        "courses_with_open_deadlines",
        "open_deadline_rows_team_1",
        "open_deadline_rows_past_due",
    )
    return dict(zip(names, row, strict=True))


@pytest.fixture(scope="session")
def bench_data(request, django_db_setup, django_db_blocker, perf_results) -> dict:
    """The data set on `test_bench`, built on the first run and reused afterwards."""
    from django.core.management import call_command
    from django.db import connection

    config = request.config
    with django_db_blocker.unblock():
        stored = _stored_fingerprint()
        if stored and stored[0] == FINGERPRINT:
            seconds, built = stored[1], False
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            if stored:
                _say(config, "\nbench data: another data set is stored; flushing it")
                with connection.cursor() as cursor:
                    cursor.execute("DROP TABLE perf_dataset")
            call_command("flush", interactive=False, verbosity=0)
            _say(config, f"\nbench data: building {BIG} and {SMALL} on {BENCH_DB} (once)")
            seconds, built = _build(config), True
            _say(config, f"bench data: built in {seconds / 60:.1f} min")
        data = {
            "database": connection.settings_dict["NAME"],
            "big": {"municipality": BIG[0], "generated": BIG[1], **_figures(BIG[0])},
            "small": {"municipality": SMALL[0], "generated": SMALL[1], **_figures(SMALL[0])},
            "build_minutes": round(seconds / 60, 1),
            "built_in_this_run": built,
        }
    perf_results["data set"] = data
    assert data["big"]["open_courses"] >= MIN_OPEN_BIG, data
    return data
