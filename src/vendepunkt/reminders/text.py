"""The text of a reminder: no more than necessary. The sender, the day and the time; never the
citizen's name, the kind of appointment, a diagnosis or what the centre treats. Danish to the
citizen whatever the staff member's language (a gettext msgid rendered under Danish)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_noop

from vendepunkt.accounts.models import Municipality

SUBJECT = gettext_noop("Reminder of your appointment")
BODY = gettext_noop(
    "Reminder from %(sender)s: you have an appointment %(when)s. If you cannot come, please "
    "let us know. This message cannot be answered."
)


def sender_name(municipality: Municipality) -> str:
    """The name the municipality chose (VENDEPUNKT_REMINDER_SENDER), else its name in its
    standard file, else its name in the system."""
    chosen = str(getattr(settings, "VENDEPUNKT_REMINDER_SENDER", "")).strip()
    if chosen:
        return chosen
    try:
        return str(municipality.standard().municipality.name)
    except LookupError:
        return municipality.name


def when(at: dt.datetime) -> str:
    """'tirsdag den 8. december 2026 kl. 10.00' in the municipality's time zone."""
    local = timezone.localtime(at)
    with translation.override("da"):
        day = formats.date_format(local, r"l \d\e\n j. F Y")
        return f"{day} kl. {local:%H.%M}"


def render(municipality: Municipality, at: dt.datetime) -> tuple[str, str]:
    """(subject, body) in Danish."""
    sender = sender_name(municipality)
    with translation.override("da"):
        subject = gettext(SUBJECT)
        body = gettext(BODY) % {"sender": sender, "when": when(at)}
    return subject, body
