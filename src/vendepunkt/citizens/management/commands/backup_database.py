"""Back up the database with its manifest (docs/operations.md, Backup and restore)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vendepunkt.citizens.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database into DIR: PostgreSQL with pg_dump (custom format), SQLite with the "
        "online backup API, and a manifest with every table's row count in the same snapshot. "
        "The encryption key is not in the backup: keep it apart."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="the directory to write to")
        parser.add_argument("--database", default="default")
        parser.add_argument("--pg-dump", default="pg_dump", help="the pg_dump executable")

    def handle(self, *args, **options):
        try:
            dump, manifest = backup(options["database"], options["out"], pg_dump=options["pg_dump"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Sikkerhedskopi / backup: {dump}")
        self.stdout.write(f"Manifest: {manifest}")
        self.stdout.write(
            "Krypteringsnøglen er ikke med i kopien: opbevar den adskilt fra den / "
            "the encryption key is not in the backup: keep it apart from it."
        )
