"""What every API operation shares: authentication (personal token or the two-factor session),
the rate limit per token, errors as `application/problem+json`, pagination, `Idempotency-Key`
on creates and the ETag helpers for optimistic concurrency."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import logging
import math
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DataError, IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PaginationBase
from ninja.security import APIKeyCookie, HttpBearer

from vendepunkt.accounts.access import AccessDenied, NotFound
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.logs import route, user_id
from vendepunkt.ratelimit import retry_after
from vendepunkt.texts import Text, as_text

from . import tokens
from .models import IdempotencyRecord

PROBLEM = "application/problem+json"


# --- errors -----------------------------------------------------------------------------------


class Problem(Schema):
    """An error (RFC 9457), with the message in Danish and English and the field at fault."""

    type: str = Field(description="A URI naming the kind of problem (`about:blank` or a tag URI)")
    title: str = Field(description="A short summary of the kind of problem, in English")
    status: int = Field(description="The HTTP status code")
    detail: str = Field(description="What went wrong, in the request's language (Danish default)")
    detail_da: str = Field(description="What went wrong, in Danish")
    detail_en: str = Field(description="What went wrong, in English")
    field: str | None = Field(
        None, description="The request field at fault (dotted path), if one is"
    )
    code: str = Field(description="A stable machine-readable code, e.g. `invalid`, `conflict`")


class Conflict(ServiceError):
    """A 409: the request is valid but the record's state refuses it (a ServiceError's message)."""

    def __init__(self, message: Any, *, code: str = "conflict", field: str | None = None):
        super().__init__(message, code=code, field=field)


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after


class PreconditionRequired(Exception):
    pass


TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    428: "Precondition Required",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


def problem(
    status: int, message: Any, *, field: str | None = None, code: str = "invalid", **values: Any
) -> HttpResponse:
    """The problem document of `message` (a gettext msgid with its values, a `Text`, or an error
    carrying one), in the request's language with both languages beside it."""
    text = message.text if isinstance(message, ServiceError | AccessDenied | NotFound) else None
    text = text or as_text(message, values)
    da, en = text.da, text.en
    body = {
        "type": f"tag:vendepunkt,2026:problem:{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": en if (get_language() or "da").startswith("en") else da,
        "detail_da": da,
        "detail_en": en,
        "field": field,
        "code": code,
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM)


def _validation(request, exc: NinjaValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    loc = [str(p) for p in first.get("loc", ())]
    if loc and loc[0] in ("body", "query", "path", "header", "form", "cookie"):
        loc = loc[1:]
    if loc and loc[0] == "payload":
        loc = loc[1:]
    field = ".".join(loc) or None
    message = first.get("msg", "invalid")
    return problem(
        422,
        _("Invalid value in “%(field_name)s”: %(detail)s.")
        if field
        else _("Invalid request: %(detail)s."),
        field_name=field,
        detail=message,
        field=field,
        code="validation",
    )


def _service_error(request, exc: ServiceError) -> HttpResponse:
    status = 409 if exc.code in ("conflict", "duplicate") else 422
    return problem(status, exc, field=exc.field, code=exc.code)


def rate_limited(request, exc: RateLimited) -> HttpResponse:
    response = problem(
        429,
        ngettext_lazy(
            "Too many requests. Try again in %(seconds)s second.",
            "Too many requests. Try again in %(seconds)s seconds.",
            "seconds",
        ),
        seconds=exc.retry_after,
        code="rate_limited",
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


def _access_denied(request, exc: AccessDenied) -> HttpResponse:
    request.vendepunkt_refused_permission = exc.perm  # for the security log
    return problem(403, exc, code="forbidden")


def too_large() -> HttpResponse:
    return problem(
        413,
        _("The request is too large."),
        code="too_large",
    )


def server_error() -> HttpResponse:
    return problem(
        500,
        _("An error occurred. It has been logged; please try again later."),
        code="server_error",
    )


def _unexpected(request, exc: Exception) -> HttpResponse:
    """Anything not handled above: logged with its traceback for the operator, answered as a
    problem without details (never a traceback or a value from the request)."""
    if isinstance(exc, RequestDataTooBig):
        return too_large()
    logging.getLogger("vendepunkt.api").error(
        "unhandled_error",
        extra={"method": request.method, "route": route(request), "user_id": user_id(request)},
        exc_info=exc,
    )
    return server_error()


def install_handlers(api) -> None:
    api.add_exception_handler(Exception, _unexpected)
    api.add_exception_handler(NinjaValidationError, _validation)
    api.add_exception_handler(ServiceError, _service_error)
    api.add_exception_handler(AccessDenied, _access_denied)
    api.add_exception_handler(NotFound, lambda r, e: problem(404, e, code="not_found"))
    api.add_exception_handler(Http404, lambda r, e: problem(404, _("Not found."), code="not_found"))
    api.add_exception_handler(
        AuthenticationError,
        lambda r, e: problem(
            401,
            _("Sign in or send a valid API token (Authorization: Bearer …)."),
            code="unauthenticated",
        ),
    )
    api.add_exception_handler(Conflict, lambda r, e: problem(409, e, field=e.field, code=e.code))
    api.add_exception_handler(
        PreconditionRequired,
        lambda r, e: problem(
            428,
            _("Send If-Match with the ETag you read, so that no change is overwritten."),
            field="If-Match",
            code="precondition_required",
        ),
    )
    api.add_exception_handler(
        DataError,
        lambda r, e: problem(
            422,
            _("A value is out of range (too long or too large)."),
            code="out_of_range",
        ),
    )
    api.add_exception_handler(
        IntegrityError,
        lambda r, e: problem(
            409,
            _(
                "The change conflicts with another change made at the same time. Read again and "
                "retry."
            ),
            code="conflict",
        ),
    )

    api.add_exception_handler(RateLimited, rate_limited)

    def _http(request, exc: HttpError):
        if "csrf" in str(exc.message).lower():
            return problem(
                exc.status_code,
                _(
                    "The CSRF check failed: send the X-CSRFToken header with the session's CSRF "
                    "token."
                ),
                code="csrf",
            )
        return problem(
            exc.status_code, Text("%(message)s", {"message": str(exc.message)}), code="http"
        )

    api.add_exception_handler(HttpError, _http)


# --- authentication and rate limit --------------------------------------------------------------


def _staff(user) -> None:
    if not user.role or user.municipality_id is None:
        raise AccessDenied("api.use")


def rate_limit(key: str) -> None:
    """A fixed window in the default cache: at most VENDEPUNKT_API_RATE_LIMIT requests per
    VENDEPUNKT_API_RATE_WINDOW seconds per token (or per signed-in user)."""
    wait = retry_after(
        f"vendepunkt-api-rate:{key}",
        settings.VENDEPUNKT_API_RATE_LIMIT,
        settings.VENDEPUNKT_API_RATE_WINDOW,
    )
    if wait is not None:
        raise RateLimited(wait)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer vp_…`: a personal API token (docs/api.md)."""

    openapi_description = (
        "A personal API token (`vp_…`), created by `manage.py api_token create` or "
        "`POST /api/tokens` from a signed-in session. It acts as its user, with the user's role "
        "and municipality."
    )

    def authenticate(self, request, token):
        found = tokens.authenticate(token)
        if found is None:
            return None
        user = found.user
        request.user = user
        request.api_token = found
        _staff(user)
        rate_limit(f"token:{found.pk}")
        return user


class SessionAuth(APIKeyCookie):
    """The staff web application's session, signed in with two factors; unsafe methods need the
    CSRF token (header X-CSRFToken)."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "The signed-in (two-factor) session cookie of the web application."

    def _get_key(self, request):
        # Signed out (or only half signed in): no session to protect, so no CSRF check; the
        # request is unauthenticated and answered 401 like any other (issue 10 § 3), not 403.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_verified():
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_verified():
            return None
        request.api_token = None
        _staff(user)
        rate_limit(f"user:{user.pk}")
        return user


AUTH = [TokenAuth(), SessionAuth()]


def principal(request):
    """The user a request acts as and its rate-limit key, without counting the request (for the
    idempotency scope); (None, "") when not authenticated."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        found = tokens.authenticate(header[7:].strip())
        return (found.user, f"token:{found.pk}") if found else (None, "")
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_verified():
        return user, f"user:{user.pk}"
    return None, ""


# --- pagination ---------------------------------------------------------------------------------


class Pages(PaginationBase):
    """`?page=1&page_size=50`: every list is paginated (at most 100 per page)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description="The page, from 1")
        page_size: int = Field(50, ge=1, le=100, description="Items per page (at most 100)")

    class Output(Schema):
        items: list[Any] = Field(description="The items of this page")
        count: int = Field(description="How many items there are on all pages")
        page: int = Field(description="This page's number, from 1")
        page_size: int = Field(description="Items per page")
        pages: int = Field(description="How many pages there are")

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params):
        count = self._items_count(queryset)
        start = (pagination.page - 1) * pagination.page_size
        return {
            "items": queryset[start : start + pagination.page_size],
            "count": count,
            "page": pagination.page,
            "page_size": pagination.page_size,
            "pages": max(1, math.ceil(count / pagination.page_size)),
        }


# --- idempotency --------------------------------------------------------------------------------


KEEP = dt.timedelta(hours=24)


def _request_bytes(request) -> bytes:
    """What a request's fingerprint is made of: its body, or for a multipart upload its fields
    and the SHA-256 of each file (the raw body of a large upload is not read into memory twice,
    and Django refuses `request.body` over DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    if request.content_type != "multipart/form-data":
        return request.body
    parts = [f"{k}={v}".encode() for k, values in sorted(request.POST.lists()) for v in values]
    for name, files in sorted(request.FILES.lists()):
        for upload in files:
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            parts.append(f"{name}:{upload.name}:{digest.hexdigest()}".encode())
    return b"\n".join(parts)


def idempotent(view):
    """For creates: with an `Idempotency-Key` header, the first successful response is stored
    and returned again (header `Idempotent-Replayed: true`) for a repeat by the same user with the
    same key within 24 hours, instead of a second record. The same key with a different request is refused (422).
    The record is written in the transaction of the create, so two concurrent requests with one
    key cannot both create (the second waits on the key's unique index, then replays)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return view(request, *args, **kwargs)
        user, rate_key = principal(request)
        if user is None or not user.role or user.municipality_id is None:
            return view(request, *args, **kwargs)  # refused by authentication (401 or 403)
        if len(key) > 200:
            return problem(
                422,
                _("Idempotency-Key must be at most 200 characters."),
                field="Idempotency-Key",
            )
        # Keyed (HMAC), not a plain hash: a body may hold a CPR number, and CPR numbers are few.
        fingerprint = hmac.new(
            settings.SECRET_KEY.encode(),
            b"\n".join([request.method.encode(), request.path.encode(), _request_bytes(request)]),
            hashlib.sha256,
        ).hexdigest()
        # The stored responses hold personal data: they are kept for KEEP only.
        IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        user=user,
                        key=key,
                        method=request.method,
                        path=request.path[:500],
                        request_digest=fingerprint,
                    )
            except IntegrityError:
                try:
                    rate_limit(rate_key)  # a replay counts like any request
                except RateLimited as exc:
                    return rate_limited(request, exc)
                return _replay(user, key, fingerprint)
            response = view(request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                record.status_code = response.status_code
                record.content_type = response.get("Content-Type", "")
                record.body = response.content
                record.save(update_fields=["status_code", "content_type", "body"])
            else:
                transaction.set_rollback(True)
            return response

    wrapper.idempotent = True
    return wrapper


IDEMPOTENCY_HEADER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Any string up to 200 characters: a repeat of this create with the same key returns the "
        "first response (header Idempotent-Replayed: true) instead of making a second record."
    ),
    "schema": {"type": "string", "maxLength": 200},
}


def _replay(user, key: str, fingerprint: str) -> HttpResponse:
    record = IdempotencyRecord.objects.get(user=user, key=key)
    if record.request_digest != fingerprint:
        return problem(
            422,
            _("The Idempotency-Key was used before for a different request."),
            field="Idempotency-Key",
            code="idempotency_key_reused",
        )
    response = HttpResponse(
        bytes(record.body), status=record.status_code, content_type=record.content_type
    )
    response["Idempotent-Replayed"] = "true"
    return response


# --- optimistic concurrency ---------------------------------------------------------------------


def etag(kind: str, *parts) -> str:
    raw = ":".join(str(p) for p in parts)
    return f'"{kind}-{hashlib.sha256(raw.encode()).hexdigest()[:16]}"'


def if_match(request) -> str | None:
    value = request.headers.get("If-Match", "").strip()
    if value.startswith("W/"):
        value = value[2:]
    return value or None


def expected_version(request, current: int, current_etag: str) -> int | None:
    """The version the caller read, for a service's `expected_version=`: None without If-Match
    (or with `*`); `current` when If-Match names the current ETag; otherwise an older version,
    which the service refuses as stale (under its lock, so a change made meanwhile counts too)."""
    sent = if_match(request)
    if sent is None or sent == "*":
        return None
    return current if sent == current_etag else current - 1


@contextmanager
def stale_as_conflict(*, code: str = "stale", field: str | None = "If-Match"):
    """A stale edit refused by a service (a `ServiceError` coded "stale") as the API's 409."""
    try:
        yield
    except ServiceError as exc:
        if exc.code != "stale":
            raise
        raise Conflict(exc, code=code, field=field) from exc
