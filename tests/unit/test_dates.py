"""Month arithmetic, once (rules/dates.py), and the command line's date argument."""

import argparse
import datetime as dt

import pytest

from vendepunkt.rules.dates import add_months, add_years, iso_date, month_end, months_of

D = dt.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2026, 11, 30), 2, D(2027, 1, 30)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 1, 15), -13, D(2024, 12, 15)),
        (D(2026, 5, 5), 0, D(2026, 5, 5)),
    ],
)
def test_add_months_clamps_to_the_last_day(day, months, expected):
    assert add_months(day, months) == expected


def test_add_years_moves_29_february_to_28():
    assert add_years(D(2024, 2, 29), -1) == D(2023, 2, 28)
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert add_years(D(2026, 7, 1), 120) == D(2146, 7, 1)


def test_month_end():
    assert month_end(2026, 2) == D(2026, 2, 28)
    assert month_end(2024, 2) == D(2024, 2, 29)
    assert month_end(2026, 12) == D(2026, 12, 31)


def test_months_of_includes_both_ends():
    assert months_of(D(2025, 11, 20), D(2026, 2, 1)) == [
        (2025, 11),
        (2025, 12),
        (2026, 1),
        (2026, 2),
    ]
    assert months_of(D(2026, 3, 9), D(2026, 3, 1)) == [(2026, 3)]
    assert months_of(D(2026, 4, 1), D(2026, 3, 31)) == []


def test_iso_date_refuses_in_both_languages():
    assert iso_date("2026-12-03") == D(2026, 12, 3)
    with pytest.raises(argparse.ArgumentTypeError, match="ugyldig dato / invalid date"):
        iso_date("03-12-2026")


def test_a_date_for_people_is_day_before_month_in_both_languages_and_none_is_a_dash():
    from vendepunkt.rules.dates import date_text

    assert date_text(dt.date(2026, 12, 3)) == "3.12.2026"
    assert date_text(dt.date(2026, 1, 31)) == "31.1.2026"
    assert date_text(None) == "–"
