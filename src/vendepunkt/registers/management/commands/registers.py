import sys

from django.core.management.base import BaseCommand

from vendepunkt.registers import runner


class Command(BaseCommand):
    help = (
        "Registerudtræk (SMDB, NAB, substitution) og FHIR-eksport / register extracts and the "
        "FHIR export (docs/registers.md)"
    )

    def add_arguments(self, parser):
        runner.add_arguments(parser)

    def handle(self, *args, **options):
        self.stdout.ending = self.stderr.ending = ""  # the runner prints whole lines
        code = runner.run(options, stdout=self.stdout, stderr=self.stderr)
        if code:
            sys.exit(code)
