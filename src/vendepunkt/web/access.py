"""The gate of every staff page: signed in with two factors, a role in a municipality, and the
services' refusals turned into 403/404 pages that carry no personal data."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse

from vendepunkt.accounts.access import AccessDenied, NotFound


def refuse(request, status: int, refused: AccessDenied | None = None):
    titles = {403: ("Adgang nægtet", "Access denied"), 404: ("Findes ikke", "Not found")}
    da, en = titles[status]
    text = "Du kan ikke se denne side. / You cannot see this page."
    if refused is not None and refused.message_da != AccessDenied("").message_da:
        text = f"{refused.message_da} / {refused.message_en}"
    return render(
        request,
        "web/error.html",
        {"status": status, "title": f"{da} / {en}", "text": text},
        status=status,
    )


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
