"""The layers, read from the source (every import, also those inside functions): the interfaces
(the staff web application, the API, the command line) import the apps and the rules, never each
other, and the apps import no interface. Only the site's wiring (`urls.py`, `settings.py`,
`errors.py`, `wsgi.py`) names more than one interface. A fast guard beside the import contract of `make lint`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "vendepunkt"
# The site's wiring: it knows every interface by design.
WIRING = {"vendepunkt.urls", "vendepunkt.settings", "vendepunkt.errors", "vendepunkt.wsgi"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports (relative imports resolved; `from x import y` gives x.y too,
    since y may be a module)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield _module_name(path), _imports(path)


MODULES = dict(_modules())


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _offences(importer_filter, imported: str) -> list[str]:
    return sorted(
        f"{module} imports {name}"
        for module, names in MODULES.items()
        if importer_filter(module) and module not in WIRING
        for name in names
        if _inside(name, imported)
    )


def test_the_source_is_found():
    assert "vendepunkt.api.endpoints" in MODULES
    assert "vendepunkt.web.areas.citizens.views" in MODULES
    assert "vendepunkt.reporting.cli" in MODULES


def test_nothing_outside_the_web_application_imports_it():
    """The API, the command line, the apps and the rules read and change through the apps: none
    imports the web application (its forms, views, error pages or helpers)."""
    assert _offences(lambda m: not _inside(m, "vendepunkt.web"), "vendepunkt.web") == []


@pytest.mark.parametrize("interface", ["vendepunkt.web", "vendepunkt.cli"])
def test_no_other_interface_imports_the_api(interface):
    assert _offences(lambda m: _inside(m, interface), "vendepunkt.api") == []


def test_the_apps_import_no_interface():
    """The apps (and the rules) import neither the API nor the console script."""
    interfaces = ("vendepunkt.web", "vendepunkt.api", "vendepunkt.cli")

    def app(module: str) -> bool:
        return not any(_inside(module, i) for i in interfaces) and module != "vendepunkt"

    assert _offences(app, "vendepunkt.api") == []
    assert _offences(app, "vendepunkt.cli") == []


def test_no_reads_are_left_in_the_web_areas():
    """The reads live beside their services (`<app>/queries.py`), not in the web areas."""
    assert not list((PACKAGE / "web" / "areas").glob("*/queries.py"))
