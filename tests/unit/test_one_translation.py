"""Issue 11 § 3: text for people is translated one way (gettext) outside the pure rules.

The services refuse with a gettext message (`ServiceError(_("…"), field=…)`), the pages and the
API render it in Danish and in English from the one catalogue, and no (da, en) pair is written
by hand outside `rules/` (which imports no Django and keeps its own pairs). Operator output in a
terminal (the console script, management commands, settings and system checks, the backup tool)
prints Danish and English side by side before any request language exists; it is listed below
with that reason and checked to stay there (D48)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import AccessDenied, NotFound
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.texts import Text, text

SRC = Path(__file__).resolve().parents[2] / "src" / "vendepunkt"
DANISH = set("æøåÆØÅ")

# Terminal output for operators, read before a request (and its language) exists: both languages
# side by side, by design (D48). Data values, not interface text: the demo's synthetic names and
# notes, the FHIR export's Danish category and the read log's purpose (stored, not shown as UI).
OPERATOR_OR_DATA = {
    "cli.py",
    "settings.py",
    "reporting/cli.py",
    "registers/runner.py",
    "citizens/backup.py",
    "citizens/crypto.py",
    "web/checks.py",
    "courses/demo.py",
    "registers/fhir.py",
}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("rules/") or "/migrations/" in rel or "/management/" in rel:
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def _docstrings(tree) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        kinds = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr):
            value = node.body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def test_no_danish_text_written_by_hand_outside_the_rules():
    """Danish words in code outside rules/ would be a second way to translate: every one is a
    gettext translation in the catalogue instead."""
    offenders = []
    for rel, tree in _modules():
        if rel in OPERATOR_OR_DATA:
            continue
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
                and DANISH & set(node.value)
            ):
                offenders.append(f"{rel}:{node.lineno}: {node.value[:60]!r}")
    assert offenders == []


def test_no_error_takes_a_danish_and_an_english_message():
    """ServiceError, Conflict and AccessDenied take one gettext message, never (da, en)."""
    offenders = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            limit = {"ServiceError": 1, "Conflict": 1, "AccessDenied": 2, "problem": 2}.get(name)
            if limit is not None and len(node.args) > limit:
                offenders.append(f"{rel}:{node.lineno}: {name} with {len(node.args)} arguments")
    assert offenders == []


def test_no_pair_dictionary_outside_the_rules():
    """No dictionary of (da, en) tuples (the export's headings were one)."""
    offenders = []
    for rel, tree in _modules():
        if rel in OPERATOR_OR_DATA:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict) and node.values:
                pairs = [
                    v
                    for v in node.values
                    if isinstance(v, ast.Tuple)
                    and len(v.elts) == 2
                    and all(
                        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in v.elts
                    )
                ]
                if pairs and len(pairs) == len(node.values):
                    offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []


def test_a_refusal_renders_in_both_languages_from_the_catalogue():
    error = ServiceError(_("Unknown role."), field="role")
    assert (error.message_da, error.message_en) == ("Ukendt rolle.", "Unknown role.")
    assert error.field == "role"
    assert str(error) == "Ukendt rolle. / Unknown role."


def test_values_are_rendered_in_the_sentences_language():
    import datetime as dt

    error = ServiceError(
        _(
            "The treatment course ended on %(date)s; nothing can be recorded in it after the "
            "discharge."
        ),
        date=dt.date(2026, 3, 1),
    )
    assert "01.03.2026" in error.message_da
    assert error.message_en.startswith("The treatment course ended on ")


def test_a_rules_reason_keeps_its_own_pair():
    class Reason:
        message_da = "Uden for målgruppen."
        message_en = "Outside the target group."

    error = ServiceError(
        _("%(reason)s Link the client to an identified citizen first."), reason=Reason()
    )
    assert error.message_da == (
        "Uden for målgruppen. Kæd først klienten sammen med en identificeret borger."
    )
    assert error.message_en == (
        "Outside the target group. Link the client to an identified citizen first."
    )
    assert ServiceError(Reason()).message_en == "Outside the target group."


def test_plural_follows_the_number():
    from vendepunkt.registers.services import ExtractRefused

    class Findings:
        errors = 1

    class Result:
        findings = Findings()

    assert ExtractRefused(Result()).message_en.startswith("The extract has 1 error and")
    Findings.errors = 3
    assert ExtractRefused(Result()).message_en.startswith("The extract has 3 errors and")


def test_the_active_language_is_left_as_it_was():
    with translation.override("en"):
        assert ServiceError(_("Unknown role.")).message_da == "Ukendt rolle."
        assert translation.get_language() == "en"
        assert str(text(_("Unknown role."))) == "Unknown role."


def test_access_refusals_are_gettext_messages():
    assert AccessDenied("x").message_da == "Du har ikke adgang til denne handling."
    assert not AccessDenied("x").specific
    assert NotFound().message_en == "Not found."
    assert Text(_("Not found.")).both == "Findes ikke. / Not found."


@pytest.mark.parametrize(
    "message",
    [
        "The service “%(service_id)s” is not in the standard.",
        "Unknown kind of appointment: choose one of %(kinds)s.",
    ],
)
def test_every_message_with_values_has_a_danish_translation(message):
    with translation.override("da"):
        assert translation.gettext(message) != message
