"""The application log (issue 11 § 5, D46a): one logger, "vendepunkt", and a middleware that
leaves a line for every refused conflict (409, 412) and every server error (5xx). Lines carry
facts, never personal data: users by id, the URL pattern instead of the path, no query string."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

log = logging.getLogger("vendepunkt")

LOGGED_STATUSES = frozenset({409, 412})


def user_id(request: HttpRequest | None) -> int | None:
    """The signed-in user's id, or None: the only way a log line names a person."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return int(user.pk)


def route(request: HttpRequest) -> str:
    """The URL pattern that served the request (`api/courses/{course_id}`), not its path."""
    match = getattr(request, "resolver_match", None)
    return str(match.route) if match is not None else "(unresolved)"


class WithoutRequest(logging.Filter):
    """Drop the request Django attaches to its own lines (django.request, django.security): a
    JSON formatter would write it out with its query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            del record.request
        return True


class RequestLogMiddleware:
    """A line for each conflict and each server error, outermost, so it sees every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        status = response.status_code
        if status >= 500 or status in LOGGED_STATUSES:
            log.log(
                logging.ERROR if status >= 500 else logging.INFO,
                "server_error" if status >= 500 else "conflict",
                extra={
                    "status": status,
                    "method": request.method,
                    "route": route(request),
                    "user_id": user_id(request),
                },
            )
        return response
