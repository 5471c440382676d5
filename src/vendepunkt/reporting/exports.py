"""Every report's tables as CSV (semicolon-separated, UTF-8 with BOM, as Danish spreadsheets
expect), as XLSX (openpyxl, one sheet per table) and, for the command line, as JSON.

The leaders' dashboard is exported by `dashboard_export` for both the web page's downloads and
`vendepunkt reports dashboard`, so the two give the same bytes for the same filters."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence

from .services import Dashboard, Table

FORMATS = ("csv", "xlsx")


def to_csv(tables: Sequence[Table], title: str = "") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    if title:
        writer.writerow([title])
        writer.writerow([])
    for i, t in enumerate(tables):
        if i:
            writer.writerow([])
        writer.writerow([t.caption])
        writer.writerow(t.headers)
        writer.writerows([_cell(v) for v in row] for row in t.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value):
    # A cell beginning with = + - @ would be read as a formula by a spreadsheet (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_xlsx(tables: Sequence[Table], title: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for t in tables:
        name = _sheet_name(t.id, used)
        ws = wb.create_sheet(name)
        ws.append([title or t.caption])
        ws["A1"].font = Font(bold=True)
        if title:
            ws.append([t.caption])
        ws.append(list(t.headers))
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for row in t.rows:
            ws.append([_cell(v) for v in row])
        for col in ws.columns:
            width = max(len(str(c.value or "")) for c in col)
            ws.column_dimensions[col[0].column_letter].width = min(60, max(10, width + 2))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", name)[:28] or "Ark"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def to_json(tables: Sequence[Table], meta: dict | None = None) -> bytes:
    """The tables as JSON (UTF-8): `meta` (what was reported, for which filters) and `tables`,
    each with its id, caption, headers and rows, the values as in the CSV (no formula escaping:
    JSON is not read by a spreadsheet)."""
    document = dict(meta or {})
    document["tables"] = [
        {
            "id": t.id,
            "caption": t.caption,
            "headers": list(t.headers),
            "rows": [list(r) for r in t.rows],
        }
        for t in tables
    ]
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- the leaders' dashboard --------------------------------------------------------------------


def dashboard_title(board: Dashboard) -> str:
    p = board.period
    return f"{board.municipality.name} {p.start.isoformat()}–{p.end.isoformat()}"


def dashboard_file_name(board: Dashboard) -> str:
    """The file name without its extension."""
    p = board.period
    return f"noegletal-{board.municipality.code}-{p.start.isoformat()}-{p.end.isoformat()}"


def dashboard_export(board: Dashboard, fmt: str, tables: Sequence[Table] | None = None) -> bytes:
    """The dashboard's tables (all, or those given) as CSV or XLSX, under the title that names the
    municipality and the period."""
    chosen = board.tables if tables is None else tables
    if fmt == "csv":
        return to_csv(chosen, dashboard_title(board))
    if fmt == "xlsx":
        return to_xlsx(chosen, dashboard_title(board))
    raise ValueError(f"unknown format {fmt!r}")


def dashboard_json(board: Dashboard, tables: Sequence[Table] | None = None) -> bytes:
    """The dashboard's tables (all, or those given) as JSON, with the municipality, the period,
    the as-of date and the filters they were computed for."""
    p, f = board.period, board.filters
    meta = {
        "report": "dashboard",
        "title": dashboard_title(board),
        "municipality": {"code": board.municipality.code, "name": board.municipality.name},
        "period": {"from": p.start.isoformat(), "to": p.end.isoformat()},
        "as_of": board.as_of.isoformat(),
        "filters": {
            "centre": f.centre,
            "substance": f.substance,
            "track": f.track,
            "group_by": "first_service" if board.group_by == "service" else board.group_by,
        },
    }
    return to_json(board.tables if tables is None else tables, meta)
