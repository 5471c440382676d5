import datetime as dt
import secrets
from pathlib import Path

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
        parser.add_argument(
            "--logins",
            type=Path,
            default=None,
            help="write the demo staff's user names and passwords to this file and print them",
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
            self._print_logins(options["logins"])
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
        if options["logins"]:
            self._write_logins(options["logins"], ids)
            self._print_logins(options["logins"])

    def _write_logins(self, path: Path, ids: list[str]) -> None:
        """Give every demo staff user (a synthetic account) a fresh password; two-factor sign-in
        is set up at the first sign-in with an authenticator app."""
        from vendepunkt.accounts.models import User

        lines = [
            "# Demo-logins (syntetiske brugere) / demo logins (synthetic users)",
            "# kommune / municipality, rolle / role, brugernavn / user name, adgangskode / password",
        ]
        for user in User.objects.filter(municipality__code__in=ids).order_by(
            "municipality__code", "role", "username"
        ):
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.save(update_fields=["password"])
            lines.append(
                f"{user.municipality.code:<10} {user.role:<22} {user.username:<36} {password}"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def _print_logins(self, path: Path | None) -> None:
        if path and path.exists():
            self.stdout.write(path.read_text(encoding="utf-8"))
