"""The error handlers of the whole site (urls.py's handler400/403/404/500). Under `/api/` every
error is `application/problem+json`, as docs/api.md promises, even when Django answers before
the API does (an unknown path, a body over the size limit, an error in a middleware); elsewhere
the error pages of `web.views`, in Danish and English, without details.

Site wiring like `urls.py`: it is the one place that knows both interfaces, so that neither the
web application nor the API imports the other."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext_lazy as _

from vendepunkt.web import views


def _api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    too_large = isinstance(exception, RequestDataTooBig)
    if _api(request):
        from vendepunkt.api.core import problem
        from vendepunkt.api.core import too_large as api_too_large

        if too_large:
            return api_too_large()
        return problem(400, _("The request could not be understood."))
    if too_large:
        response = views.bad_request(request, exception)
        response.status_code = 413
        return response
    return views.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _api(request):
        from vendepunkt.api.core import problem

        return problem(403, _("Access denied."), code="forbidden")
    return views.permission_denied(request, exception)


def not_found(request, exception=None):
    if _api(request):
        from vendepunkt.api.core import problem

        return problem(404, _("Not found."), code="not_found")
    return views.not_found(request, exception)


def server_error(request):
    if _api(request):
        from vendepunkt.api.core import server_error as api_server_error

        return api_server_error()
    return views.server_error(request)
