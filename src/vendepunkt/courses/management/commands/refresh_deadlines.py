"""`manage.py refresh_deadlines`: recompute the stored deadlines of every course that still has
open ones (or is open), with the standard in force today. Run it after an upgrade that changes
how deadlines are computed (the release notes say so) or after a municipality's standard has
changed; every service does it for its own course on every change, so it is never needed day to
day. Deadlines are derived data: nothing is audited."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from tqdm import tqdm

from vendepunkt.rules.dates import iso_date


class Command(BaseCommand):
    help = "Genberegn de gemte frister / recompute the stored deadlines of open courses."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="only this municipality (its code)")
        parser.add_argument("--today", type=iso_date, default=None, help="YYYY-MM-DD")

    def handle(self, *args, **options):
        from vendepunkt.accounts.models import Municipality
        from vendepunkt.courses import deadlines
        from vendepunkt.courses.models import ContactCourse

        courses = ContactCourse.objects.filter(
            Q(closed_on__isnull=True) | Q(deadlines__status="open")
        ).distinct()
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(
                    f"Ukendt kommune / unknown municipality: {options['municipality']}"
                )
            courses = courses.filter(municipality=municipality)
        today = options["today"] or timezone.localdate()
        ids = list(courses.order_by("id").values_list("id", flat=True))
        for start in tqdm(range(0, len(ids), 200), unit="x200 forløb", disable=None):
            with transaction.atomic():
                chunk = ContactCourse.objects.filter(pk__in=ids[start : start + 200])
                for course in chunk.select_related("municipality"):
                    deadlines.refresh(course, today)
        self.stdout.write(f"{len(ids)} forløb genberegnet / courses recomputed ({today})")
