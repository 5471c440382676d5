"""Check a restored database (docs/operations.md, Backup and restore): the encryption key, the
row counts of every table (against the backup's manifest, if given), every encrypted CPR number,
the migrations, and that the application answers. Exit status 0 when the restore is sound, 1
when a check fails, 2 when the encryption key does not match the database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from vendepunkt.citizens import backup
from vendepunkt.citizens.crypto import KeyMismatch


class Command(BaseCommand):
    help = (
        "Check a restored database: encryption key, row counts of every table, every encrypted "
        "CPR number, migrations, and that the application answers."
    )
    requires_system_checks = []  # the key is checked here, with its own exit status

    def add_arguments(self, parser):
        parser.add_argument(
            "--manifest", type=Path, help="the backup's manifest (from backup_database)"
        )
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--no-serve", action="store_true", help="skip the request to the login page"
        )

    def handle(self, *args, **options):
        using = options["database"]
        connection = connections[using]
        try:
            manifest = backup.read_manifest(options["manifest"]) if options["manifest"] else None
        except backup.BackupError as exc:
            raise CommandError(str(exc), returncode=1) from None
        report = backup.Report()
        name = connection.settings_dict["NAME"]
        report.ok(f"database: {connection.vendor} ({name})")
        if manifest and manifest["engine"] != connection.vendor:
            report.fail(f"manifestet er fra / the manifest is from {manifest['engine']}")
        try:
            how = backup.check_key(using, manifest)
        except KeyMismatch as exc:
            raise CommandError(str(exc), returncode=2) from None
        report.ok(
            {
                "match": "krypteringsnøglen passer / the encryption key matches",
                "unknown": "krypteringsnøgle: intet at prøve / encryption key: nothing to try",
            }[how]
        )
        backup.check_migrations(using, report)
        backup.check_counts(using, manifest, report)
        backup.check_cpr_numbers(using, report)
        if connection.vendor == "sqlite":
            backup.check_sqlite_integrity(using, report)
        if not options["no_serve"] and using == "default":
            backup.check_serves(report)
        for line in report.lines:
            self.stdout.write(line)
        if report.problems:
            raise CommandError(
                f"Gendannelsen er ikke i orden / the restore is not sound: "
                f"{len(report.problems)} fejl / problems (se ovenfor / see above)",
                returncode=1,
            )
        self.stdout.write("Gendannelsen er i orden / the restore is sound.")
