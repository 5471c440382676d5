"""The extracts on the demo generator's data (made through the services, as in `make run`):
every register and month of the last half year validates without an error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vendepunkt.courses.demo import Town, generate
from vendepunkt.registers import services

pytestmark = pytest.mark.django_db


def test_demo_data_extracts_validate_without_errors():
    today = timezone.localdate()
    generate("odsherred", courses=50, today=today, seed=11)
    leader = Town("odsherred").staff["centre_leader"]
    rows = {"smdb": 0, "nab": 0}
    for back in range(6):
        first = (today.replace(day=1) - dt.timedelta(days=back * 28)).replace(day=1)
        for register in ("smdb", "nab", "substitution"):
            result = services.check_extract(leader, register, f"{first:%Y-%m}", today=today)
            assert result.ok, (register, first, result.findings.kept)
            rows[register] = rows.get(register, 0) + result.rows
    assert rows["smdb"] > 0 and rows["nab"] > 0
