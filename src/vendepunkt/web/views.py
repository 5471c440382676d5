from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from vendepunkt.documents.standard import render_document_html, render_document_pdf
from vendepunkt.rules.standards import registry
from vendepunkt.rules.standards.lint import Severity, lint
from vendepunkt.standards.services import current_versions

from .access import error_page
from .public import (
    RenderBusy,
    document_busy,
    document_key,
    public_rate_limit,
    stored_document,
)


@require_safe
@public_rate_limit
def start(request):
    today = timezone.localdate()
    versions = current_versions()
    rows = []
    for std_id, loaded in registry.load_all().items():
        findings = lint(loaded, today)
        rows.append(
            {
                "std": loaded.standard,
                "version": versions.get(std_id),
                "sha": loaded.sha256[:12],
                "errors": sum(f.severity == Severity.error for f in findings),
                "warnings": sum(f.severity == Severity.warning for f in findings),
            }
        )
    return render(request, "web/start.html", {"rows": rows})


def _loaded_or_404(standard_id: str):
    loaded = registry.get(standard_id)
    if loaded is None:
        raise Http404("Ukendt standard / unknown standard")
    return loaded


def _annex(request, standard_id: str, today):
    """The goal-attainment annex the public document carries (R43): the last full year, or the
    year asked for (`?aar=YYYY`)."""
    from vendepunkt.reporting.services import annex_year, public_annex

    return public_annex(standard_id, annex_year(request.GET.get("aar"), today), today)


@require_safe
@public_rate_limit
def standard_document(request, standard_id: str):
    loaded = _loaded_or_404(standard_id)
    today = timezone.localdate()
    annex = _annex(request, standard_id, today)
    html = render_document_html(loaded, today, request=request, annex=annex)
    return HttpResponse(html)


@require_safe
@public_rate_limit
def standard_pdf(request, standard_id: str):
    """The public document as PDF, rendered once per standard version, annex year, language and
    day and then served from the "documents" cache (D41a)."""
    from vendepunkt.reporting.services import annex_year, public_annex

    loaded = _loaded_or_404(standard_id)
    today = timezone.localdate()
    year = annex_year(request.GET.get("aar"), today)
    key = document_key(standard_id, loaded.sha256, year, get_language() or "da", today)

    def render_pdf() -> bytes:
        annex = public_annex(standard_id, year, today)
        return render_document_pdf(loaded, today, annex=annex)

    try:
        pdf = stored_document(key, render_pdf)
    except RenderBusy:
        return document_busy(request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="kvalitetsstandard-{loaded.standard.id}.pdf"'
    )
    return response


def _error(request, status: int, title: Promise, text: Promise):
    return error_page(request, status, title, text)


def bad_request(request, exception=None):
    return _error(request, 400, _("Bad request"), _("The request could not be understood."))


def permission_denied(request, exception=None):
    return _error(request, 403, _("Access denied"), _("You do not have access to this page."))


def not_found(request, exception=None):
    return _error(request, 404, _("Page not found"), _("The page or standard does not exist."))


def server_error(request):
    return _error(
        request,
        500,
        _("An error occurred"),
        _("The error has been logged. Please try again later."),
    )
