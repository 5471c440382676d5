"""Register extracts for leaders (R41; issue 6 §§ 4–5): validate an extract and see the diff
against the last submission for the month, download the extract (which records the submission)
and download the month's FHIR bundle. Centre leaders and administrators only; others get the
bilingual 403 page without personal data. Findings and changes name local course numbers and
fields, never a person; the register and month travel in the URL, nothing else."""

from __future__ import annotations

import datetime as dt
import tempfile

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from vendepunkt.accounts.access import AccessDenied, NotFound
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.citizens.models import Client
from vendepunkt.registers import fhir, services
from vendepunkt.rules.dates import add_months
from vendepunkt.web.access import staff_page
from vendepunkt.web.refusals import service_message

from .forms import ClientForm, ExtractForm, PeriodForm


def _gate(request) -> None:
    if not services.may_extract(request.user):
        raise AccessDenied(services.PERM)


def _last_month(today: dt.date) -> str:
    return f"{add_months(today, -1):%Y-%m}"


def _view_result(request, result) -> dict:
    english = request.LANGUAGE_CODE == "en"
    findings = [
        {
            "f": f,
            "severity": str(f.severity),
            "course": int(f.row) if f.row else None,
            "message": f.message_en if english else f.message_da,
        }
        for f in result.findings.kept
    ]
    diff = result.diff
    changes = [
        {"kind": c.kind, "course": int(c.key), "fields": ", ".join(c.fields)}
        for c in (diff.changes if diff else [])
    ]
    return {"result": result, "findings": findings, "diff": diff, "changes": changes}


def _page(request, form, *, result=None, status=200, error=None):
    today = timezone.localdate()
    context = {
        "form": form,
        "fhir_form": PeriodForm(initial={"period": _last_month(today)}, prefix="fhir"),
        "client_form": ClientForm(prefix="citizen"),
        "submissions": services.submissions(request.user),
        "error": error,
        "nav": "registers",
    }
    if result is not None:
        context.update(_view_result(request, result))
    return render(request, "areas/registers/index.html", context, status=status)


@staff_page
@require_safe
def index(request):
    _gate(request)
    today = timezone.localdate()
    if "register" not in request.GET:
        form = ExtractForm(initial={"register": "smdb", "period": _last_month(today)})
        return _page(request, form)
    form = ExtractForm(request.GET)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    try:
        result = services.check_extract(request.user, data["register"], data["period"], today=today)
    except ServiceError as error:
        form.add_error(
            error.field if error.field in form.fields else None, service_message(request, error)
        )
        return _page(request, form, status=400)
    return _page(request, form, result=result)


@staff_page
@require_POST
def download(request):
    _gate(request)
    today = timezone.localdate()
    form = ExtractForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    # In memory up to 4 MiB, then on disk: the page's memory does not grow with the extract.
    buffer = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    try:
        submission, _result = services.create_extract(
            request.user, data["register"], data["period"], buffer, today=today
        )
    except services.ExtractRefused as refused:
        return _page(
            request,
            form,
            result=refused.result,
            status=400,
            error=service_message(request, refused),
        )
    except ServiceError as error:
        form.add_error(
            error.field if error.field in form.fields else None, service_message(request, error)
        )
        return _page(request, form, status=400)
    buffer.seek(0)
    name = f"{submission.register}-{request.user.municipality.code}-{submission.period}.csv"
    response = FileResponse(
        buffer, as_attachment=True, filename=name, content_type="text/csv; charset=utf-8"
    )
    response["X-Vendepunkt-Sha256"] = submission.sha256
    return response


@staff_page
@require_POST
def fhir_download(request):
    _gate(request)
    today = timezone.localdate()
    form = PeriodForm(request.POST, prefix="fhir")
    if not form.is_valid():
        return _page(request, ExtractForm(initial={"register": "smdb"}), status=400)
    try:
        bundle = fhir.period_bundle(request.user, form.cleaned_data["period"], today=today)
    except ServiceError as error:
        return _page(
            request,
            ExtractForm(initial={"register": "smdb"}),
            status=400,
            error=service_message(request, error),
        )
    response = HttpResponse(bundle.model_dump_json(), content_type="application/fhir+json")
    period = form.cleaned_data["period"]
    name = f"fhir-{request.user.municipality.code}-{period}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_page
@require_POST
def fhir_citizen(request):
    """One citizen's bundle, by client number (another municipality's client is "not found")."""
    _gate(request)
    form = ClientForm(request.POST, prefix="citizen")
    if not form.is_valid():
        return _page(request, ExtractForm(initial={"register": "smdb"}), status=400)
    client = Client.objects.filter(pk=form.cleaned_data["client"]).first()
    if client is None:
        raise NotFound("Client")
    bundle = fhir.citizen_bundle(request.user, client, today=timezone.localdate())
    response = HttpResponse(bundle.model_dump_json(), content_type="application/fhir+json")
    response["Content-Disposition"] = f'attachment; filename="fhir-klient-{client.pk}.json"'
    return response
