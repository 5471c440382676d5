"""Every report's tables as CSV (semicolon-separated, UTF-8 with BOM, as Danish spreadsheets
expect) and as XLSX (openpyxl, one sheet per table)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from .services import Table


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
