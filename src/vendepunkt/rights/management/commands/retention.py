"""`manage.py retention`: what has outlived its retention period (R49), listed first; with
`--apply`, removed in one transaction. A dry run is the default: nothing changes without
`--apply`. The output names client numbers only, never a name or CPR number."""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vendepunkt.rules.dates import iso_date
from vendepunkt.rules.retention import RetentionFileError, retention_rules

log = logging.getLogger("vendepunkt.retention")


class Command(BaseCommand):
    help = (
        "Slet/anonymisér det, der har overskredet sin opbevaringsperiode (tørkørsel uden --apply) "
        "/ erase or anonymise what has outlived its retention period (dry run without --apply)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="carry it out (default: list)")
        parser.add_argument("--today", type=iso_date, default=None, help="YYYY-MM-DD")
        parser.add_argument("--municipality", help="only this municipality (its code)")

    def handle(self, *args, **options):
        from vendepunkt.accounts.models import Municipality
        from vendepunkt.rights.services import apply_retention, retention_plan

        try:
            rules = retention_rules()
        except RetentionFileError as exc:
            raise CommandError(str(exc)) from None
        municipality_id = None
        if options["municipality"]:
            found = Municipality.objects.filter(code=options["municipality"]).first()
            if found is None:
                raise CommandError(
                    f"Ukendt kommune / unknown municipality: {options['municipality']}"
                )
            municipality_id = found.pk
        today = options["today"] or timezone.localdate()
        plan = retention_plan(today=today, municipality_id=municipality_id)
        facts = {
            "municipality_id": municipality_id,
            "today": today.isoformat(),
            "clients": len(plan.clients),
            "medical_records": plan.medical_records,
            "read_log_rows": plan.read_log_rows,
        }
        self.stdout.write(f"Opbevaring / retention, {today}:")
        for cls in rules.classes:
            mark = "" if cls.verified else "  [periode ikke verificeret / period unverified]"
            self.stdout.write(
                f"- {cls.id}: {cls.keep.amount} {cls.keep.unit} fra/from {cls.counts_from}, "
                f"{cls.action}; udløbet til og med / expired up to {plan.cutoffs[cls.id]} "
                f"({cls.citation}){mark}"
            )
        self.stdout.write(
            f"Klienter / clients: {len(plan.clients)}"
            + (f" (nr./no. {', '.join(map(str, plan.clients))})" if plan.clients else "")
        )
        self.stdout.write(
            f"Lægelige optegnelser / medical records: {plan.medical_records} "
            f"i/in {len(plan.medical_treatments)} forløb/courses"
        )
        self.stdout.write(f"Adgangslog / read log: {plan.read_log_rows} rækker/rows")
        if not options["apply"]:
            log.info("retention_run", extra={**facts, "applied": False})
            self.stdout.write("Tørkørsel: intet er ændret / dry run: nothing changed (--apply)")
            return
        if plan.empty:
            log.info("retention_run", extra={**facts, "applied": True, "changed": 0})
            self.stdout.write("Intet at gøre / nothing to do")
            return
        counts = apply_retention(plan)
        log.info("retention_run", extra={**facts, "applied": True, **counts})
        self.stdout.write(
            self.style.SUCCESS(
                f"Udført / done: {counts['clients']} klienter/clients anonymiseret/anonymised, "
                f"{counts['records']} optegnelser/records, "
                f"{counts['medical_records']} lægelige/medical, "
                f"{counts['read_log']} logrækker/log rows slettet/deleted, "
                f"{counts['audit_scrubbed']} revisionsspor renset/audit entries scrubbed"
            )
        )
