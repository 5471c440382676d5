"""The command-line runner shared by `vendepunkt registers …` and `manage.py registers …`:

    registers smdb|nab|substitution --municipality ID --period YYYY-MM --user NAME
              (--out PATH | --validate-only) [--diff] [--today YYYY-MM-DD]
    registers fhir --municipality ID (--period YYYY-MM | --client N) --user NAME --out PATH

`--user` is the member of staff the extract is made as (a centre leader or an administrator of
the municipality): the read log and the audit trail name a person, never "the system". The file
is written to a temporary file beside PATH and renamed only when the extract is accepted, so a
refused extract leaves nothing behind. Exit codes: 0 ok, 1 error-level findings, 2 invalid input.
Messages in Danish and English, never a traceback, never personal data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

log = logging.getLogger("vendepunkt.registers")

OK, FINDINGS, INVALID = 0, 1, 2
REGISTER_CHOICES = ("smdb", "nab", "substitution", "fhir")


class RunnerError(Exception):
    def __init__(self, message: str, code: int = INVALID):
        self.code = code
        super().__init__(message)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("register", choices=REGISTER_CHOICES, help="smdb, nab, substitution, fhir")
    parser.add_argument("--municipality", required=True, help="kommunens id / municipality id")
    parser.add_argument("--period", help="måned / month YYYY-MM")
    parser.add_argument(
        "--user", required=True, help="brugernavn på leder/administrator / staff user name"
    )
    parser.add_argument("--out", help="fil / output file")
    parser.add_argument(
        "--validate-only", action="store_true", help="valider uden at danne fil / validate only"
    )
    parser.add_argument(
        "--diff", action="store_true", help="vis forskel til sidste indberetning / show the diff"
    )
    parser.add_argument("--client", type=int, help="klientnummer (FHIR) / client number (FHIR)")
    parser.add_argument("--today", help="dato / date YYYY-MM-DD (default: i dag / today)")


def run(options: dict, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    try:
        code = _run(options, stdout, stderr)
    except RunnerError as exc:
        print(exc, file=stderr)
        code = exc.code
    log.info(
        "register_run",
        extra={
            "register": options.get("register"),
            "municipality": options.get("municipality"),
            "validate_only": bool(options.get("validate_only")),
            "exit_code": code,
        },
    )
    return code


def _today(value: str | None) -> dt.date:
    from django.utils import timezone

    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RunnerError(f"ugyldig dato / invalid date {value!r} (YYYY-MM-DD)") from None


def _user(options: dict):
    from vendepunkt.accounts.models import Municipality, User

    municipality = Municipality.objects.filter(code=options["municipality"]).first()
    if municipality is None:
        known = ", ".join(Municipality.objects.order_by("code").values_list("code", flat=True))
        raise RunnerError(
            f"ukendt kommune / unknown municipality {options['municipality']!r}; "
            f"kendte / known: {known or 'ingen / none'}"
        )
    user = User.objects.filter(username=options["user"], is_active=True).first()
    if user is None or user.municipality_id != municipality.pk:
        raise RunnerError(
            f"ingen aktiv bruger {options['user']!r} i {municipality.code} / "
            f"no active user {options['user']!r} in {municipality.code}"
        )
    return user


def _run(options: dict, stdout: TextIO, stderr: TextIO) -> int:
    from vendepunkt.accounts.access import AccessDenied, NotFound
    from vendepunkt.accounts.errors import ServiceError

    today = _today(options.get("today"))
    user = _user(options)
    try:
        if options["register"] == "fhir":
            return _fhir(user, options, today, stdout)
        return _extract(user, options, today, stdout, stderr)
    except (AccessDenied, NotFound) as exc:
        raise RunnerError(f"{exc.message_da} / {exc.message_en}") from None
    except ServiceError as exc:
        raise RunnerError(f"{exc.message_da} / {exc.message_en}") from None


def _out_path(options: dict) -> Path:
    if not options.get("out"):
        raise RunnerError("angiv --out PATH (eller --validate-only) / give --out PATH")
    out = Path(options["out"])
    if not out.parent.is_dir():
        raise RunnerError(f"mappen findes ikke / no such folder: {out.parent}")
    if out.is_dir():
        raise RunnerError(f"{out} er en mappe / is a folder")
    return out


class _Progress:
    def __init__(self, stderr: TextIO, label: str):
        self.bar = tqdm(total=None, unit="forløb", desc=label, file=stderr, disable=None)

    def total(self, n: int) -> None:
        self.bar.reset(total=n)

    def update(self, n: int) -> None:
        self.bar.update(n)

    def close(self) -> None:
        self.bar.close()


def _extract(user, options: dict, today: dt.date, stdout: TextIO, stderr: TextIO) -> int:
    from . import services

    register, period = options["register"], options.get("period")
    if not period:
        raise RunnerError("angiv --period YYYY-MM / give --period YYYY-MM")
    bar = _Progress(stderr, f"{register} {period}")
    try:
        if options.get("validate_only"):
            result = services.check_extract(
                user, register, period, today=today, progress=bar.update, total=bar.total
            )
            bar.close()
            _print_result(result, stdout, diff=options.get("diff"))
            return OK if result.ok else FINDINGS
        out = _out_path(options)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                submission, result = services.create_extract(
                    user,
                    register,
                    period,
                    handle,
                    today=today,
                    progress=bar.update,
                    total=bar.total,
                )
            bar.close()
            os.replace(tmp, out)
        except services.ExtractRefused as exc:
            bar.close()
            _print_result(exc.result, stdout, diff=options.get("diff"))
            print(f"{exc.message_da}\n{exc.message_en}", file=stderr)
            return FINDINGS
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    finally:
        bar.close()
    _print_result(result, stdout, diff=options.get("diff"))
    print(
        f"{out}: {result.rows} rækker/rows, sha256 {result.sha256}, "
        f"indberetning / submission {submission.pk}",
        file=stdout,
    )
    return OK


def _print_result(result, stdout: TextIO, *, diff: bool) -> None:
    f = result.findings
    print(
        f"{result.register} {result.period}: {result.rows} rækker/rows, "
        f"{f.by_severity['error']} fejl/errors, {f.by_severity['warning']} advarsler/warnings, "
        f"{f.by_severity['info']} noter/notes",
        file=stdout,
    )
    for finding in f.kept:
        where = f"forløb/course {int(finding.row)}" if finding.row else "udtræk/extract"
        print(
            f"  {finding.severity.upper():<7} {finding.rule:<34} {where} ({finding.field})",
            file=stdout,
        )
        print(f"          {finding.message_da}", file=stdout)
        print(f"          {finding.message_en}", file=stdout)
    if f.truncated:
        print(f"  … {f.total - len(f.kept)} flere / more", file=stdout)
    if diff:
        d = result.diff
        if d is None:
            print("Ingen forskel beregnet / no diff computed", file=stdout)
            return
        print(
            f"Forskel til sidste indberetning / diff against the last submission: "
            f"{d.added} nye/added, {d.removed} fjernet/removed, {d.changed} ændret/changed, "
            f"{d.unchanged} uændret/unchanged",
            file=stdout,
        )
        for change in d.changes:
            fields = f" ({', '.join(change.fields)})" if change.fields else ""
            print(f"  {change.kind:<8} forløb/course {int(change.key)}{fields}", file=stdout)


def _fhir(user, options: dict, today: dt.date, stdout: TextIO) -> int:
    from vendepunkt.citizens.models import Client

    from . import fhir

    out = _out_path(options)
    if bool(options.get("client")) == bool(options.get("period")):
        raise RunnerError("angiv --client N eller --period YYYY-MM / give --client N or --period")
    if options.get("client"):
        client = Client.objects.filter(pk=options["client"]).first()
        if client is None or client.municipality_id != user.municipality_id:
            raise RunnerError("klienten findes ikke / no such client")
        bundle = fhir.citizen_bundle(user, client, today=today)
    else:
        bundle = fhir.period_bundle(user, options["period"], today=today)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(bundle.model_dump_json(indent=1))
    os.replace(tmp, out)
    print(f"{out}: FHIR R4B bundle, {len(bundle.entry or [])} ressourcer/resources", file=stdout)
    return OK
