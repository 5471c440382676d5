"""The gate of every staff page: signed in with two factors, a role in a municipality, and the
services' refusals turned into 403/404 pages that carry no personal data."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import AccessDenied, NotFound
from vendepunkt.texts import Text, as_text


def error_page(request, status: int, title: Promise, text: Any, **values: Any) -> HttpResponse:
    """An error page in Danish with the English beside it (the reader's language may not be
    known): `title` and `text` are gettext messages, `values` fill the text's placeholders."""
    context = {
        "status": status,
        "title": Text(title).both,
        "text": as_text(text, values).both,
        "home": Text(_("To the start page")).both,
    }
    return render(request, "web/error.html", context, status=status)


def refuse(request, status: int, refused: AccessDenied | None = None):
    title = _("Access denied") if status == 403 else _("Not found")
    if refused is not None and refused.specific:
        return error_page(request, status, title, refused.text)
    return error_page(request, status, title, _("You cannot see this page."))


def staff_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_verified():
            from urllib.parse import urlencode

            return redirect(
                reverse("login-totp") + "?" + urlencode({"next": request.get_full_path()})
            )
        if not user.role or user.municipality_id is None:
            return render(request, "web/no_role.html", status=403)
        try:
            return view(request, *args, **kwargs)
        except AccessDenied as refused:
            request.vendepunkt_refused_permission = refused.perm  # for the security log
            return refuse(request, 403, refused)
        except NotFound:
            return refuse(request, 404)

    return wrapper
