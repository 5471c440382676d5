"""A service's refusal on a web form, shared by every area (D87): the message in the user's
language next to the field it names (or above the form when it names none), and the POST half of
a form that calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages

from vendepunkt.accounts.errors import ServiceError


def english(request) -> bool:
    """Whether the request is answered in English (Danish otherwise)."""
    return (getattr(request, "LANGUAGE_CODE", "") or "").startswith("en")


def service_message(request, error: ServiceError) -> str:
    """The refusal's message in the user's language."""
    return error.message_en if english(request) else error.message_da


def show_refusal(
    request, form, error: ServiceError, fields: dict | None = None, message: str | None = None
) -> None:
    """Put the refusal next to its field (`fields` maps a service's field name to the form's),
    or among the form's own errors when the form has no such field."""
    name = (fields or {}).get(error.field or "", error.field)
    form.add_error(
        name if name in form.fields else None, message or service_message(request, error)
    )


NOT_DONE = object()  # what act_on_form returns when the service did not act


def act_on_form(
    request,
    form,
    act: Callable[[dict], Any],
    *,
    done: str | None = None,
    fields: dict | None = None,
) -> Any:
    """The POST half of a form that calls a service: when the form is valid, `act(cleaned_data)`
    calls it; on success `done` becomes a message and the service's result is returned; a
    refusal goes next to its field and `NOT_DONE` is returned (the view renders the form again,
    status 400, nothing written)."""
    if not form.is_valid():
        return NOT_DONE
    try:
        result = act(form.cleaned_data)
    except ServiceError as error:
        show_refusal(request, form, error, fields)
        return NOT_DONE
    if done:
        messages.success(request, done)
    return result
