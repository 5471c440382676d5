"""Input from users checked before it reaches the database (issue 10 § 4; D40).

- `check_dates`: the services' one call for the dates and times they are given, against the
  bounds of `rules/bounds.py`; a date out of bounds is a `ServiceError` (the web form shows it at
  the field, the API answers 422 problem+json), raised before anything is written.
- `refuse_unstorable`: the last guard before a row of Vendepunkt's own models is saved: a text
  longer than its column, a NUL character (PostgreSQL stores none, in text or in JSON), an
  integer outside its column's range or a time that cannot be stored in UTC is refused as a
  `ServiceError` naming the field, inside the service's transaction, so nothing is written and the
  caller gets a message instead of a database error (a 500). The interfaces refuse most of these
  earlier (the API's schemas, the web forms); this holds for every caller of the services.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from vendepunkt.rules import bounds
from vendepunkt.texts import Text, text

from .errors import ServiceError

HAPPENED = bounds.Kind.HAPPENED
PLANNED = bounds.Kind.PLANNED
BIRTH = bounds.Kind.BIRTH
CODE = "date_out_of_range"


def check_dates(today: dt.date, **fields: tuple[dt.date | dt.datetime | None, bounds.Kind]) -> None:
    """Each keyword is a field name with (value, kind); a value of None is not given and passes.

    >>> check_dates(today, held_on=(held_on, HAPPENED), end_on=(end_on, PLANNED))
    """
    for name, (value, kind) in fields.items():
        if value is None:
            continue
        try:
            if isinstance(value, dt.datetime):
                bounds.check_datetime(value, kind=kind, today=today, field=name)
            else:
                bounds.check_date(value, kind=kind, today=today, field=name)
        except bounds.DateOutOfBounds as exc:
            raise ServiceError(exc, field=name, code=CODE) from None


def check_birth_year(year: int | None, *, today: dt.date, field: str = "birth_year") -> None:
    if year is None:
        return
    try:
        bounds.check_birth_year(year, today=today, field=field)
    except bounds.DateOutOfBounds as exc:
        raise ServiceError(exc, field=field, code=CODE) from None


def check_year(year: int, *, today: dt.date, field: str = "year") -> None:
    """A calendar year of records (a report's year): within the bounds of a planned date."""
    try:
        bounds.check_year(year, today=today, field=field)
    except bounds.DateOutOfBounds as exc:
        raise ServiceError(exc, field=field, code=CODE) from None


# --- the guard before a row is saved ------------------------------------------------------------


def unstorable_text(value) -> bool:
    """A text (also inside a list or a dictionary) the databases cannot store: a NUL character
    (PostgreSQL) or a lone surrogate, which is not UTF-8 (both databases)."""
    if isinstance(value, str):
        if "\x00" in value:
            return True
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(unstorable_text(k) or unstorable_text(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(unstorable_text(v) for v in value)
    return False


def _problem(field: models.Field, value) -> Text | None:
    name = field.name
    if unstorable_text(value):
        return text(
            _("“%(name)s” contains a character that cannot be stored (NUL or invalid Unicode)."),
            name=name,
        )
    if isinstance(value, str) and field.max_length and len(value) > field.max_length:
        return text(
            _("“%(name)s” is too long: at most %(max)s characters."),
            name=name,
            max=field.max_length,
        )
    if isinstance(field, models.IntegerField) and isinstance(value, int) and not field.primary_key:
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        if (low is not None and value < low) or (high is not None and value > high):
            return text(
                _("“%(name)s” must lie between %(low)s and %(high)s."),
                name=name,
                low=low,
                high=high,
            )
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        try:
            value.astimezone(dt.UTC)
        except OverflowError:
            return text(_("The time in “%(name)s” is outside the calendar."), name=name)
    return None


def refuse_unstorable(sender, instance, raw=False, **kwargs) -> None:
    """pre_save receiver for Vendepunkt's own models (connected in `AccountsConfig.ready`)."""
    if raw or not sender.__module__.startswith("vendepunkt."):
        return
    for field in sender._meta.concrete_fields:
        if field.is_relation:
            continue
        problem = _problem(field, getattr(instance, field.attname, None))
        if problem is not None:
            raise ServiceError(problem, field=field.name, code="unstorable")
