"""The transports of the outbox: e-mail through Django's e-mail backend (SMTP, settings EMAIL_*)
and SMS through an HTTP gateway (a JSON POST to VENDEPUNKT_SMS_URL with a bearer token and a
timeout). A failure is a `TransportError` with a code that holds no personal data and whether to
try again (a refused recipient, a 4xx answer: no; a lost connection, a timeout, a 5xx: yes)."""

from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage, get_connection


class TransportError(Exception):
    def __init__(self, code: str, *, permanent: bool) -> None:
        super().__init__(code)
        self.code = code[:200]
        self.permanent = permanent


def send_email(to: str, subject: str, body: str) -> None:
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.VENDEPUNKT_REMINDER_FROM_EMAIL,
        to=[to],
        connection=get_connection(fail_silently=False),
    )
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        # 5xx for the recipient: refused for good; 4xx (mailbox busy, greylisting): try again
        codes = [int(code) for code, _ in exc.recipients.values()]
        permanent = any(500 <= code < 600 for code in codes)
        raise TransportError(
            f"smtp_recipient_refused_{max(codes, default=0)}", permanent=permanent
        ) from None
    except smtplib.SMTPResponseException as exc:
        # 5xx: the server refuses for good; 4xx: for now
        code = int(exc.smtp_code)
        raise TransportError(f"smtp_{code}", permanent=500 <= code < 600) from None
    except (smtplib.SMTPException, OSError) as exc:  # refused connection, timeout, disconnect
        raise TransportError(f"smtp_{type(exc).__name__}", permanent=False) from None


RETRY_STATUSES = {408, 425, 429}


def send_sms(to: str, text: str) -> None:
    url = settings.VENDEPUNKT_SMS_URL
    if not url:
        raise TransportError("sms_not_configured", permanent=True)
    if not url.startswith(("https://", "http://")):
        raise TransportError("sms_url_not_http", permanent=True)
    body = json.dumps(
        {"to": to, "from": settings.VENDEPUNKT_SMS_SENDER, "text": text}, ensure_ascii=False
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "Authorization": f"Bearer {settings.VENDEPUNKT_SMS_TOKEN}",
        },
    )
    try:
        with urllib.request.urlopen(  # noqa: S310  # nosec B310 (http(s) only, checked above)
            request, timeout=settings.VENDEPUNKT_SMS_TIMEOUT
        ) as response:
            response.read(1024)
    except urllib.error.HTTPError as exc:
        status = exc.code
        exc.close()
        raise TransportError(
            f"http_{status}", permanent=not (status >= 500 or status in RETRY_STATUSES)
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TransportError(f"sms_{type(reason).__name__}", permanent=False) from None
