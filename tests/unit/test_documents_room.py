"""Documents have one room (vendepunkt/documents): WeasyPrint is imported in its one PDF
function only, and neither the command line nor a management command imports the web or the
console script for a document or a date."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "vendepunkt"
IMPORT = re.compile(r"^\s*(?:from|import)\s+([\w.]+)", re.MULTILINE)


def imports_of(path: Path) -> set[str]:
    return set(IMPORT.findall(path.read_text(encoding="utf-8")))


def test_weasyprint_is_imported_in_the_pdf_function_only():
    importers = sorted(
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if any(m.split(".")[0] == "weasyprint" for m in imports_of(p))
    )
    assert importers == ["documents/pdf.py"]


def test_the_documents_room_imports_no_interface():
    for path in (SRC / "documents").rglob("*.py"):
        for module in imports_of(path):
            assert not module.startswith(("vendepunkt.web", "vendepunkt.api", "vendepunkt.cli")), (
                path,
                module,
            )


def test_command_lines_import_documents_not_the_web():
    for path in (SRC / "cli.py", SRC / "reporting" / "cli.py"):
        web = {m for m in imports_of(path) if m.startswith("vendepunkt.web")}
        assert not web, path


def test_management_commands_do_not_import_the_console_script():
    commands = list(SRC.glob("*/management/commands/*.py"))
    assert commands
    for path in commands:
        assert "vendepunkt.cli" not in imports_of(path), path
