"""The `vendepunkt` command line.

    vendepunkt standards list
    vendepunkt standards validate FILE
    vendepunkt standards lint [FILE | ID | --all] [--format text|json] [--today YYYY-MM-DD]
    vendepunkt standards render ID --format html|pdf --out PATH
    vendepunkt standards schema --out PATH
    vendepunkt reports annex --municipality CODE --year YYYY --format html|pdf|csv|xlsx --out PATH
                             [--document] [--lang da|en] [--today YYYY-MM-DD]
    vendepunkt reports dashboard --municipality CODE --format csv|xlsx|json --out PATH
                             [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--centre ID] [--substance S]
                             [--track T] [--group-by first_service|track|substance]
                             [--table NAME] [--lang da|en] [--today YYYY-MM-DD]
    vendepunkt init-env
    vendepunkt registers smdb|nab|substitution --municipality ID --period YYYY-MM --user NAME
               (--out PATH | --validate-only) [--diff]
    vendepunkt registers fhir --municipality ID (--period YYYY-MM | --client N) --user NAME --out PATH

Exit codes: 0 ok, 1 error-level findings (or a failed render), 2 invalid input. A user never
sees a traceback: every expected failure is a message in Danish and English.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from vendepunkt.rules.dates import iso_date
from vendepunkt.rules.standards import registry
from vendepunkt.rules.standards.lint import Finding, Severity, lint, worst
from vendepunkt.rules.standards.loader import LoadedStandard, StandardFileError, load_standard
from vendepunkt.rules.standards.schema import Standard

OK, FINDINGS, INVALID = 0, 1, 2


class UsageError(Exception):
    """Bad input on the command line; the message is shown as it is."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors, in both languages
        raise UsageError(f"ugyldig kommando / invalid command: {message}\n{self.format_usage()}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="vendepunkt", description="Vendepunkt: kvalitetsstandarder / quality standards"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser(
        "init-env", help="skriv var/vendepunkt.env med nye hemmeligheder / write a demo env file"
    )
    std = sub.add_parser("standards", help="kvalitetsstandarder / quality standards")
    ssub = std.add_subparsers(dest="action", required=True, parser_class=_Parser)
    ssub.add_parser("list", help="vis indlæste standarder / list loaded standards")
    validate = ssub.add_parser("validate", help="valider en fil / validate a file")
    validate.add_argument("file")
    lint_p = ssub.add_parser("lint", help="tjek mod loven / check against the law")
    lint_p.add_argument("target", nargs="?", help="fil eller id / file or id")
    lint_p.add_argument(
        "--all", action="store_true", help="alle indlæste standarder / every loaded standard"
    )
    lint_p.add_argument("--format", choices=["text", "json"], default="text")
    lint_p.add_argument(
        "--today",
        type=iso_date,
        default=None,
        help="dato for tjekket / date of the check (YYYY-MM-DD)",
    )
    render = ssub.add_parser(
        "render", help="dan det offentlige dokument / render the public document"
    )
    render.add_argument("id")
    render.add_argument("--format", choices=["html", "pdf"], required=True)
    render.add_argument("--out", required=True)
    schema = ssub.add_parser("schema", help="eksportér JSON Schema / export the JSON Schema")
    schema.add_argument("--out", required=True)
    reports = sub.add_parser("reports", help="rapporter / reports")
    rsub = reports.add_subparsers(dest="action", required=True, parser_class=_Parser)
    annex = rsub.add_parser(
        "annex", help="bilag om målopfyldelse / the goal-attainment annex (R43)"
    )
    annex.add_argument("--municipality", required=True, help="kommunens kode / municipality code")
    annex.add_argument("--year", type=_year, required=True, help="YYYY")
    annex.add_argument("--format", choices=["html", "pdf", "csv", "xlsx"], required=True)
    annex.add_argument("--out", required=True)
    annex.add_argument(
        "--document",
        action="store_true",
        help="hele det offentlige dokument med bilaget / the whole public document with the annex",
    )
    annex.add_argument("--lang", choices=["da", "en"], default="da")
    annex.add_argument("--today", type=iso_date, default=None, help="beregningsdato / as-of date")
    board = rsub.add_parser(
        "dashboard",
        help="ledernes nøgletal (tabellerne på /rapporter/) / the leaders' dashboard tables (R44)",
    )
    board.add_argument("--municipality", required=True, help="kommunens kode / municipality code")
    board.add_argument(
        "--from",
        dest="start",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="første dag / first day (1. januar i år / 1 January this year)",
    )
    board.add_argument(
        "--to",
        dest="end",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="sidste dag / last day (i dag / today)",
    )
    board.add_argument("--centre", metavar="ID", help="centrets id / the centre's id")
    board.add_argument("--substance", metavar="S", help="drugs | alcohol")
    board.add_argument("--track", metavar="T", help="SEL-101 | SEL-101a | SUL-141 | SUL-142")
    board.add_argument(
        "--group-by",
        metavar="G",
        help="fastholdelse fordelt på / retention by: first_service (standard) | track | substance",
    )
    board.add_argument("--format", choices=["csv", "xlsx", "json"], required=True)
    board.add_argument("--out", required=True, metavar="PATH", help="fil / file")
    board.add_argument("--table", metavar="NAME", help="kun én tabel / one table only: kpis, …")
    board.add_argument("--lang", choices=["da", "en"], default="da")
    board.add_argument(
        "--today", type=iso_date, metavar="YYYY-MM-DD", help="beregningsdato / as-of date"
    )
    from vendepunkt.registers.runner import add_arguments as register_arguments

    register_arguments(
        sub.add_parser(
            "registers",
            help="registerudtræk og FHIR-eksport / register extracts and the FHIR export",
        )
    )
    return parser


def _year(value: str) -> int:
    if not (value.isdigit() and len(value) == 4):
        raise argparse.ArgumentTypeError(f"ugyldigt år / invalid year {value!r} (YYYY)")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "init-env":
            return _init_env()
        if args.command == "demo":
            return _demo(args)
        if args.command == "reports":
            return _reports(args)
        if args.command == "registers":
            return _registers(args)
        return ACTIONS[args.action](args)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return INVALID
    except StandardFileError as exc:
        print("Ugyldig standardfil / invalid standard file:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return INVALID
    except KeyboardInterrupt:
        return INVALID
    except BrokenPipeError:  # output piped into e.g. `head`
        sys.stderr.close()
        return OK
    except Exception as exc:  # never a traceback for the user; the message says what failed
        print(f"Uventet fejl / unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return FINDINGS


# --- actions -------------------------------------------------------------------------------


def _init_env() -> int:
    from vendepunkt.envfile import ENV_FILE, write_env_file

    written = write_env_file()
    print(f"{ENV_FILE}: {'skrevet / written' if written else 'findes allerede / already exists'}")
    return OK


def _demo(args) -> int:
    """Demo data through the full application settings (database, encryption key)."""
    import os

    import django
    from django.core.management import call_command

    from vendepunkt.envfile import load_env_file

    load_env_file()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vendepunkt.settings")
    django.setup()
    options = {"courses": args.courses, "seed": args.seed, "if_empty": args.if_empty}
    if args.municipality:
        options["municipality"] = args.municipality
    call_command("demo", **options)
    return OK


def _reports(args) -> int:
    """The annex and the dashboard from the database (full application settings: database,
    encryption key)."""
    from vendepunkt.reporting import cli as reports

    try:
        reports.setup_django()
        if args.action == "dashboard":
            return reports.dashboard(
                args.municipality,
                args.format,
                Path(args.out),
                start=args.start,
                end=args.end,
                centre=args.centre,
                substance=args.substance,
                track=args.track,
                group_by=args.group_by,
                table=args.table,
                lang=args.lang,
                today=args.today,
            )
        return reports.annex(
            args.municipality,
            args.year,
            args.format,
            Path(args.out),
            document=args.document,
            lang=args.lang,
            today=args.today,
        )
    except reports.ReportUsageError as exc:
        raise UsageError(str(exc)) from None


def _registers(args) -> int:
    """Register extracts and the FHIR export through the full application settings."""
    import os

    import django

    from vendepunkt.envfile import load_env_file

    load_env_file()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vendepunkt.settings")
    django.setup()
    from vendepunkt.registers.runner import run

    return run(vars(args))


def _list(args) -> int:
    for std_id, loaded in registry.load_all().items():
        s = loaded.standard
        period = f"{s.document.period_start or '?'}–{s.document.period_end or '?'}"
        print(
            f"{std_id:<12} {s.municipality.name:<22} {period:<24} {len(s.services):>3} ydelser/services  {loaded.path.name}"
        )
    return OK


def _validate(args) -> int:
    loaded = load_standard(args.file)
    s = loaded.standard
    print(
        f"{args.file}: gyldig / valid — {s.id} ({s.municipality.name}): {len(s.services)} ydelser/services, "
        f"{len(s.visitation.forums)} fora/forums, {len(s.deadlines)} frister/deadlines, "
        f"{len(s.complaints.routes)} klageveje/complaint routes, {len(s.kpi_targets)} måltal/targets"
    )
    return OK


def _lint(args) -> int:
    if args.all == bool(args.target):
        raise UsageError("angiv en fil, et id eller --all / give a file, an id or --all")
    today = args.today or dt.date.today()
    targets = list(registry.load_all().values()) if args.all else [_resolve(args.target)]
    results = {item.standard.id: lint(item, today) for item in targets}
    if args.format == "json":
        print(
            json.dumps(
                {k: [f.as_dict() for f in v] for k, v in results.items()},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for item in targets:
            _print_findings(item, results[item.standard.id])
    all_findings = [f for v in results.values() for f in v]
    return FINDINGS if worst(all_findings) == Severity.error else OK


def _print_findings(item: LoadedStandard, findings: list[Finding]) -> None:
    counts = {s: sum(f.severity == s for f in findings) for s in Severity}
    print(
        f"{item.path}: {counts[Severity.error]} fejl/errors, {counts[Severity.warning]} advarsler/warnings, {counts[Severity.info]} oplysninger/info"
    )
    for f in findings:
        where = f"{item.path.name}:{f.line}" if f.line else item.path.name
        cite = f" [{f.citation}]" if f.citation else ""
        print(f"  {f.severity.upper():<7} {f.rule:<28} {where} ({f.path}){cite}")
        print(f"          {f.message_da}")
        print(f"          {f.message_en}")


def _resolve(target: str) -> LoadedStandard:
    path = Path(target)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        return load_standard(path)
    found = registry.get(target)
    if found is None:
        known = ", ".join(registry.load_all()) or "ingen / none"
        raise UsageError(f"ukendt standard / unknown standard {target!r}; kendte / known: {known}")
    return found


def _render(args) -> int:
    loaded = _resolve(args.id)
    _configure_templates()
    from vendepunkt.documents.standard import render_document_html, render_document_pdf

    today = dt.date.today()
    out = Path(args.out)
    try:
        if args.format == "pdf":
            out.write_bytes(render_document_pdf(loaded, today))
        else:
            out.write_text(render_document_html(loaded, today, standalone=True), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"kan ikke skrive / cannot write {out}: {exc.strerror}") from None
    print(f"{out}: {args.format.upper()} skrevet / written ({out.stat().st_size} bytes)")
    return OK


def _schema(args) -> int:
    out = Path(args.out)
    try:
        out.write_text(
            json.dumps(Standard.model_json_schema(), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
    except OSError as exc:
        raise UsageError(f"kan ikke skrive / cannot write {out}: {exc.strerror}") from None
    print(f"{out}: JSON Schema skrevet / written")
    return OK


def _configure_templates() -> None:
    """Rendering needs Django's template engine only: no database, no secrets."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            INSTALLED_APPS=["vendepunkt.web"],
            TEMPLATES=[
                {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}
            ],
            USE_I18N=True,
            LANGUAGE_CODE="da",
            USE_TZ=True,
            TIME_ZONE="Europe/Copenhagen",
            STATIC_URL="/static/",
        )
        django.setup()


ACTIONS = {
    "list": _list,
    "validate": _validate,
    "lint": _lint,
    "render": _render,
    "schema": _schema,
}


if __name__ == "__main__":
    sys.exit(main())
