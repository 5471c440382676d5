"""`vendepunkt reports annex`: the goal-attainment annex of a municipality and year, written as
HTML, PDF, CSV or XLSX, alone or as the annex of the whole public document (`--document`).

`vendepunkt reports dashboard`: the tables of the leaders' dashboard (`/rapporter/`) for a
municipality, a period and the page's filters, as CSV, XLSX or JSON. The filters are checked by
the rules the web page's form also uses (`reporting/filters.py`: the same defaults and messages), the
figures come from `services.dashboard_report` (the same computation as the page) and CSV and XLSX
from `exports.dashboard_export` (the same bytes as the page's downloads).

Run by an operator with shell access on the server (like `sync_standards`), so there is no user
whose permission to check; the output is aggregates only. Bad input is a message in Danish and
English, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

FORMATS = ("html", "pdf", "csv", "xlsx")
DASHBOARD_FORMATS = ("csv", "xlsx", "json")
# --group-by on the command line → the dashboard's grouping (`DashboardFilter.group_by`)
GROUP_BY = {"first_service": "service", "track": "track", "substance": "substance"}
# the filter's fields (`DashboardFilter`) → the command line's options
OPTIONS = {
    "start": "--from",
    "end": "--to",
    "centre": "--centre",
    "substance": "--substance",
    "track": "--track",
    "group_by": "--group-by",
}


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

    from vendepunkt.documents.annex import render_annex_html, render_annex_pdf
    from vendepunkt.reporting import exports
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
            from vendepunkt.documents.standard import render_document_html, render_document_pdf
            from vendepunkt.rules.standards import registry

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


def dashboard(
    municipality: str,
    fmt: str,
    out: Path,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    centre: str | None = None,
    substance: str | None = None,
    track: str | None = None,
    group_by: str | None = None,
    table: str | None = None,
    lang: str = "da",
    today: dt.date | None = None,
) -> int:
    """Every table of the leaders' dashboard (or the one named by `table`) in one file: CSV with
    the tables one after the other (as the page's download), XLSX with a sheet per table, JSON."""
    from django.db import DatabaseError
    from django.utils import timezone, translation

    from vendepunkt.accounts.models import Centre
    from vendepunkt.reporting import exports
    from vendepunkt.reporting.filters import (
        InvalidFilter,
        choose,
        parse_filter,
        period_bounds,
        period_problem,
    )
    from vendepunkt.reporting.services import dashboard_report

    if fmt not in DASHBOARD_FORMATS:
        raise ReportUsageError(
            f"ukendt format / unknown format {fmt!r}: {', '.join(DASHBOARD_FORMATS)}"
        )
    if group_by is not None and group_by not in GROUP_BY:
        raise ReportUsageError(
            f"ukendt gruppering / unknown grouping --group-by {group_by!r}; "
            f"kendte / known: {', '.join(GROUP_BY)}"
        )
    today = today or timezone.localdate()
    with translation.override(lang):
        try:
            found = find_municipality(municipality)
            centres = dict(
                Centre.objects.filter(municipality=found).order_by("name").values_list("pk", "name")
            )
            try:
                chosen = parse_filter(
                    centres=centres,
                    start=start,
                    end=end,
                    centre=centre,
                    substance=substance,
                    track=track,
                    group_by=GROUP_BY[group_by] if group_by else None,
                )
            except InvalidFilter as exc:
                raise ReportUsageError(_filter_problems(exc.problems)) from None
            choice = choose(chosen, today)
            if choice is None:  # the period with its defaults filled in
                first, last = period_bounds(start, end, today)
                raise ReportUsageError(
                    f"ugyldig periode / invalid period --from {first} --to {last}: "
                    f"{_both(period_problem(first, last))}"
                )
            board = dashboard_report(
                found,
                period=choice.period,
                filters=choice.filters,
                as_of=today,
                group_by=choice.group_by,
            )
        except DatabaseError as exc:
            raise ReportUsageError(
                f"databasen kan ikke læses / cannot read the database: {exc}".strip()
            ) from None
        except LookupError as exc:  # the municipality's standard file is not loaded
            raise ReportUsageError(f"standarden mangler / standard missing: {exc}") from None
        tables = board.tables
        if table is not None:
            tables = [t for t in board.tables if t.id == table]
            if not tables:
                known = ", ".join(t.id for t in board.tables)
                raise ReportUsageError(
                    f"ukendt tabel / unknown table --table {table!r}; kendte / known: {known}"
                )
        if fmt == "json":
            data = exports.dashboard_json(board, tables)
        else:
            data = exports.dashboard_export(board, fmt, tables)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise ReportUsageError(f"kan ikke skrive / cannot write {out}: {exc.strerror}") from None
    p = board.period
    print(
        f"{out}: {fmt.upper()} skrevet / written ({len(data)} bytes) — {found.name} "
        f"{p.start.isoformat()}–{p.end.isoformat()}: {len(tables)} tabel(ler) / table(s)"
    )
    return 0


def _both(message) -> str:
    """A message (lazy) in Danish and in English."""
    from django.utils import translation

    texts = []
    for lang in ("da", "en"):
        with translation.override(lang):
            texts.append(str(message))
    return " / ".join(dict.fromkeys(texts))


def _filter_problems(problems) -> str:
    """The filter's problems as the command line's options, each in Danish and English, with the
    values a choice may take."""
    lines = []
    for problem in problems:
        value = problem.value
        if problem.field == "group_by":
            value = next((k for k, v in GROUP_BY.items() if v == value), value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        line = (
            f"ugyldigt filter / invalid filter {OPTIONS[problem.field]} {value!r}: "
            f"{_both(problem.message)}"
        )
        if problem.known:
            known = [
                f"{v} ({label})" if problem.field == "centre" else str(v)
                for v, label in problem.known
            ]
            if problem.field == "group_by":
                known = list(GROUP_BY)
            line += f"; kendte / known: {', '.join(known) or 'ingen / none'}"
        lines.append(line)
    return "\n".join(lines)
