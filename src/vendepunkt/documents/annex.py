"""The goal-attainment annex (R43) as HTML and PDF, standalone or as the annex of the public
document of the standard (`standard.py`): one template fragment for all of them."""

from __future__ import annotations

from django.template.loader import render_to_string

from vendepunkt.reporting.services import AnnexReport, annex_table, definitions

from .pdf import html_to_pdf
from .styles import inline_css


def annex_context(report: AnnexReport, *, public: bool = False) -> dict:
    return {
        "report": report,
        "table": annex_table(report, public=public),
        "public": public,
        "metrics": definitions([r.spec.metric for r in report.results]),
    }


def render_annex_html(report: AnnexReport, *, request=None, standalone: bool = True) -> str:
    context = annex_context(report)
    context["standalone"] = standalone
    if standalone:
        context["inline_css"] = inline_css()
    return render_to_string("reporting/annex_document.html", context, request=request)


def render_annex_pdf(report: AnnexReport) -> bytes:
    return html_to_pdf(render_annex_html(report, standalone=True))
