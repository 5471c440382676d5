"""Sign-in with two factors: user name and password (locked out after repeated failures by
django-axes), then a TOTP code (django-otp). A user without a confirmed device enrols one first.

The session key changes at each step (password, second factor), so a session id seen before
sign-in is worth nothing after it; the page asked for (`?next=`) is carried through every step
and followed only when it is a path on this site (issue 10 § 3). Failed steps go into the
security log (`vendepunkt.audit.security`)."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth import authenticate, login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice


class LoginForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Write the six digits from the app.")},
    )


def safe_next(request) -> str:
    """The `next` parameter if it is a local path ("/…", not "//…" nor a scheme), else ""."""
    value = request.POST.get("next") or request.GET.get("next") or ""
    if (
        not value.startswith("/")
        or value.startswith(("//", "/\\"))
        or any(c in value for c in "\r\n\t\\")
        or not url_has_allowed_host_and_scheme(value, allowed_hosts=None, require_https=False)
    ):
        return ""
    return value


def _step(name: str, next_url: str):
    """A redirect to the next sign-in step, keeping the page asked for."""
    url = reverse(name)
    if next_url:
        from urllib.parse import urlencode

        url += "?" + urlencode({"next": next_url})
    return redirect(url)


def _second_factor_failed(request) -> None:
    from vendepunkt.audit.models import SecurityEvent
    from vendepunkt.audit.security import record_sign_in_failure

    record_sign_in_failure(
        request, request.user.get_username(), SecurityEvent.Kind.SECOND_FACTOR_FAILED
    )


def _signed_in(request, device) -> None:
    otp_login(request, device)
    request.session.cycle_key()  # a new session key for the fully signed-in session


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if user is None:
            error = _(
                "Wrong user name or password. After 5 failures the account is locked for 15 minutes."
            )
        else:
            login(request, user)  # flushes or cycles the session key (Django)
            request.session.cycle_key()
            confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            return _step("login-totp" if confirmed else "login-enrol", safe_next(request))
    timed_out = request.session.pop("timed_out", False)
    return render(request, "web/login.html", {"form": form, "error": error, "timed_out": timed_out})


@require_http_methods(["GET", "POST"])
def totp_view(request):
    if not request.user.is_authenticated:
        return _step("login", safe_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            _signed_in(request, device)
            return redirect(safe_next(request) or "worklist")
        _second_factor_failed(request)
        form.add_error("token", _("The code is wrong or has expired. Try the newest code."))
    return render(request, "web/totp.html", {"form": form})


@require_http_methods(["GET", "POST"])
def enrol_view(request):
    if not request.user.is_authenticated:
        return _step("login", safe_next(request))
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return _step("login-totp", safe_next(request))
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _signed_in(request, device)
            return redirect(safe_next(request) or "worklist")
        _second_factor_failed(request)
        form.add_error("token", _("The code is wrong or has expired. Try the newest code."))
    secret = base64.b32encode(device.bin_key).decode()
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    qr = "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
    return render(request, "web/enrol.html", {"form": form, "secret": secret, "qr": qr})


@require_POST
def logout_view(request):
    logout(request)
    return redirect("login")
