"""CPR numbers: format, birth date with century, no modulus-11 check, masking (LAW.md).

Every number here is synthetic and fails the old modulus-11 check, which every number issued
before 2007 passed: none of them is meant to be, or is likely to be, a real person's.
"""

import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendepunkt.rules.cpr import (
    Cpr,
    CprError,
    age_on,
    is_modulus11,
    parse_cpr,
    synthetic_cpr,
)

TODAY = dt.date(2026, 11, 23)

SYNTHETIC = {
    "211062-2198": (dt.date(1962, 10, 21), "female"),
    "150390-9063": (dt.date(1990, 3, 15), "male"),
    "290208-8126": (dt.date(2008, 2, 29), "female"),
    "010680-5643": (dt.date(1880, 6, 1), "male"),
    "010109-4709": (dt.date(2009, 1, 1), "male"),
    "040750-3084": (dt.date(1950, 7, 4), "female"),
}
# The 7th digit decides the century (the CPR office's table).
CENTURY = {
    "0101364000": dt.date(2036, 1, 1),  # 4, YY 00-36: 2000s
    "0101374000": dt.date(1937, 1, 1),  # 4, YY 37-99: 1900s
    "0101369000": dt.date(2036, 1, 1),  # 9 like 4
    "0101379001": dt.date(1937, 1, 1),
    "0101575000": dt.date(2057, 1, 1),  # 5-8, YY 00-57: 2000s
    "0101585000": dt.date(1858, 1, 1),  # 5-8, YY 58-99: 1800s
    "0101588000": dt.date(1858, 1, 1),
    "0101000000": dt.date(1900, 1, 1),  # 0-3: always 1900s
    "3112993000": dt.date(1999, 12, 31),
    "2902004000": dt.date(2000, 2, 29),  # a leap day exists in 2000 ...
}
FUTURE_TODAY = dt.date(2060, 1, 1)


def test_the_test_numbers_fail_modulus_11_so_they_are_synthetic():
    for text in [*SYNTHETIC, *CENTURY]:
        assert not is_modulus11(text.replace("-", "")), text


@pytest.mark.parametrize(("text", "expected"), SYNTHETIC.items())
def test_parses_birth_date_and_sex(text, expected):
    cpr = parse_cpr(text, TODAY)
    assert (cpr.birth_date, cpr.sex) == expected
    assert cpr.number == text.replace("-", "")


@pytest.mark.parametrize(("number", "birth_date"), CENTURY.items())
def test_seventh_digit_gives_the_century(number, birth_date):
    assert parse_cpr(number, FUTURE_TODAY).birth_date == birth_date


def test_century_decides_whether_a_leap_day_exists():
    # 29 February 1900 did not exist (7th digit 0: 1900s).
    with pytest.raises(CprError, match="valid birth date"):
        parse_cpr("2902000000", TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "1503909063",
        "150390-9063",
        " 150390-9063 ",
        "150390 9063",
        "15 03 90 90 63",
        "150390\u20139063",
    ],
)
def test_accepts_the_usual_ways_of_writing_a_number(text):
    assert parse_cpr(text, TODAY).number == "1503909063"


def test_never_rejects_on_the_modulus_11_check():
    number = "1503909063"
    assert not is_modulus11(number)
    assert parse_cpr(number, TODAY).birth_date == dt.date(1990, 3, 15)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("150390906", "10 digits; 9 were entered"),
        ("15039090631", "10 digits; 11 were entered"),
        ("", "empty"),
        ("   ", "empty"),
        ("150390-906X", "digits only"),
        ("150390/9063", "digits only"),
        ("1503-909063", "dash goes after the first 6 digits"),
        ("\u0661\u0665\u0660\u0663\u0669\u0660\u0669\u0660\u0666\u0663", "digits only"),
        ("320190-9063", "not a valid birth date"),
        ("150390-9063".replace("15", "75", 1), "not a valid birth date"),  # substitute number
        ("011390-9063", "not a valid birth date"),
    ],
)
def test_refuses_with_a_clear_bilingual_message(text, fragment):
    with pytest.raises(CprError) as info:
        parse_cpr(text, TODAY)
    assert fragment in info.value.message_en
    assert info.value.message_da
    assert str(info.value) == f"{info.value.message_da} / {info.value.message_en}"


def test_refuses_a_birth_date_after_today():
    number = "0101575000"  # 1 January 2057
    with pytest.raises(CprError, match="after today"):
        parse_cpr(number, TODAY)
    assert parse_cpr(number, dt.date(2057, 1, 1)).birth_date == dt.date(2057, 1, 1)


def test_errors_never_repeat_the_number():
    for text in ("150390-906", "320190-9063", "0101575000"):
        with pytest.raises(CprError) as info:
            parse_cpr(text, TODAY)
        assert text[:6] not in str(info.value) and "9063" not in str(info.value)


def test_repr_and_str_show_only_the_masked_number():
    cpr = parse_cpr("150390-9063", TODAY)
    assert cpr.masked == "150390-xxxx"
    for shown in (repr(cpr), str(cpr), f"{cpr}", repr([cpr]), repr({"cpr": cpr})):
        assert "9063" not in shown and "150390-xxxx" in shown


def test_cpr_is_immutable():
    cpr = parse_cpr("150390-9063", TODAY)
    with pytest.raises(AttributeError):
        cpr.number = "0000000000"  # type: ignore[misc]
    assert isinstance(cpr, Cpr)


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (dt.date(2009, 1, 1), dt.date(2026, 12, 31), 17),
        (dt.date(2009, 1, 1), dt.date(2027, 1, 1), 18),
        (dt.date(1990, 3, 15), dt.date(2026, 3, 14), 35),
        (dt.date(1990, 3, 15), dt.date(2026, 3, 15), 36),
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),  # not a leap year:
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),  # the birthday is 1 March
        (dt.date(2008, 2, 29), dt.date(2028, 2, 29), 20),
        (dt.date(2026, 11, 23), dt.date(2026, 11, 23), 0),
    ],
)
def test_age_on(birth, day, age):
    assert age_on(birth, day) == age


def test_age_before_birth_is_an_error():
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(dt.date(2026, 1, 2), dt.date(2026, 1, 1))


@given(
    st.dates(min_value=dt.date(1858, 1, 1), max_value=dt.date(2057, 12, 31)),
    st.sampled_from(["female", "male"]),
    st.integers(min_value=0, max_value=2**32),
)
def test_synthetic_numbers_round_trip(birth_date, sex, seed):
    number = synthetic_cpr(random.Random(seed), birth_date, sex)
    assert len(number) == 10 and number.isdigit()
    cpr = parse_cpr(number, birth_date)
    assert (cpr.birth_date, cpr.sex) == (birth_date, sex)
    assert not is_modulus11(number)


def test_synthetic_numbers_are_deterministic_for_a_seed():
    day = dt.date(1990, 3, 15)
    assert synthetic_cpr(random.Random(1), day, "male") == synthetic_cpr(
        random.Random(1), day, "male"
    )


@pytest.mark.parametrize(
    ("birth_date", "sex"),
    [(dt.date(1857, 12, 31), "male"), (dt.date(2058, 1, 1), "female"), (dt.date(1990, 1, 1), "x")],
)
def test_synthetic_refuses_what_a_cpr_number_cannot_hold(birth_date, sex):
    with pytest.raises(ValueError):
        synthetic_cpr(random.Random(0), birth_date, sex)
