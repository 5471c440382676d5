"""Security middleware: a strict content security policy and no caching of pages for signed-in
users (they may hold personal data), and the session's inactivity timeout."""

import logging
import time

from django.conf import settings
from django.contrib.auth import logout

CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class SessionTimeoutMiddleware:
    """Sign a user out after `SESSION_INACTIVITY_SECONDS` without a request; the absolute lifetime
    is the session cookie's age, counted from sign-in."""

    KEY = "vendepunkt_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(self.KEY, now)
            if now - last > settings.SESSION_INACTIVITY_SECONDS:
                logout(request)
                request.session["timed_out"] = True
            else:
                request.session[self.KEY] = now
        return self.get_response(request)


class SecurityEventMiddleware:
    """Every refused or not-found access (401, 403, 404) by a signed-in user, and every refused
    API call, goes into the security log (issue 10 § 2; `vendepunkt.audit.security`). A failure
    to write the log never turns a refusal into an error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (401, 403, 404):
            from vendepunkt.audit.security import record_refusal

            try:
                record_refusal(request, response.status_code)
            except Exception:  # the refusal stands; the failure is logged for the operator
                logging.getLogger("vendepunkt.security").exception("security_log_failed")
        return response
