"""Open anonymous counselling (R3)."""

import pytest

from .common import D, course, of, one, run

# --- R3: open counselling ----------------------------------------------------------------


def test_R3_haderslev_open_counselling_within_one_week_of_contact():
    d = one(run("haderslev", course(open_counselling_on=D(2026, 3, 9))), "open_counselling")
    assert (d.due, d.status, d.source) == (D(2026, 3, 9), "met", "HAD 5.4")
    late = one(run("haderslev", course(), today=D(2026, 3, 10)), "open_counselling")
    assert late.status == "breached"


@pytest.mark.parametrize("name", ["odsherred", "hjoerring", "herning"])
def test_R3_no_open_counselling_deadline_where_the_standard_has_none(name):
    assert not of(run(name, course()), "open_counselling")
