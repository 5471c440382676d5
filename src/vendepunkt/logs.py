"""The application log (issue 11 § 5, D46a): one logger, "vendepunkt", and a middleware that
leaves a line for every refused conflict (409, 412) and every server error (5xx). Lines carry
facts, never personal data: users by id, the URL pattern instead of the path, no query string."""

from __future__ import annotations

import logging
import traceback
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


def route(request: HttpRequest | object) -> str:
    """The URL pattern that served the request (`api/courses/{course_id}`), not its path."""
    match = getattr(request, "resolver_match", None)
    return str(match.route) if match is not None else "(unresolved)"


class WithoutRequest(logging.Filter):
    """Keep what a line may carry about a request and an error to facts without personal data:
    - the request Django attaches to its own lines (django.request, django.security) is dropped
      (a JSON formatter would write it out, query string included), and the path in their
      message becomes the URL pattern (a path may hold whatever was typed into it);
    - an error's traceback keeps its frames (file, line, function) and the exception's class,
      not its message nor source lines (which may quote a value)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = record.__dict__.pop("request", None)
        path = getattr(request, "path", None)
        if path is not None and isinstance(record.args, tuple) and path in record.args:
            pattern = route(request)
            record.args = tuple(pattern if arg == path else arg for arg in record.args)
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, frames = record.exc_info
            where = "".join(
                f'  File "{f.filename}", line {f.lineno}, in {f.name}\n'
                for f in traceback.extract_tb(frames)
            )
            record.exc_text = (
                f"Traceback (most recent call last):\n{where}{kind.__module__}.{kind.__qualname__}"
            )
            record.exc_info = None
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
