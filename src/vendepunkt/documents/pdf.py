"""The one way a document becomes a PDF. WeasyPrint is imported here and nowhere else."""

from __future__ import annotations


def html_to_pdf(html: str) -> bytes:
    """A self-contained HTML page (styles inline, no links to fetch) as PDF."""
    from weasyprint import HTML  # heavy import (about a second), kept local

    return HTML(string=html).write_pdf()
