"""The stylesheets a standalone document carries inline: the site's own, so a document looks the
same on the web page, in the HTML file the command line writes and in the PDF."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "web" / "static" / "vendepunkt"
STYLESHEETS = ("site.css", "document.css")


def inline_css(names: tuple[str, ...] = STYLESHEETS) -> str:
    return "\n".join((STATIC / name).read_text(encoding="utf-8") for name in names)
