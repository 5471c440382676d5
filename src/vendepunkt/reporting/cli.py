"""`vendepunkt reports annex`: the goal-attainment annex of a municipality and year, written as
HTML, PDF, CSV or XLSX, alone or as the annex of the whole public document (`--document`).

Run by an operator with shell access on the server (like `sync_standards`), so there is no user
whose permission to check; the output is aggregates only. Bad input is a message in Danish and
English, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

FORMATS = ("html", "pdf", "csv", "xlsx")


class ReportUsageError(Exception):
    """Bad input; the message is shown as it is."""


def setup_django() -> None:
    import os

    import django
    from django.conf import settings

    if settings.configured and django.apps.apps.ready:
        return
    from django.core.exceptions import ImproperlyConfigured

    from vendepunkt.envfile import load_env_file

    load_env_file()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vendepunkt.settings")
    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise ReportUsageError(f"Konfigurationsfejl / configuration error: {exc}") from None


def find_municipality(key: str):
    from vendepunkt.accounts.models import Municipality

    query = Municipality.objects.filter(code=key)
    if key.isdigit():
        query = query | Municipality.objects.filter(pk=int(key))
    found = query.first()
    if found is None:
        known = ", ".join(Municipality.objects.order_by("code").values_list("code", flat=True))
        raise ReportUsageError(
            f"ukendt kommune / unknown municipality {key!r}; kendte / known: {known or 'ingen / none'}"
        )
    return found


def annex(
    municipality: str,
    year: int,
    fmt: str,
    out: Path,
    *,
    document: bool = False,
    lang: str = "da",
    today: dt.date | None = None,
) -> int:
    from django.db import DatabaseError
    from django.utils import translation

    from vendepunkt.reporting import exports
    from vendepunkt.reporting.annex import render_annex_html, render_annex_pdf
    from vendepunkt.reporting.services import annex_report, annex_table

    today = today or dt.date.today()
    if fmt not in FORMATS:
        raise ReportUsageError(f"ukendt format / unknown format {fmt!r}: {', '.join(FORMATS)}")
    if not 2000 <= year <= today.year:
        raise ReportUsageError(
            f"ugyldigt år / invalid year {year}: fra / from 2000 til / to {today.year}"
        )
    if document and fmt not in ("html", "pdf"):
        raise ReportUsageError("--document kræver / needs --format html eller / or pdf")
    with translation.override(lang):
        try:
            found = find_municipality(municipality)
            report = annex_report(found, year, today)
        except DatabaseError as exc:
            raise ReportUsageError(
                f"databasen kan ikke læses / cannot read the database: {exc}".strip()
            ) from None
        except LookupError as exc:  # the municipality's standard file is not loaded
            raise ReportUsageError(f"standarden mangler / standard missing: {exc}") from None
        if document:
            from vendepunkt.rules.standards import registry
            from vendepunkt.web.documents import render_document_html, render_document_pdf

            loaded = registry.get(found.standard_id)
            data = (
                render_document_pdf(loaded, today, annex=report)
                if fmt == "pdf"
                else render_document_html(loaded, today, standalone=True, annex=report).encode()
            )
        elif fmt == "pdf":
            data = render_annex_pdf(report)
        elif fmt == "html":
            data = render_annex_html(report, standalone=True).encode("utf-8")
        else:
            table = annex_table(report)
            data = (exports.to_csv if fmt == "csv" else exports.to_xlsx)([table])
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise ReportUsageError(f"kan ikke skrive / cannot write {out}: {exc.strerror}") from None
    met = sum(r.met is True for r in report.results)
    print(
        f"{out}: {fmt.upper()} skrevet / written ({len(data)} bytes) — {found.name} {year}: "
        f"{met} af / of {len(report.results)} mål opfyldt / targets met"
    )
    return 0
