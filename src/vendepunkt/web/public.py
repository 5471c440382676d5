"""The public pages under load (issue 10 § 5): a rate limit per client address for visitors who
are not signed in (D41b), and the standard's PDF rendered once and then served from the
"documents" cache (D41a), so an anonymous visitor can no longer keep the server's workers busy
rendering (11–14 s a PDF) while staff wait."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.files import locks
from django.db import connection
from django.utils.translation import gettext_lazy as _

from vendepunkt.ratelimit import retry_after

from .access import error_page

# --- the rate limit -----------------------------------------------------------------------------


def client_address(request) -> str:
    """The address a request is counted by: the peer, or behind a trusted reverse proxy the
    address it appended last to X-Forwarded-For (the ones before it are the client's word)."""
    if settings.VENDEPUNKT_TRUST_X_FORWARDED_FOR:
        last = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR") or "unknown"


def _retry_after(address: str) -> int | None:
    """Count one request from `address`; the seconds to wait when it is over
    VENDEPUNKT_PUBLIC_RATE_LIMIT, else None."""
    return retry_after(
        f"vendepunkt-public-rate:{address}",
        settings.VENDEPUNKT_PUBLIC_RATE_LIMIT,
        settings.VENDEPUNKT_PUBLIC_RATE_WINDOW,
    )


def too_many_requests(request, retry_after: int):
    response = error_page(
        request,
        429,
        _("Too many requests"),
        _(
            "There have been too many requests from your address. Please try again in "
            "%(seconds)s seconds."
        ),
        seconds=retry_after,
    )
    response["Retry-After"] = str(retry_after)
    return response


def public_rate_limit(view):
    """Limit a public page for visitors who are not signed in; signed-in staff pass freely."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        if not request.user.is_authenticated:
            retry_after = _retry_after(client_address(request))
            if retry_after is not None:
                return too_many_requests(request, retry_after)
        return view(request, *args, **kwargs)

    return limited


# --- the stored PDF -----------------------------------------------------------------------------

RENDER_BUSY_RETRY_AFTER = 15


class RenderBusy(Exception):
    """Another request (in any worker) is rendering a document right now."""


def _database_id() -> str:
    """Which database the annex was computed from, so that a test run's documents (same files,
    same day) are never served by the demo and the reverse."""
    s = connection.settings_dict
    raw = f"{connection.vendor}:{s.get('HOST')}:{s.get('PORT')}:{s.get('NAME')}"
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def document_key(standard_id: str, sha256: str, year: int, language: str, today: dt.date) -> str:
    parts = ("standard-pdf", "v1", standard_id, sha256, str(year), language, today.isoformat())
    return ":".join((*parts, _database_id()))


def stored_document(key: str, render_pdf: Callable[[], bytes]) -> bytes:
    """The PDF stored under `key`, rendered by `render_pdf` if it is not stored yet. At most one
    rendering runs at a time in the whole server (a file lock shared by every worker): a second
    request that finds the document missing while another is rendered gets RenderBusy at once,
    instead of holding a second worker for seconds."""
    store = caches["documents"]
    found = store.get(key)
    if found is not None:
        return found
    lock_path = Path(settings.CACHES["documents"]["LOCATION"]) / "render.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("ab") as lock_file:
        if not locks.lock(lock_file, locks.LOCK_EX | locks.LOCK_NB):
            raise RenderBusy
        try:
            found = store.get(key)  # stored by another worker since the first look
            if found is None:
                found = render_pdf()
                store.set(key, found)
        finally:
            locks.unlock(lock_file)
    return found


def document_busy(request):
    response = error_page(
        request,
        503,
        _("The document is being prepared"),
        _("A document is being prepared right now. Please try again in %(seconds)s seconds."),
        seconds=RENDER_BUSY_RETRY_AFTER,
    )
    response["Retry-After"] = str(RENDER_BUSY_RETRY_AFTER)
    return response
