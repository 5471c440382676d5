"""Leaders' report screens (R42–R44): the dashboard with charts and their tables, the
goal-attainment annex (HTML and PDF) and exports of every report to CSV and XLSX."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from vendepunkt.documents.annex import annex_context, render_annex_pdf
from vendepunkt.reporting import exports, queries
from vendepunkt.reporting.services import annex_table, definitions
from vendepunkt.web.access import staff_page

from .forms import FilterForm

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _chart_data(board) -> dict:
    """The data of each chart, as JSON for reporting.js; the same numbers as the tables."""
    tables = {t.id: t for t in board.tables}
    flow = tables["flow"]
    return {
        "waiting": {
            "labels": [r[0] for r in tables["waiting"].rows],
            "series": [{"label": _("Courses"), "data": [r[1] for r in tables["waiting"].rows]}],
        },
        "flow": {
            "labels": [r[0] for r in flow.rows],
            "series": [
                {"label": flow.headers[i], "data": [r[i] for r in flow.rows]}
                for i in range(1, len(flow.headers))
            ],
        },
        "retention": {
            "x_label": _("days"),
            "series": [
                {
                    "label": group,
                    "points": [{"x": p.day, "y": round(p.survival * 100, 1)} for p in points],
                }
                for group, points in board.retention.items()
            ],
        },
        "outcomes": {
            "labels": [r[0] for r in tables["statuses"].rows],
            "series": [{"label": _("Courses"), "data": [r[1] for r in tables["statuses"].rows]}],
        },
        "capacity": {
            "labels": [r[0] for r in tables["capacity"].rows],
            "series": [
                {
                    "label": _("Use (%)"),
                    "data": [
                        None if u.value is None else round(u.value * 100, 1)
                        for u in board.figures.capacity
                    ],
                }
            ],
        },
    }


@staff_page
@require_safe
def dashboard(request):
    today = timezone.localdate()
    form = FilterForm(request.GET or None, municipality_id=request.user.municipality_id)
    board = queries.dashboard(request.user, form.dashboard_filter(), today)
    tables = {t.id: t for t in board.tables}
    context = {
        "form": form,
        "board": board,
        "tables": tables,
        "charts": _chart_data(board),
        "metrics": definitions(),
        "query": request.GET.urlencode(),
        "nav": "reports",
    }
    return render(request, "areas/reporting/dashboard.html", context)


def _download(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _export(tables, fmt: str, title: str) -> bytes:
    if fmt == "csv":
        return exports.to_csv(tables, title)
    return exports.to_xlsx(tables, title)


@staff_page
@require_safe
def dashboard_export(request, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    today = timezone.localdate()
    form = FilterForm(request.GET or None, municipality_id=request.user.municipality_id)
    board = queries.dashboard(request.user, form.dashboard_filter(), today)
    data = exports.dashboard_export(board, fmt)  # the same bytes as `vendepunkt reports dashboard`
    return _download(data, fmt, exports.dashboard_file_name(board))


@staff_page
@require_safe
def annex(request):
    today = timezone.localdate()
    report = queries.annex(request.user, request.GET.get("aar"), today)
    context = annex_context(report)
    context.update(
        {
            "years": list(range(today.year, today.year - 6, -1)),
            "nav": "reports",
        }
    )
    return render(request, "areas/reporting/annex.html", context)


@staff_page
@require_safe
def annex_pdf(request):
    today = timezone.localdate()
    report = queries.annex(request.user, request.GET.get("aar"), today)
    response = HttpResponse(render_annex_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="maalopfyldelse-{report.municipality.code}-{report.year}.pdf"'
    )
    return response


@staff_page
@require_safe
def annex_export(request, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    today = timezone.localdate()
    report = queries.annex(request.user, request.GET.get("aar"), today)
    table = annex_table(report)
    name = f"maalopfyldelse-{report.municipality.code}-{report.year}"
    return _download(_export([table], fmt, table.caption), fmt, name)
