"""The one way a document leaves the system, for the web and the API alike: an attachment with
a safe name (`dokument-<id>.<ext>`, the extension from the content, never the uploaded name),
the type found from the content, `nosniff`, a sandboxing Content-Security-Policy and no caching
(D91)."""

from __future__ import annotations

from django.http import HttpResponse

from .models import Document

CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def safe_filename(document: Document) -> str:
    return f"dokument-{document.pk}.{document.extension}"


def attachment(document: Document, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(document)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CSP
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Content-Length"] = str(len(data))
    return response
