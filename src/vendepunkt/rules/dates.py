"""Calendar arithmetic shared by the rules, the services and the command line: month arithmetic
exists here once, and the command line's date argument is read here for every command."""

from __future__ import annotations

import argparse
import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months (negative: back); the day is clamped to the month's last day
    (31 Jan + 1 month = 28/29 Feb, 29 Feb 2024 - 12 months = 28 Feb 2023)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    """Calendar years; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def months_of(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """Each (year, month) from `start`'s month to `end`'s month, both included."""
    out: list[tuple[int, int]] = []
    day = start.replace(day=1)
    while day <= end:
        out.append((day.year, day.month))
        day = add_months(day, 1)
    return out


def date_text(day: dt.date | None) -> str:
    """A date as people in Denmark write it, day before month: 3.12.2026. The same in the Danish
    and the English text of a rule's reason (the interface keeps the Danish date format in both
    languages); a missing date is a dash, never "None"."""
    if day is None:
        return "–"
    return f"{day.day}.{day.month}.{day.year}"


def iso_date(value: str) -> dt.date:
    """An argparse type for the command line and the management commands: a date as
    YYYY-MM-DD, refused in Danish and English."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ugyldig dato / invalid date {value!r} (YYYY-MM-DD)"
        ) from None
