"""Register extracts and the FHIR export on SQLite and PostgreSQL: synthetic people only, courses
made through the services in the month before today."""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import connection
from django.utils import timezone

from tests.db.factories import cpr_for, grant_for
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses

_seeds = itertools.count(100)


def pytest_report_header(config):
    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"


def today() -> dt.date:
    return timezone.localdate()


def last_month() -> tuple[str, dt.date]:
    """The previous month as YYYY-MM and its first day."""
    first = (today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return f"{first:%Y-%m}", first


def make_course(
    town,
    *,
    track: str = "SEL-101",
    substance: str = "cannabis",
    anonymous: bool = False,
    request_day: int = 1,
    start_day: int | None = 5,
    end_day: int | None = None,
    status: str = "completed",
    outcome: str = "abstinent",
    children: int | None = 1,
):
    """A contact course requested on `request_day` of last month, started and ended on the given
    days of last month (None: not started / not ended)."""
    _, first = last_month()
    day = today()
    seed = next(_seeds)
    if anonymous:
        client = citizens.register_anonymous(
            town.treater, town.municipality, birth_year=1985, sex="female", today=day
        )
    else:
        client = citizens.register_citizen(
            town.treater,
            town.municipality,
            cpr=cpr_for(dt.date(1985, 3, 4), sex="male", seed=seed),
            name=f"Fiktiv Registersen {seed}",
            children_under_18=children,
            today=day,
        )
    requested = first + dt.timedelta(days=request_day - 1)
    contact = courses.record_contact(
        town.treater,
        client,
        at=dt.datetime.combine(requested, dt.time(10), tzinfo=dt.UTC),
        channel="phone",
        made_by="self",
        legal_track=track,
        substances=[substance],
        main_substance=substance,
        wish_for_treatment=True,
        today=day,
    )
    course = contact.contact_course
    if start_day is not None:
        grant_for(town, course, on=first + dt.timedelta(days=start_day - 1), today=day)
        treatment = courses.start_treatment(
            town.visitation_caseworker,
            course,
            team=town.team,
            start_on=first + dt.timedelta(days=start_day - 1),
            today=day,
        )
        if end_day is not None:
            courses.discharge(
                town.visitation_caseworker,
                treatment,
                on=first + dt.timedelta(days=end_day - 1),
                status=status,
                outcome=outcome,
                today=day,
            )
    course.refresh_from_db()
    return course
