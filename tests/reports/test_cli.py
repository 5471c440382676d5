"""`vendepunkt reports annex` (R43): every format, the whole document, and clear errors in Danish
and English with exit code 2 and no traceback."""

from __future__ import annotations

import io

import pytest

from tests.reports.test_annex import AS_OF, haderslev_2025
from vendepunkt.cli import main


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["html", "pdf", "csv", "xlsx"])
def test_annex_in_every_format(had, tmp_path, capsys, fmt):
    haderslev_2025(had)
    out = tmp_path / f"annex.{fmt}"
    argv = ["reports", "annex", "--municipality", had.municipality.code, "--year", "2025"]
    code = main([*argv, "--format", fmt, "--out", str(out), "--today", AS_OF.isoformat()])
    assert code == 0, capsys.readouterr().err
    assert "1 af / of 3 mål opfyldt / targets met" in capsys.readouterr().out
    data = out.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    elif fmt == "html":
        text = data.decode()
        assert "Målopfyldelse 2025" in text and "50,0 %" in text and "<style>" in text
    elif fmt == "csv":
        assert "Minimum 40 procent" in data.decode("utf-8-sig")
    else:
        from openpyxl import load_workbook

        assert load_workbook(io.BytesIO(data)).sheetnames == ["annex"]


@pytest.mark.django_db
def test_the_whole_document_with_its_annex(had, tmp_path):
    haderslev_2025(had)
    out = tmp_path / "doc.html"
    argv = ["reports", "annex", "--municipality", had.municipality.code, "--year", "2025"]
    assert main([*argv, "--format", "html", "--out", str(out), "--document"]) == 0
    text = out.read_text(encoding="utf-8")
    assert 'id="sec-monitoring"' in text and 'id="sec-annex"' in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra, message",
    [
        (["--municipality", "nowhere", "--year", "2025"], "unknown municipality"),
        (["--municipality", "{code}", "--year", "1999"], "invalid year 1999"),
        (["--municipality", "{code}", "--year", "20x5"], "invalid year"),
        (["--municipality", "{code}", "--year", "2025", "--format", "doc"], "invalid choice"),
        (
            ["--municipality", "{code}", "--year", "2025", "--document", "--format", "csv"],
            "--document",
        ),
    ],
)
def test_bad_input_exits_2_with_a_message(had, tmp_path, capsys, extra, message):
    extra = [e.replace("{code}", had.municipality.code) for e in extra]
    if "--format" not in extra:
        extra += ["--format", "pdf"]
    code = main(["reports", "annex", *extra, "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err


@pytest.mark.django_db
def test_unwritable_output(had, capsys):
    argv = ["reports", "annex", "--municipality", had.municipality.code, "--year", "2025"]
    code = main([*argv, "--format", "html", "--out", "/nonexistent-dir/annex.html"])
    assert code == 2 and "cannot write" in capsys.readouterr().err
