from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vendepunkt.rules.standards import registry
from vendepunkt.rules.standards.loader import StandardFileError
from vendepunkt.standards.services import record_versions


class Command(BaseCommand):
    help = "Record the current version of every standard file in the database."

    def handle(self, *args, **options):
        try:
            loaded = list(registry.load_all().values())
        except StandardFileError as exc:
            raise CommandError(f"Ugyldig standardfil / invalid standard file:\n{exc}") from None
        for rec in record_versions(loaded, timezone.localdate()):
            state = "ny version / new version" if rec.created else "uændret / unchanged"
            self.stdout.write(f"{rec.version.standard_id}: {state} ({rec.version.sha256[:12]})")
