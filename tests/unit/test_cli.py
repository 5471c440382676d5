"""The command line: every action, its exit codes (0 ok, 1 error findings, 2 invalid input),
and clear messages instead of tracebacks."""

import json
import subprocess
import sys

import pytest

from vendepunkt.cli import main
from vendepunkt.rules.standards.registry import SHIPPED_DIR


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys):
    code, out, _ = run(capsys, "standards", "list")
    assert code == 0
    for name in ("Haderslev", "Hjørring", "Herning", "Odsherred"):
        assert name in out


@pytest.mark.parametrize("name", ["haderslev", "hjoerring", "herning", "odsherred"])
def test_validate_every_shipped_file(capsys, name):
    code, out, _ = run(capsys, "standards", "validate", str(SHIPPED_DIR / f"{name}.yaml"))
    assert code == 0 and "gyldig / valid" in out


def test_validate_a_malformed_file_names_line_and_field(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: x\nsources: {X: {title: t}}\ndocument:\n  title: t\n  colour: red\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "standards", "validate", str(bad))
    assert code == 2
    assert f"{bad}:5 [document.colour]" in err and "unknown field" in err and "Traceback" not in err


def test_lint_exit_codes(capsys):
    code, out, _ = run(capsys, "standards", "lint", "hjoerring", "--today", "2026-11-23")
    assert code == 1 and "follow-up-missing" in out and "BEK 1477 § 4 stk. 2" in out


def test_lint_all_as_json(capsys):
    code, out, _ = run(
        capsys, "standards", "lint", "--all", "--format", "json", "--today", "2026-11-23"
    )
    data = json.loads(out)
    assert code == 1 and sorted(data) == ["haderslev", "herning", "hjoerring", "odsherred"]
    assert {"rule", "severity", "path", "line", "citation", "message_da", "message_en"} <= set(
        data["odsherred"][0]
    )


def test_lint_clean_file_exits_zero(capsys, tmp_path):
    # A standard with only warnings and information exits 0: herning before its revision was due.
    code, _, _ = run(
        capsys, "standards", "lint", str(SHIPPED_DIR / "herning.yaml"), "--today", "2021-06-01"
    )
    assert code == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["standards", "lint"],
        ["standards", "lint", "nowhere-kommune"],
        ["standards", "lint", "--all", "--today", "23-11-2026"],
        ["standards", "render", "haderslev", "--format", "docx", "--out", "x"],
        ["standards", "frobnicate"],
        [],
    ],
)
def test_invalid_input_exits_2_with_a_message(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2 and "/" in err and "Traceback" not in err


def test_render_html_and_pdf(capsys, tmp_path):
    html, pdf = tmp_path / "had.html", tmp_path / "had.pdf"
    assert (
        run(capsys, "standards", "render", "haderslev", "--format", "html", "--out", str(html))[0]
        == 0
    )
    assert (
        run(capsys, "standards", "render", "haderslev", "--format", "pdf", "--out", str(pdf))[0]
        == 0
    )
    assert "<style>" in html.read_text(encoding="utf-8")
    assert pdf.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("name", ["haderslev", "hjoerring", "herning", "odsherred"])
def test_render_every_shipped_standard(capsys, tmp_path, name):
    out = tmp_path / f"{name}.html"
    code, stdout, _ = run(
        capsys, "standards", "render", name, "--format", "html", "--out", str(out)
    )
    assert code == 0 and "HTML skrevet / written" in stdout
    html = out.read_text(encoding="utf-8")
    assert 'id="sec-guarantee"' in html and 'id="sec-complaints"' in html


def test_render_an_unknown_standard(capsys, tmp_path):
    code, _, err = run(
        capsys,
        "standards",
        "render",
        "atlantis",
        "--format",
        "pdf",
        "--out",
        str(tmp_path / "x.pdf"),
    )
    assert code == 2 and "ukendt standard / unknown standard" in err and "haderslev" in err


def test_render_to_an_unwritable_place(capsys, tmp_path):
    code, _, err = run(
        capsys,
        "standards",
        "render",
        "haderslev",
        "--format",
        "html",
        "--out",
        str(tmp_path / "no" / "x.html"),
    )
    assert code == 2 and "kan ikke skrive" in err


def test_schema_export(capsys, tmp_path):
    out = tmp_path / "standard.schema.json"
    assert run(capsys, "standards", "schema", "--out", str(out))[0] == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert schema["title"] == "Standard" and "services" in schema["properties"]
    assert schema["additionalProperties"] is False


def test_console_script_runs_as_a_process():
    proc = subprocess.run(
        [sys.executable, "-m", "vendepunkt.cli", "standards", "validate", "/nonexistent.yaml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (
        proc.returncode == 2 and "kan ikke læses" in proc.stderr and "Traceback" not in proc.stderr
    )
