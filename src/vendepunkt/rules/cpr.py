"""Danish CPR numbers (personnummer): parsing, masking, age and synthetic numbers.

A CPR number is ``DDMMYY-SSSS``: the birth date and a four-digit sequence number whose first
digit (the 7th digit of the number) gives the century and whose last digit gives the sex (even:
female, odd: male). The century rule, as documented by the CPR office:

=========  ==========================================
7th digit  birth year
=========  ==========================================
0-3        1900-1999
4, 9       2000-2036 for YY 00-36; 1900-1999 for YY 37-99
5-8        2000-2057 for YY 00-57; 1858-1899 for YY 58-99
=========  ==========================================

Rules kept here (LAW.md, "Privacy, logging and retention"):

- The modulus-11 check digit was abandoned in 2007: a number is NEVER rejected on its checksum.
  Only the format, the birth date (with its century) and a birth date in the future are checked.
  `today` is an argument, so the check is deterministic.
- A CPR number must not show on letters and window envelopes (CPR-loven § 54): `Cpr.masked`
  gives ``DDMMYY-xxxx``, and `repr()`/`str()` of a `Cpr` show only the masked form, so a number
  cannot leak into logs or tracebacks by accident. Error messages never repeat the input.
- Input may be written ``DDMMYY-SSSS``, ``DDMMYYSSSS`` or with spaces; the dash may also be a
  Unicode hyphen or en dash (as pasted from a word processor), but only between the birth date
  and the sequence number.
- Substitute numbers (erstatningspersonnummer, day + 60) are not CPR numbers and are refused as
  an impossible date.

`synthetic_cpr` makes syntactically valid numbers for demo and test data. It deliberately picks a
last digit that FAILS the old modulus-11 check: every number issued before 2007 passed it, so a
synthetic number is far less likely to be a real person's, and it also shows that the system
accepts numbers without the check digit.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from stdnum.dk import cpr as _stdnum_cpr
from stdnum.exceptions import ValidationError

__all__ = ["Cpr", "CprError", "age_on", "is_modulus11", "parse_cpr", "synthetic_cpr"]

FEMALE = "female"
MALE = "male"

# Separators a caseworker may type or paste between birth date and sequence number.
_DASHES = "-\u2010\u2011\u2012\u2013"
_PATTERN = re.compile(rf"^([0-9]{{6}})[{_DASHES}]?([0-9]{{4}})$")
_MOD11_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


class CprError(ValueError):
    """A text that is not a usable CPR number; the message is in Danish and English."""

    def __init__(self, message_da: str, message_en: str) -> None:
        self.message_da = message_da
        self.message_en = message_en
        super().__init__(f"{message_da} / {message_en}")


@dataclass(frozen=True, repr=False)
class Cpr:
    """A parsed CPR number. `number` is the full number (10 digits, no dash): show it only
    where the law allows; `str()`, `repr()` and `masked` never show the sequence number."""

    number: str
    birth_date: dt.date
    sex: str

    @property
    def masked(self) -> str:
        """``DDMMYY-xxxx``: the form for letters and anything a third party may see."""
        return f"{self.number[:6]}-xxxx"

    def __repr__(self) -> str:
        return f"Cpr({self.masked})"

    def __str__(self) -> str:
        return self.masked


def _clean(text: str) -> str:
    if not isinstance(text, str):
        raise CprError("CPR-nummeret skal være tekst.", "The CPR number must be text.")
    return "".join(text.split())  # every kind of whitespace, also inside the number


def parse_cpr(text: str, today: dt.date) -> Cpr:
    """Parse and check a CPR number; raise `CprError` with a bilingual message.

    Checks: 10 digits (with an optional dash after the 6th digit and any spaces), a real birth
    date with the century from the 7th digit, and a birth date not after `today`. The
    modulus-11 check digit is not checked (abandoned in 2007).
    """
    compact = _clean(text)
    match = _PATTERN.match(compact)
    if match is None:
        digits = "".join(ch for ch in compact if ch not in _DASHES)
        if digits and all("0" <= ch <= "9" for ch in digits):
            if len(digits) != 10:
                raise CprError(
                    f"Et CPR-nummer har 10 cifre; der er skrevet {len(digits)}.",
                    f"A CPR number has 10 digits; {len(digits)} were entered.",
                )
            raise CprError(
                "Bindestregen skal stå efter de første 6 cifre (DDMMÅÅ-XXXX).",
                "The dash goes after the first 6 digits (DDMMYY-XXXX).",
            )
        if not compact:
            raise CprError("CPR-nummeret er tomt.", "The CPR number is empty.")
        raise CprError(
            "Et CPR-nummer består kun af cifre, skrevet DDMMÅÅ-XXXX eller DDMMÅÅXXXX.",
            "A CPR number has digits only, written DDMMYY-XXXX or DDMMYYXXXX.",
        )
    number = match.group(1) + match.group(2)
    try:
        birth_date = _stdnum_cpr.get_birth_date(number)
    except ValidationError:
        raise CprError(
            "De første 6 cifre er ikke en gyldig fødselsdato (DDMMÅÅ).",
            "The first 6 digits are not a valid birth date (DDMMYY).",
        ) from None
    if birth_date > today:
        raise CprError(
            f"Fødselsdatoen i CPR-nummeret ({birth_date:%d.%m.%Y}) ligger efter i dag.",
            f"The birth date in the CPR number ({birth_date:%d.%m.%Y}) is after today.",
        )
    sex = FEMALE if int(number[9]) % 2 == 0 else MALE
    return Cpr(number=number, birth_date=birth_date, sex=sex)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on `day`. Someone born on 29 February has their birthday on 1 March in
    a year that is not a leap year. Raises `ValueError` for a day before the birth date."""
    if day < birth_date:
        raise ValueError(f"{day} is before the birth date")
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def is_modulus11(number: str) -> bool:
    """Whether a 10-digit number passes the old modulus-11 check. For information and for
    synthetic data only: never use it to reject a number."""
    return sum(w * int(d) for w, d in zip(_MOD11_WEIGHTS, number, strict=True)) % 11 == 0


def _century_digits(year: int) -> tuple[int, ...]:
    """The 7th digits that give `year` with its two last digits (the CPR office's table)."""
    yy = year % 100
    if 1858 <= year <= 1899:
        return (5, 6, 7, 8)
    if 1900 <= year <= 1999:
        return (0, 1, 2, 3, 4, 9) if yy >= 37 else (0, 1, 2, 3)
    if 2000 <= year <= 2036:
        return (4, 5, 6, 7, 8, 9)
    if 2037 <= year <= 2057:
        return (5, 6, 7, 8)
    raise ValueError(f"a CPR number cannot express the birth year {year} (1858-2057)")


def synthetic_cpr(rng: random.Random, birth_date: dt.date, sex: str) -> str:
    """A syntactically valid CPR number (10 digits, no dash) for synthetic data.

    The 7th digit gives the right century, the last digit the right parity for `sex`
    ("female": even, "male": odd), and the number fails the old modulus-11 check on purpose
    (see the module docstring). Deterministic for a seeded `rng`; checked by `parse_cpr`.
    """
    if sex not in (FEMALE, MALE):
        raise ValueError(f"sex must be {FEMALE!r} or {MALE!r}, not {sex!r}")
    century = rng.choice(_century_digits(birth_date.year))
    prefix = f"{birth_date:%d%m}{birth_date.year % 100:02d}{century}{rng.randrange(100):02d}"
    parity = 0 if sex == FEMALE else 1
    # Five digits have the right parity and give five different remainders mod 11, so at least
    # four of them fail the modulus-11 check.
    last_digits = [d for d in range(parity, 10, 2) if not is_modulus11(f"{prefix}{d}")]
    number = f"{prefix}{rng.choice(last_digits)}"
    parsed = parse_cpr(number, today=birth_date)
    if parsed.birth_date != birth_date or parsed.sex != sex:  # pragma: no cover - a bug guard
        raise RuntimeError("synthetic CPR number does not round-trip")
    return number
