"""`vendepunkt reports dashboard` (R44 from the command line): the same tables, filters and
exports as the leaders' page `/rapporter/` (one computation, one export code), clear errors in
Danish and English with exit code 2 and no traceback, and nothing personal in the output."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.utils import timezone

from tests.db.factories import Town, cpr_for
from tests.reports.conftest import make_course
from tests.reports.test_annex import haderslev_2025
from tests.web.conftest import signed_in
from vendepunkt.accounts.models import Centre
from vendepunkt.cli import main

D = dt.date
TABLES = [
    "kpis",
    "guarantee",
    "waiting_summary",
    "waiting",
    "flow",
    "retention",
    "retention_curves",
    "statuses",
    "outcomes",
    "capacity",
    "gift_vouchers",  # issue 12 § 4: the gift vouchers of the period
]
CHOICE_DA = "Marker en gyldig valgmulighed."  # Django's own message, in Danish
# the page's query parameters and the command line's options for the same filters
FILTERS = [
    ("fra", "--from", "2025-01-01"),
    ("til", "--to", "2025-12-31"),
    ("rusmiddel", "--substance", "alcohol"),
    ("spor", "--track", "SUL-141"),
    ("gruppe", "--group-by", "track"),
]


def run(town, tmp_path, fmt, *extra, name="out"):
    """The command for `town`; returns (exit code, the file written)."""
    out = tmp_path / f"{name}.{fmt}"
    argv = ["reports", "dashboard", "--municipality", town.municipality.code]
    code = main([*argv, "--format", fmt, "--out", str(out), *extra])
    return code, out


def web_export(town, fmt, query):
    response = signed_in(town.centre_leader).get(f"/rapporter/eksport.{fmt}?{query}")
    assert response.status_code == 200
    return response


def csv_blocks(data: bytes) -> dict[str, str]:
    """A dashboard CSV split into its tables, by caption (the first block is the title)."""
    blocks = data.decode("utf-8-sig").split("\r\n\r\n")
    return {b.split("\r\n", 1)[0]: b.strip("\r\n") for b in blocks[1:]}


def sheets(data: bytes) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


# --- the same output as the web page ------------------------------------------------------------


@pytest.mark.django_db
def test_csv_of_every_table_is_the_web_download_byte_for_byte(had, tmp_path, capsys):
    haderslev_2025(had)
    query = "&".join(f"{param}={value}" for param, _option, value in FILTERS)
    options = [x for _param, option, value in FILTERS for x in (option, value)]
    web = web_export(had, "csv", query)
    code, out = run(had, tmp_path, "csv", *options)
    assert code == 0, capsys.readouterr().err
    assert out.read_bytes() == web.content
    assert "11 tabel(ler) / table(s)" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize("table", TABLES)
def test_csv_of_one_table_is_that_table_of_the_web_download(had, tmp_path, capsys, table):
    haderslev_2025(had)
    query = "&".join(f"{param}={value}" for param, _option, value in FILTERS)
    options = [x for _param, option, value in FILTERS for x in (option, value)]
    web = csv_blocks(web_export(had, "csv", query).content)
    code, out = run(had, tmp_path, "csv", *options, "--table", table)
    assert code == 0, capsys.readouterr().err
    title, *blocks = out.read_bytes().decode("utf-8-sig").split("\r\n\r\n")
    assert title.startswith(had.municipality.name) and "2025-01-01–2025-12-31" in title
    (block,) = blocks
    caption = block.split("\r\n", 1)[0]
    assert web[caption] == block.strip("\r\n")


@pytest.mark.django_db
def test_xlsx_has_the_web_download_s_sheets_and_cells(had, tmp_path, capsys):
    haderslev_2025(had)
    web = web_export(had, "xlsx", "fra=2025-01-01&til=2025-12-31")
    code, out = run(had, tmp_path, "xlsx", "--from", "2025-01-01", "--to", "2025-12-31")
    assert code == 0, capsys.readouterr().err
    got = sheets(out.read_bytes())
    assert list(got) == TABLES  # one sheet per table
    assert got == sheets(web.content)
    assert any(r[1:3] == (2, 4) for r in got["kpis"])  # drugs: 2 of 4 completed as planned
    code, out = run(had, tmp_path, "xlsx", "--from", "2025-01-01", "--table", "flow", name="one")
    assert code == 0 and list(sheets(out.read_bytes())) == ["flow"]


@pytest.mark.django_db
def test_json_has_every_table_with_the_web_figures(had, tmp_path, capsys):
    haderslev_2025(had)
    code, out = run(
        had, tmp_path, "json", "--from", "2025-01-01", "--to", "2025-12-31", "--today", "2026-11-01"
    )
    assert code == 0, capsys.readouterr().err
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [t["id"] for t in doc["tables"]] == TABLES
    assert doc["municipality"] == {"code": had.municipality.code, "name": had.municipality.name}
    assert doc["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    assert doc["as_of"] == "2026-11-01"
    assert doc["filters"] == {
        "centre": None,
        "substance": None,
        "track": None,
        "group_by": "first_service",
    }
    kpis = next(t for t in doc["tables"] if t["id"] == "kpis")
    assert kpis["headers"] == ["Tal", "Tæller", "Nævner", "Udeladt", "Andel"]
    assert kpis["rows"][0][1:] == [2, 4, 0, "50,0 %"]  # drugs completed as planned
    assert kpis["rows"][1][1:] == [1, 3, 0, "33,3 %"]  # alcohol
    code, out = run(had, tmp_path, "json", "--table", "waiting", name="one")
    assert code == 0 and [t["id"] for t in json.loads(out.read_bytes())["tables"]] == ["waiting"]


@pytest.mark.django_db
def test_english(had, tmp_path, capsys):
    haderslev_2025(had)
    code, out = run(had, tmp_path, "json", "--from", "2025-01-01", "--lang", "en")
    assert code == 0, capsys.readouterr().err
    kpis = json.loads(out.read_bytes())["tables"][0]
    assert kpis["caption"] == "Key figures" and kpis["headers"][0] == "Figure"


# --- the filters --------------------------------------------------------------------------------


def kpis_of(town, tmp_path, *options) -> list[list]:
    code, out = run(town, tmp_path, "json", "--from", "2025-01-01", "--to", "2025-12-31", *options)
    assert code == 0
    return json.loads(out.read_bytes())["tables"][0]["rows"]


def table_of(town, tmp_path, table, *options) -> dict:
    code, out = run(town, tmp_path, "json", "--table", table, *options)
    assert code == 0
    (found,) = json.loads(out.read_bytes())["tables"]
    return found


@pytest.mark.django_db
def test_filters_are_applied(had, tmp_path):
    haderslev_2025(had)
    drugs, alcohol = (r[1:3] for r in kpis_of(had, tmp_path)[:2])
    assert (drugs, alcohol) == ([2, 4], [1, 3])
    drugs, alcohol = (r[1:3] for r in kpis_of(had, tmp_path, "--substance", "alcohol")[:2])
    assert (drugs, alcohol) == ([0, 0], [1, 3])
    drugs, alcohol = (r[1:3] for r in kpis_of(had, tmp_path, "--track", "SEL-101")[:2])
    assert (drugs, alcohol) == ([2, 4], [0, 0])
    own = str(had.centre.pk)
    assert [r[1:3] for r in kpis_of(had, tmp_path, "--centre", own)[:2]] == [[2, 4], [1, 3]]
    other = Centre.objects.create(municipality=had.municipality, name="Andet center")
    rows = kpis_of(had, tmp_path, "--centre", str(other.pk))
    assert [r[1:3] for r in rows[:2]] == [[0, 0], [0, 0]]


@pytest.mark.django_db
def test_the_period_and_its_defaults(had, tmp_path):
    haderslev_2025(had)
    flow = table_of(had, tmp_path, "flow", "--from", "2025-02-01", "--to", "2025-04-30")
    assert [r[0] for r in flow["rows"]] == ["2025-02", "2025-03", "2025-04"]
    # as the page: from 1 January of the as-of year to the as-of date
    flow = table_of(had, tmp_path, "flow", "--today", "2025-03-15")
    assert [r[0] for r in flow["rows"]] == ["2025-01", "2025-02", "2025-03"]
    # a start after the as-of date and no end: a period of one day
    code, out = run(had, tmp_path, "json", "--from", "2025-05-01", "--today", "2025-03-15")
    assert code == 0
    assert json.loads(out.read_bytes())["period"] == {"from": "2025-05-01", "to": "2025-05-01"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "group, header, rows",
    [
        (None, "Første ydelse", None),
        ("first_service", "Første ydelse", None),
        ("track", "Lovgrundlag", ["Serviceloven § 101", "Sundhedsloven § 141"]),
        ("substance", "Rusmiddel", ["alkohol", "stof"]),
    ],
)
def test_retention_grouping(had, tmp_path, group, header, rows):
    haderslev_2025(had)
    options = ["--from", "2025-01-01", "--to", "2025-12-31", "--today", "2026-11-01"]
    if group:
        options += ["--group-by", group]
    retention = table_of(had, tmp_path, "retention", *options)
    assert retention["headers"][0] == header
    if rows:
        assert sorted(r[0] for r in retention["rows"]) == rows


@pytest.mark.django_db
def test_another_municipality_s_figures_are_not_mixed_in(had, tmp_path):
    haderslev_2025(had)
    other = Town("haderslev")
    rows = kpis_of(other, tmp_path)
    assert [r[1:3] for r in rows[:2]] == [[0, 0], [0, 0]]
    # and the other municipality's centre is not a filter value here
    code, _out = run(other, tmp_path, "json", "--centre", str(had.centre.pk))
    assert code == 2


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra, danish, english",
    [
        (["--municipality", "nowhere"], "ukendt kommune", "unknown municipality 'nowhere'"),
        (["--from", "2025-02-30"], "ugyldig dato", "invalid date '2025-02-30'"),
        (["--to", "31-12-2025"], "ugyldig dato", "invalid date '31-12-2025'"),
        (
            ["--from", "2025-12-31", "--to", "2025-01-01"],
            "Perioden slutter, før den begynder.",
            "The period ends before it starts.",
        ),
        (
            ["--to", "2024-06-30", "--today", "2025-03-01"],  # before the default start
            "Perioden slutter, før den begynder.",
            "The period ends before it starts.",
        ),
        (
            ["--from", "2015-01-01", "--to", "2025-01-01"],
            "En periode kan højst være fem år.",
            "A period can be at most five years.",
        ),
        (["--table", "nope"], "ukendt tabel", "unknown table --table 'nope'; kendte / known: kpis"),
        (
            ["--substance", "tobacco"],
            f"{CHOICE_DA} tobacco er ikke",
            "Select a valid choice. tobacco is not one",
        ),
        (
            ["--track", "SEL-999"],
            f"{CHOICE_DA} SEL-999 er ikke",
            "Select a valid choice. SEL-999 is not one",
        ),
        (["--centre", "abc"], f"{CHOICE_DA} abc er ikke", "Select a valid choice. abc is not one"),
        (
            ["--centre", "999999"],
            f"{CHOICE_DA} 999999 er ikke",
            "Select a valid choice. 999999 is not one",
        ),
        (["--group-by", "service"], "ukendt gruppering", "unknown grouping --group-by"),
        (["--format", "pdf"], "ugyldig kommando", "invalid choice"),
        (["--out", "/nonexistent-dir/board.csv"], "kan ikke skrive", "cannot write"),
        (["--out", "{tmp}"], "kan ikke skrive", "cannot write"),  # a directory
    ],
)
def test_bad_input_exits_2_in_danish_and_english(had, tmp_path, capsys, extra, danish, english):
    argv = {"--municipality": had.municipality.code, "--format": "csv"}
    argv["--out"] = str(tmp_path / "board.csv")
    rest = []
    for option, value in zip(extra[::2], extra[1::2], strict=True):
        value = value.replace("{tmp}", str(tmp_path))
        if option in argv:
            argv[option] = value
        else:
            rest += [option, value]
    options = [x for pair in argv.items() for x in pair]
    code = main(["reports", "dashboard", *options, *rest])
    err = capsys.readouterr().err
    assert code == 2, err
    assert danish in err and english in err, err
    assert "Traceback" not in err
    assert not (tmp_path / "board.csv").exists()


@pytest.mark.django_db
def test_bad_filters_are_named_by_their_option_with_the_known_values(had, tmp_path, capsys):
    code, _out = run(had, tmp_path, "csv", "--substance", "x", "--centre", "0")
    err = capsys.readouterr().err
    assert code == 2
    assert "ugyldigt filter / invalid filter --substance 'x'" in err
    assert "kendte / known: drugs, alcohol" in err
    assert "ugyldigt filter / invalid filter --centre '0'" in err
    assert f"kendte / known: {had.centre.pk} (Rusmiddelcenter)" in err


# --- nothing personal ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_personal_in_any_format(had, tmp_path, capsys):
    from vendepunkt.citizens import services as citizens

    cpr = cpr_for(D(1985, 3, 14), seed=7)
    citizen = citizens.register_citizen(
        had.treater,
        had.municipality,
        cpr=cpr,
        name="Fiktiv Testesen",
        today=timezone.localdate(),
    )
    make_course(
        had,
        client=citizen,
        request_on=D(2025, 1, 5),
        start_on=D(2025, 1, 10),
        discharged_on=D(2025, 6, 1),
    )
    haderslev_2025(had)
    names = [c.name for c in type(citizen).objects.filter(municipality=had.municipality) if c.name]
    assert "Fiktiv Testesen" in names and len(names) > 5
    period = ["--from", "2025-01-01", "--to", "2025-12-31"]
    for fmt in ("csv", "json", "xlsx"):
        for group in ("first_service", "track", "substance"):
            code, out = run(had, tmp_path, fmt, *period, "--group-by", group, name=fmt + group)
            assert code == 0, capsys.readouterr().err
            if fmt == "xlsx":
                text = "\n".join(
                    str(v) for rows in sheets(out.read_bytes()).values() for r in rows for v in r
                )
            else:
                text = out.read_bytes().decode("utf-8-sig")
            assert "Test " not in text and "Fiktiv" not in text, fmt
            for name in names:
                assert name not in text, (fmt, name)
            assert cpr not in text and cpr.replace("-", "") not in text
            assert cpr[:6] not in text  # not even the birth date part
