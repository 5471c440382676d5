"""The citizen's data rights in the staff application: the complete export for a request of
insight (JSON and PDF, GDPR art. 15) and the access log as CSV. Both call the services, which
check permission and log the read; neither puts personal data in a URL (client number only)."""

from __future__ import annotations

import csv
import io
import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from vendepunkt.audit import queries as audit_queries
from vendepunkt.rights.document import export_pdf
from vendepunkt.rights.services import export_client
from vendepunkt.texts import Text
from vendepunkt.web.access import staff_page

from .forms import PeriodForm

PURPOSE_INSIGHT = "insight_request"
PURPOSE_LOG_EXPORT = "access_log_export"


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_page
@require_safe
def insight(request, pk: int):
    """GET: the page explaining the export; ?format=json|pdf: the export itself."""
    wanted = request.GET.get("format")
    if wanted not in (None, "json", "pdf"):
        wanted = None
    if wanted is None:
        # The page itself shows no personal data beyond the client number: permission only.
        from vendepunkt.accounts.access import require
        from vendepunkt.citizens.models import Client

        client = Client.objects.filter(pk=pk).first()
        require(request.user, "rights.export_client", client)
        return render(request, "areas/citizens/insight.html", {"client_id": pk, "nav": "citizens"})
    data = export_client(request.user, pk, purpose=PURPOSE_INSIGHT, today=timezone.localdate())
    stamp = timezone.localdate().isoformat()
    if wanted == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        return _download(body, "application/json", f"indsigt-klient-{pk}-{stamp}.json")
    return _download(export_pdf(data), "application/pdf", f"indsigt-klient-{pk}-{stamp}.pdf")


@staff_page
@require_safe
def access_log_csv(request, pk: int):
    """The access log as CSV (semicolon-separated, UTF-8 with BOM so a Danish spreadsheet opens
    it), for the period asked for."""
    form = PeriodForm(request.GET if ("since" in request.GET or "until" in request.GET) else None)
    since = until = None
    if form.is_bound and form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    log = audit_queries.access_log(
        request.user, pk, purpose=PURPOSE_LOG_EXPORT, since=since, until=until
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    headings = [_("time"), _("staff"), _("role"), _("record"), _("id"), _("purpose"), _("client")]
    writer.writerow([f"{t.da}/{t.en}" for t in map(Text, headings)])
    for e in log.entries:
        writer.writerow(
            [
                timezone.localtime(e.at).isoformat(timespec="seconds"),
                e.actor.get_full_name() or e.actor.username,
                e.actor.get_role_display(),
                e.record_type,
                e.record_id,
                e.purpose,
                e.client_id,
            ]
        )
    body = ("\ufeff" + out.getvalue()).encode("utf-8")
    stamp = timezone.localdate().isoformat()
    return _download(body, "text/csv; charset=utf-8", f"adgangslog-klient-{pk}-{stamp}.csv")
