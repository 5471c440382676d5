"""Backup and restore checks (docs/operations.md, Backup and restore; decisions D42).

`backup_database` writes the database (PostgreSQL: `pg_dump --format=custom` in an exported
snapshot; SQLite: the online backup API) and a manifest beside it with the row count of every
table taken in the same snapshot, the applied migrations and the encryption key's fingerprint.
`verify_restore` checks a restored database against it: the key, the row counts, that every
encrypted CPR number decrypts and matches its look-up hash, and that the application answers.
No CPR number or name is ever printed: clients are named by their id."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 # pg_dump runs with a fixed argument list, never a shell
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.db import connections

from . import crypto

MANIFEST_FORMAT = "vendepunkt-backup/1"


class BackupError(Exception):
    """A backup or check that cannot go on; the message is Danish / English."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _counts(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        # the table names come from the database's own catalogue, quoted
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608  # nosec B608
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor) -> dict[str, str]:
    cursor.execute("SELECT app, name FROM django_migrations")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def table_counts(using: str = "default") -> dict[str, int]:
    """The row count of every table of the database (not only Django's models)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return _counts(cursor, tables, connection.ops.quote_name)


# --- backup --------------------------------------------------------------------------------------


def _manifest(engine: str, dump: Path, counts: dict, migrations: dict) -> dict:
    return {
        "format": MANIFEST_FORMAT,
        "engine": engine,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "file": dump.name,
        "sha256": sha256_file(dump),
        "key_fingerprint": crypto.fingerprint(),
        "migrations": migrations,
        "tables": counts,
        "rows": sum(counts.values()),
    }


def _pg_env(conf: dict) -> dict:
    env = dict(os.environ)
    options = conf.get("OPTIONS") or {}
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if conf.get(key):
            env[var] = str(conf[key])
    if options.get("sslmode"):
        env["PGSSLMODE"] = options["sslmode"]
    return env


def backup_postgresql(using: str, dump: Path, pg_dump: str = "pg_dump") -> dict:
    """pg_dump (custom format) in a snapshot exported by a read-only REPEATABLE READ transaction;
    the row counts are taken in the same snapshot, so they describe the dump exactly."""
    executable = shutil.which(pg_dump)
    if executable is None:
        raise BackupError(f"{pg_dump} findes ikke / was not found (PostgreSQL client tools)")
    connection = connections[using]
    connection.ensure_connection()
    raw = connection.connection  # psycopg, outside Django's transaction management
    with raw.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            result = subprocess.run(  # noqa: S603  # nosec B603
                [
                    executable,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={dump}",
                ],
                env=_pg_env(connection.settings_dict),
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise BackupError(
                    f"pg_dump fejlede / failed ({result.returncode}): {result.stderr.strip()}"
                )
            quote = connection.ops.quote_name
            counts = _counts(cursor, connection.introspection.table_names(cursor), quote)
            migrations = _migrations(cursor)
        finally:
            cursor.execute("ROLLBACK")
    return _manifest("postgresql", dump, counts, migrations)


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [name for (name,) in rows]


def backup_sqlite(using: str, dump: Path) -> dict:
    """The online backup API (safe while the application writes, WAL or not); the counts are
    taken from the copy itself, which is then checked with PRAGMA integrity_check."""
    source = sqlite3.connect(connections[using].settings_dict["NAME"])
    target = sqlite3.connect(dump)
    try:
        source.backup(target)
        status = target.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            raise BackupError(f"kopien er beskadiget / the copy is damaged: {status}")
        cursor = target.cursor()

        def quote(name: str) -> str:
            return '"' + name.replace('"', '""') + '"'

        counts = _counts(cursor, sqlite_tables(target), quote)
        migrations = _migrations(cursor)
    finally:
        target.close()
        source.close()
    return _manifest("sqlite", dump, counts, migrations)


def backup(using: str, out_dir: Path, *, pg_dump: str = "pg_dump") -> tuple[Path, Path]:
    """Write the backup and its manifest into `out_dir`; returns both paths."""
    vendor = connections[using].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"ukendt database / unsupported database: {vendor}")
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    dump = out_dir / f"vendepunkt-{stamp}.{'dump' if vendor == 'postgresql' else 'sqlite3'}"
    manifest_path = out_dir / f"vendepunkt-{stamp}.manifest.json"
    if dump.exists() or manifest_path.exists():
        raise BackupError(f"{dump} findes allerede / already exists")
    dump.touch(mode=0o600)  # names and course records: readable by the owner only
    if vendor == "postgresql":
        manifest = backup_postgresql(using, dump, pg_dump)
    else:
        dump.unlink()
        manifest = backup_sqlite(using, dump)
        dump.chmod(0o600)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return dump, manifest_path


# --- verification --------------------------------------------------------------------------------


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def ok(self, text: str) -> None:
        self.lines.append(f"OK    {text}")

    def fail(self, text: str) -> None:
        self.lines.append(f"FEJL  {text}")
        self.problems.append(text)


def read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(
            f"manifestet kan ikke læses / the manifest cannot be read: {exc}"
        ) from None
    if manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"ukendt manifest / unknown manifest format: {manifest.get('format')!r}")
    return manifest


def check_key(using: str, manifest: dict | None) -> str:
    """Raise KeyMismatch when the configured key is not the database's (one message, before any
    record is touched); returns how it was decided."""
    if manifest and not hmac.compare_digest(
        manifest.get("key_fingerprint", ""), crypto.fingerprint()
    ):
        raise crypto.KeyMismatch
    status = crypto.key_status(using)
    if status == "mismatch":
        raise crypto.KeyMismatch
    return status


def check_migrations(using: str, report: Report) -> None:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        report.fail(
            f"{len(plan)} migreringer mangler / migrations not applied ({names}…): "
            "kør / run `manage.py migrate`"
        )
    else:
        report.ok("migreringer / migrations: alle anvendt / all applied")


def check_counts(using: str, manifest: dict | None, report: Report) -> dict[str, int]:
    counts = table_counts(using)
    rows = sum(counts.values())
    if manifest is None:
        report.ok(
            f"tabeller / tables: {len(counts)}, rækker / rows: {rows} (intet manifest / no manifest)"
        )
        return counts
    expected = manifest["tables"]
    missing = sorted(set(expected) - set(counts))
    differ = [
        f"{t}: {counts[t]} ≠ {expected[t]}"
        for t in sorted(expected)
        if t in counts and counts[t] != expected[t]
    ]
    extra = sorted(set(counts) - set(expected))
    if missing:
        report.fail(f"tabeller mangler / tables missing: {', '.join(missing)}")
    if differ:
        report.fail(f"rækketal afviger / row counts differ: {'; '.join(differ)}")
    if not missing and not differ:
        note = f" (+{len(extra)} nye / new: {', '.join(extra)})" if extra else ""
        report.ok(
            f"rækketal som i manifestet / row counts as in the manifest: {len(expected)} tabeller / "
            f"tables, {rows} rækker / rows{note}"
        )
    return counts


def check_cpr_numbers(using: str, report: Report) -> int:
    """Decrypt every encrypted CPR number and compare its keyed look-up hash; the numbers stay in
    this function and are never printed."""
    fernet, hash_key = crypto._keys(settings.VENDEPUNKT_ENCRYPTION_KEY)
    from .models import Client

    undecryptable: list[int] = []
    wrong_hash: list[int] = []
    checked = 0
    rows = (
        Client.objects.using(using)
        .exclude(cpr_encrypted="")
        .order_by("pk")
        .values_list("pk", "cpr_encrypted", "cpr_hash")
    )
    for pk, token, stored_hash in rows.iterator(chunk_size=2000):
        checked += 1
        try:
            number = fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            undecryptable.append(pk)
            continue
        expected = hmac.new(hash_key, number.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, stored_hash or ""):
            wrong_hash.append(pk)
    if undecryptable:
        report.fail(
            f"{len(undecryptable)} af / of {checked} CPR-numre kan ikke dekrypteres / CPR numbers "
            f"do not decrypt (klient-id / client ids {_ids(undecryptable)})"
        )
    if wrong_hash:
        report.fail(
            f"{len(wrong_hash)} opslagsnøgler passer ikke / look-up hashes do not match "
            f"(klient-id / client ids {_ids(wrong_hash)})"
        )
    if not undecryptable and not wrong_hash:
        report.ok(
            f"{checked} CPR-numre dekrypteret, opslag passer / CPR numbers decrypted, look-ups match"
        )
    return checked


def _ids(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:20])
    return shown + (" …" if len(ids) > 20 else "")


def check_sqlite_integrity(using: str, report: Report) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        status = cursor.fetchone()[0]
    if status == "ok":
        report.ok("SQLite integrity_check: ok")
    else:
        report.fail(f"SQLite integrity_check: {status}")


def check_serves(report: Report) -> None:
    """The login page through the whole middleware stack, as the application serves it."""
    from django.test import Client as TestClient

    hosts = [h for h in settings.ALLOWED_HOSTS if h != "*"] or ["localhost"]
    host = hosts[0] if not hosts[0].startswith(".") else f"vendepunkt{hosts[0]}"
    response = TestClient(HTTP_HOST=host).get("/login/", secure=True)
    if response.status_code == 200:
        report.ok("applikationen svarer / the application answers: GET /login/ 200")
    else:
        report.fail(f"GET /login/ svarede / answered {response.status_code}")
