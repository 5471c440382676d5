"""The database tier runs on the engine CI asks for: `.ci/run` sets VENDEPUNKT_EXPECT_DB, so a
PostgreSQL run that silently fell back to SQLite fails here."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_running_on_the_expected_database():
    expected = os.environ.get("VENDEPUNKT_EXPECT_DB")
    if expected:
        assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1
