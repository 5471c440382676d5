"""Retention of personal data per class of record (R49), as data: how long, from which event,
what happens at the end, and the legal source. Pure: `cutoff(cls, today)` is the last day a
record counted from that event has expired on; the records are found by the `rights` app."""

from __future__ import annotations

import datetime as dt
import os
from enum import StrEnum
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..dates import add_months
from ..standards.schema import Model, Period, TimeUnit

RETENTION_FILE = Path(__file__).with_name("retention.yaml")
REQUIRED = ("social_case", "client_identity", "medical_record", "read_log")


class CountsFrom(StrEnum):
    last_course_end = "last_course_end"  # the end of the client's last contact course
    record_date = "record_date"  # the record's own date
    entry_date = "entry_date"  # when the log entry was written


class Action(StrEnum):
    anonymise = "anonymise"  # free text and identity removed; dates, statuses and codes kept
    delete_content = "delete_content"  # the record's content removed; that it existed is kept
    delete = "delete"  # the row is deleted


class RecordClass(Model):
    id: str
    name_da: str
    name_en: str
    keep: Period
    counts_from: CountsFrom
    action: Action
    citation: str
    verified: bool
    note: str | None = None


class RetentionRules(Model):
    classes: tuple[RecordClass, ...]

    def get(self, class_id: str) -> RecordClass:
        return next(c for c in self.classes if c.id == class_id)


class RetentionFileError(ValueError):
    def __init__(self, path: Path, problem: str):
        self.message_da = f"Opbevaringsreglerne i {path} er ugyldige: {problem}"
        self.message_en = f"The retention rules in {path} are invalid: {problem}"
        super().__init__(f"{self.message_da} / {self.message_en}")


def load(path: Path) -> RetentionRules:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules = RetentionRules.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise RetentionFileError(path, str(exc).splitlines()[0]) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RetentionFileError(path, f"{where}: {first['msg']}") from None
    ids = [c.id for c in rules.classes]
    missing = [c for c in REQUIRED if c not in ids]
    if missing or len(ids) != len(set(ids)):
        raise RetentionFileError(path, f"classes must be {', '.join(REQUIRED)} once each")
    for c in rules.classes:
        if c.keep.unit not in (TimeUnit.year, TimeUnit.month) or c.keep.amount < 1:
            raise RetentionFileError(path, f"{c.id}: keep must be at least one month or year")
    return rules


@cache
def _load_cached(path: str) -> RetentionRules:
    return load(Path(path))


def retention_rules() -> RetentionRules:
    """The rules in force: VENDEPUNKT_RETENTION_FILE, else the shipped file."""
    return _load_cached(os.environ.get("VENDEPUNKT_RETENTION_FILE") or str(RETENTION_FILE))


def cutoff(cls: RecordClass, today: dt.date) -> dt.date:
    """Records whose counting event is on or before this day have expired on `today`."""
    months = cls.keep.amount * (12 if cls.keep.unit == TimeUnit.year else 1)
    return add_months(today, -months) - dt.timedelta(days=1)
