"""SQLite set up for a centre's staff at once (issue 10 § 5, D41): write-ahead logging, a busy
timeout and BEGIN IMMEDIATE, from the settings `make run` uses. The SQLite tier's test database is
in memory (no WAL there), so each test opens its own database file with the configured options.
Skipped on the PostgreSQL tier."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite settings (the PostgreSQL tier has none)"
)


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    """These tests open their own database files, not the test database."""
    with django_db_blocker.unblock():
        yield


def _wrapper(path, alias: str, **options) -> DatabaseWrapper:
    """A connection with the configured settings (those of the tier's database) to a file."""
    settings_dict = dict(connection.settings_dict)
    settings_dict["NAME"] = str(path)
    settings_dict["OPTIONS"] = {**connection.settings_dict["OPTIONS"], **options}
    return DatabaseWrapper(settings_dict, alias=alias)


def test_settings_are_in_effect(tmp_path):
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    db = _wrapper(tmp_path / "centre.sqlite3", "sqlite_check")
    try:
        with db.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == options["timeout"] * 1000
        assert db.transaction_mode == "IMMEDIATE"
        # BEGIN IMMEDIATE: a transaction holds the write lock from its start, before it writes,
        # so another writer (here one that does not wait) is refused until it ends.
        connections["sqlite_check"] = db
        other = sqlite3.connect(tmp_path / "centre.sqlite3", timeout=0, isolation_level=None)
        with transaction.atomic(using="sqlite_check"):
            with db.cursor() as cursor:
                cursor.execute("SELECT 1")
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        other.close()
    finally:
        db.close()
        del connections["sqlite_check"]


THREADS = 8
ROUNDS = 25


def _read_then_write(path, errors: list, start: threading.Barrier, **options) -> None:
    """One staff member's requests: each transaction reads, then writes what it read plus one
    (the pattern of a service that checks, then records; and of the read log)."""
    alias = "sqlite_worker"
    db = _wrapper(path, alias, **options)
    connections[alias] = db  # per thread: the connection handler is thread-local
    try:
        start.wait()
        for _ in range(ROUNDS):
            try:
                with transaction.atomic(using=alias), db.cursor() as cursor:
                    cursor.execute("SELECT COALESCE(MAX(n), 0) FROM counter")
                    n = cursor.fetchone()[0]
                    cursor.execute("INSERT INTO counter (n) VALUES (%s)", [n + 1])
            except OperationalError as exc:
                errors.append(str(exc))
    finally:
        db.close()
        del connections[alias]


def _run_writers(path, **options) -> tuple[list[str], list[int]]:
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
    errors: list[str] = []
    start = threading.Barrier(THREADS)
    threads = [
        threading.Thread(target=_read_then_write, args=(path, errors, start), kwargs=options)
        for _ in range(THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    with sqlite3.connect(path) as check:
        values = [row[0] for row in check.execute("SELECT n FROM counter ORDER BY n")]
    return errors, values


def test_concurrent_writers_never_see_database_is_locked(tmp_path):
    errors, values = _run_writers(tmp_path / "centre.sqlite3")
    assert errors == []
    # Every transaction committed, one after the other: no lost update either.
    assert values == list(range(1, THREADS * ROUNDS + 1))


def test_without_immediate_transactions_the_same_load_fails(tmp_path):
    """The control: SQLite's default deferred transactions under the same load. A transaction
    that has read and then wants to write while another writes cannot wait (it would deadlock),
    so SQLite refuses it at once, whatever the busy timeout: the 500s of issue 10 § 5."""
    errors, values = _run_writers(tmp_path / "centre.sqlite3", transaction_mode=None)
    assert errors and all("database is locked" in e for e in errors)
    assert len(values) == THREADS * ROUNDS - len(errors)
