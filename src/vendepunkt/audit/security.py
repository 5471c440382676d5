"""The security log and the leaders' notices (issue 10 §§ 1-2).

Every refused or failed access is written here: a 401/403/404 on a staff page or an API call
(`SecurityEventMiddleware`), a failed sign-in or second factor, a lockout (the signal receivers
in `apps.py`). An entry names who asked, when, what (method and path, never the query string,
which may hold a searched name) and the outcome, and nothing of the record asked for.

A centre leader is told, by a notice, of every grant of a role that opens personal data and of a
user refused again and again (`VENDEPUNKT_REFUSAL_NOTICE_LIMIT` refusals within
`VENDEPUNKT_REFUSAL_NOTICE_WINDOW` seconds)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vendepunkt.logs import route

from .actions import Action
from .models import Notice, SecurityEvent

log = logging.getLogger("vendepunkt.security")

# Responses that are refusals of access, by status.
KIND_BY_STATUS = {
    401: SecurityEvent.Kind.UNAUTHENTICATED,
    403: SecurityEvent.Kind.REFUSED,
    404: SecurityEvent.Kind.NOT_FOUND,
}
# Paths that hold no personal data and whose 404s are noise (files, the public pages).
QUIET_PREFIXES = ("/static/", "/favicon", "/robots.txt", "/standarder/", "/i18n/")
REFUSALS = (SecurityEvent.Kind.REFUSED, SecurityEvent.Kind.NOT_FOUND)
# Roles whose grant opens no citizen's data: the administrator manages staff and registers only.
NO_PERSONAL_DATA_ROLES = ("", "administrator")


def client_address(request) -> str | None:
    address = (request.META.get("REMOTE_ADDR") or "").strip()
    return address or None


def record_refusal(request, status: int) -> SecurityEvent | None:
    """Log a refused response to `request` (401, 403 or 404). Signed-out visitors' 404s and
    refusals on paths without personal data are not logged (they are noise, not access to
    personal data); a refused API call always is."""
    kind = KIND_BY_STATUS.get(status)
    if kind is None:
        return None
    path = request.path
    api = path.startswith("/api/")
    if path.startswith(QUIET_PREFIXES):
        return None
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    if not signed_in and not api:
        return None
    event = SecurityEvent.objects.create(
        actor=user if signed_in else None,
        username=(user.get_username() if signed_in else "")[:150],
        municipality_id=user.municipality_id if signed_in else None,
        kind=kind,
        channel="api" if api else "web",
        method=request.method[:10],
        path=path[:300],
        status=status,
        permission=getattr(request, "vendepunkt_refused_permission", "")[:100],
        address=client_address(request),
    )
    log.info(
        "access_refused",
        extra={
            "status": status,
            "method": request.method,
            "route": route(request),
            "channel": event.channel,
            "user_id": user.pk if signed_in else None,
        },
    )
    if signed_in and kind in REFUSALS and user.municipality_id is not None:
        _notice_repeated_refusals(user)
    return event


def record_sign_in_failure(request, username: str, kind: str) -> SecurityEvent:
    """A failed sign-in, second factor or a lockout, with the user name tried."""
    from vendepunkt.accounts.models import User

    username = (username or "")[:150]
    account = User.objects.filter(username=username).only("pk", "municipality_id").first()
    event = SecurityEvent.objects.create(
        actor=account,
        username=username,
        municipality_id=account.municipality_id if account else None,
        kind=kind,
        channel="sign-in",
        method=(request.method[:10] if request is not None else ""),
        path=(request.path[:300] if request is not None else ""),
        status=None,
        address=client_address(request) if request is not None else None,
    )
    # The user name tried is not logged (it may be a mistyped password or a person's e-mail
    # address); the security log in the database keeps it for the centre leaders.
    log.info("sign_in_failed", extra={"kind": kind, "user_id": account.pk if account else None})
    return event


def _notice_repeated_refusals(user) -> None:
    limit = settings.VENDEPUNKT_REFUSAL_NOTICE_LIMIT
    since = timezone.now() - dt.timedelta(seconds=settings.VENDEPUNKT_REFUSAL_NOTICE_WINDOW)
    count = SecurityEvent.objects.filter(actor=user, kind__in=REFUSALS, at__gte=since).count()
    if count < limit:
        return
    if Notice.objects.filter(
        kind=Notice.Kind.REPEATED_REFUSALS, subject=user, created_at__gte=since
    ).exists():
        return  # one notice per window
    Notice.objects.create(
        municipality_id=user.municipality_id,
        kind=Notice.Kind.REPEATED_REFUSALS,
        subject=user,
        data={"count": count, "window_minutes": settings.VENDEPUNKT_REFUSAL_NOTICE_WINDOW // 60},
    )


def notice_role_granted(actor, subject, *, before: dict, after: dict) -> Notice | None:
    """Tell the leaders that `actor` gave `subject` a role or teams that open personal data.
    Call inside the transaction of the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a notice of a grant is written inside the grant's transaction")
    if after.get("role", "") in NO_PERSONAL_DATA_ROLES or before == after:
        return None
    return Notice.objects.create(
        municipality_id=subject.municipality_id,
        kind=Notice.Kind.ROLE_GRANTED,
        subject=subject,
        actor=actor,
        data={"before": before, "after": after},
    )


# --- reading and acknowledging (leaders and auditors) ----------------------------------------


@dataclass(frozen=True)
class SecurityPage:
    events: list
    notices: list
    total: int
    page: int
    pages: int


PAGE_SIZE = 50


def _probe(user):
    from types import SimpleNamespace

    return SimpleNamespace(municipality_id=user.municipality_id)


def security_log(user, *, page: int = 1, kind: str | None = None) -> SecurityPage:
    """The municipality's security log, newest first, a page at a time, with its open notices
    (centre leaders and auditors)."""
    from vendepunkt.accounts.access import require

    require(user, "audit.view_security_log", _probe(user))
    events = SecurityEvent.objects.filter(municipality_id=user.municipality_id)
    if kind in SecurityEvent.Kind.values:
        events = events.filter(kind=kind)
    total = events.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = list(
        events.select_related("actor").order_by("-at", "-id")[
            (page - 1) * PAGE_SIZE : page * PAGE_SIZE
        ]
    )
    return SecurityPage(
        events=rows, notices=open_notices(user), total=total, page=page, pages=pages
    )


def open_notices(user, limit: int = 20) -> list[Notice]:
    """The notices nobody has marked seen yet, newest first (leaders and auditors; others none)."""
    from vendepunkt.accounts.access import can

    if user.municipality_id is None or not can(user, "audit.view_security_log", _probe(user)):
        return []
    return list(
        Notice.objects.filter(municipality_id=user.municipality_id, seen_at__isnull=True)
        .select_related("subject", "actor")
        .order_by("-created_at", "-id")[:limit]
    )


def mark_notice_seen(user, notice_id: int) -> Notice:
    """A centre leader marks a notice seen: one transaction, the row locked, audited."""
    from vendepunkt.accounts.access import NotFound, require
    from vendepunkt.accounts.errors import ServiceError

    from .services import write_entry

    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None:
            raise NotFound("Notice")
        require(user, "audit.acknowledge_notice", notice)
        if notice.seen_at is not None:
            raise ServiceError(
                _("The notice has already been marked as seen."),
                code="conflict",
            )
        notice.seen_at = timezone.now()
        notice.seen_by = user
        notice.save(update_fields=["seen_at", "seen_by"])
        write_entry(
            actor=user,
            action=Action.NOTICE_SEEN,
            target_type="notice",
            target_id=str(notice.pk),
            after={"seen_at": notice.seen_at.isoformat()},
        )
    return notice
