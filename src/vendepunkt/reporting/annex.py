"""The goal-attainment annex (R43) as HTML and PDF, standalone or as the annex of the public
document of the standard (`web/documents.py`): one template fragment for all of them."""

from __future__ import annotations

from django.template.loader import render_to_string

from .services import AnnexReport, annex_table

STYLESHEETS = ("site.css", "document.css")


def annex_context(report: AnnexReport, *, public: bool = False) -> dict:
    from .services import definitions

    return {
        "report": report,
        "table": annex_table(report, public=public),
        "public": public,
        "metrics": definitions([r.spec.metric for r in report.results]),
    }


def render_annex_html(report: AnnexReport, *, request=None, standalone: bool = True) -> str:
    from vendepunkt.web.documents import STATIC

    context = annex_context(report)
    context["standalone"] = standalone
    if standalone:
        context["inline_css"] = "\n".join(
            (STATIC / name).read_text(encoding="utf-8") for name in STYLESHEETS
        )
    return render_to_string("reporting/annex_document.html", context, request=request)


def render_annex_pdf(report: AnnexReport) -> bytes:
    from weasyprint import HTML  # heavy import, kept local

    return HTML(string=render_annex_html(report, standalone=True)).write_pdf()
