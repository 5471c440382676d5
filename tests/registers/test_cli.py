"""The command line: `manage.py registers …` and `vendepunkt registers …` — files written only
when accepted, exit codes 0/1/2, Danish and English messages, no traceback, no personal data."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from tests.registers.conftest import last_month, make_course
from vendepunkt.cli import main
from vendepunkt.registers import runner
from vendepunkt.registers.models import RegisterSubmission

pytestmark = pytest.mark.django_db


def run(town, *args, user=None):
    """Run the management command; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    user = user or town.centre_leader
    argv = [*args, "--municipality", town.municipality.code, "--user", user.username]
    try:
        call_command("registers", *argv, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_extract_to_a_file_with_diff(her, tmp_path):
    period, _ = last_month()
    course = make_course(her)
    target = tmp_path / "smdb.csv"
    code, out, err = run(her, "smdb", "--period", period, "--out", str(target), "--diff")
    assert code == 0, err
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline=""), delimiter=";"))
    assert [r["forloeb_id"] for r in rows] == [str(course.pk)]
    assert "1 rækker/rows" in out and "sha256" in out
    assert "1 nye/added" in out
    assert course.client.cpr not in out + err  # the file has it, the terminal never
    assert RegisterSubmission.objects.count() == 1
    assert [p.name for p in tmp_path.iterdir()] == ["smdb.csv"]  # no temporary file left


def test_validate_only_writes_nothing(her, tmp_path):
    period, _ = last_month()
    make_course(her, request_day=1, start_day=28)
    code, out, _ = run(her, "nab", "--period", period, "--validate-only")
    assert code == 0 and "nab" in out
    code, out, _ = run(her, "smdb", "--period", period, "--validate-only")
    assert code == 0
    assert "guarantee_exceeded_without_reason" in out and "overskredet" in out
    assert not RegisterSubmission.objects.exists() and not list(tmp_path.iterdir())


def test_refused_extract_leaves_no_file(her, tmp_path):
    period, _ = last_month()
    course = make_course(her, end_day=20)
    type(course.treatment.discharge).objects.filter(treatment=course.treatment).update(outcome="")
    target = tmp_path / "smdb.csv"
    code, out, err = run(her, "smdb", "--period", period, "--out", str(target))
    assert code == 1
    assert "end_without_status" in out and "ikke dannet" in err and "not created" in err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("smdb", "--period", "2026-13", "--validate-only"), "YYYY-MM"),
        (("smdb", "--validate-only"), "--period"),
        (("smdb", "--period", "2026-01"), "--out"),
        (("smdb", "--period", "2026-01", "--out", "/no/such/dir/x.csv"), "no such folder"),
        (("smdb", "--period", "2026-01", "--validate-only", "--today", "i går"), "invalid date"),
        (("fhir", "--out", "x.json"), "--client"),
    ],
)
def test_bad_input_is_a_message_with_exit_2(her, args, message):
    code, _, err = run(her, *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_wrong_user_or_role_or_municipality(her, had):
    period, _ = last_month()
    code, _, err = run(her, "smdb", "--period", period, "--validate-only", user=her.treater)
    assert code == 2 and "ikke adgang" in err and "not allowed" in err
    code, _, err = run(her, "smdb", "--period", period, "--validate-only", user=had.centre_leader)
    assert code == 2 and "no active user" in err
    options = {
        "register": "smdb",
        "municipality": "nowhere",
        "user": her.centre_leader.username,
        "period": period,
        "validate_only": True,
    }
    err = io.StringIO()
    assert runner.run(options, stdout=io.StringIO(), stderr=err) == 2
    assert "unknown municipality" in err.getvalue()


def test_fhir_to_a_file(her, tmp_path):
    period, _ = last_month()
    course = make_course(her)
    target = tmp_path / "bundle.json"
    code, out, err = run(her, "fhir", "--client", str(course.client_id), "--out", str(target))
    assert code == 0, err
    from fhir.resources.R4B.bundle import Bundle

    bundle = Bundle.model_validate_json(target.read_text(encoding="utf-8"))
    assert bundle.type == "collection" and "ressourcer/resources" in out
    code, _, err = run(her, "fhir", "--period", period, "--out", str(tmp_path / "p.json"))
    assert code == 0, err


def test_vendepunkt_cli_refuses_bad_arguments_before_touching_the_database(capsys):
    assert main(["registers", "dst", "--municipality", "x", "--user", "y"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main(["registers", "smdb", "--period", "2026-01"]) == 2
    assert "--municipality" in capsys.readouterr().err
