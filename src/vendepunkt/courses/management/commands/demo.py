import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from vendepunkt.courses.demo import generate
from vendepunkt.rules.standards import registry


class Command(BaseCommand):
    help = "Fill every shipped standard's municipality with synthetic citizens and courses (demo data)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--courses", type=int, default=40, help="courses per municipality (default 40)"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--municipality", action="append", help="only this standard id (repeatable)"
        )
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when demo data exists"
        )

    def handle(self, *args, **options):
        from vendepunkt.citizens.models import Client

        ids = options["municipality"] or list(registry.load_all())
        unknown = [i for i in ids if registry.get(i) is None]
        if unknown:
            raise CommandError(f"Ukendt standard / unknown standard: {', '.join(unknown)}")
        if options["courses"] < 0:
            raise CommandError("--courses skal være 0 eller mere / must be 0 or more")
        if options["if_empty"] and Client.objects.exists():
            self.stdout.write("Demodata findes allerede / demo data exists")
            return
        today = options["today"] or timezone.localdate()
        with tqdm(total=options["courses"] * len(ids), unit="forløb", disable=None) as bar:
            for standard_id in ids:
                bar.set_description(standard_id)
                made = generate(
                    standard_id,
                    courses=options["courses"],
                    today=today,
                    seed=options["seed"],
                    progress=bar.update,
                )
                self.stdout.write(f"{standard_id}: {made} forløb / courses")
