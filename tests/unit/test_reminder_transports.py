"""The transports of the reminders (issue 13 § 3) against local servers on 127.0.0.1: the HTTP
SMS gateway adapter (JSON POST, bearer token, timeout; errors mapped to retry or permanent) and
SMTP through Django's backend (aiosmtpd); no database."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.reminder_servers import sms_gateway, smtp_server
from vendepunkt.reminders import transports


@pytest.fixture(autouse=True)
def _smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = 5
    settings.VENDEPUNKT_SMS_TIMEOUT = 1
    settings.VENDEPUNKT_SMS_TOKEN = "t"


def test_sms_is_a_json_post_with_the_token(settings):
    with sms_gateway() as gateway:
        settings.VENDEPUNKT_SMS_URL = gateway.url
        settings.VENDEPUNKT_SMS_SENDER = "Kommunen"
        transports.send_sms("+4512345678", "Påmindelse")
    assert gateway.received == [
        {
            "body": {"to": "+4512345678", "from": "Kommunen", "text": "Påmindelse"},
            "authorization": "Bearer t",
        }
    ]


@pytest.mark.parametrize(
    ("status", "permanent"),
    [(500, False), (503, False), (429, False), (408, False), (400, True), (401, True), (404, True)],
)
def test_sms_errors_map_to_retry_or_permanent(settings, status, permanent):
    with sms_gateway(fail_first=1, status=status) as gateway:
        settings.VENDEPUNKT_SMS_URL = gateway.url
        with pytest.raises(transports.TransportError) as failed:
            transports.send_sms("12345678", "x")
    assert failed.value.code == f"http_{status}" and failed.value.permanent is permanent


@contextlib.contextmanager
def _slow_gateway():
    class Slow(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            time.sleep(3)
            with contextlib.suppress(OSError):
                self.send_response(200)
                self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/sms"
    finally:
        server.shutdown()
        server.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sms_timeout_and_refused_connection_are_retried(settings):
    with _slow_gateway() as url:
        settings.VENDEPUNKT_SMS_URL = url
        with pytest.raises(transports.TransportError) as failed:
            transports.send_sms("12345678", "x")
    assert not failed.value.permanent
    settings.VENDEPUNKT_SMS_URL = f"http://127.0.0.1:{_free_port()}/sms"
    with pytest.raises(transports.TransportError) as failed:
        transports.send_sms("12345678", "x")
    assert not failed.value.permanent and "12345678" not in failed.value.code


def test_sms_not_configured_is_permanent(settings):
    for url in ("", "file:///etc/passwd"):
        settings.VENDEPUNKT_SMS_URL = url
        with pytest.raises(transports.TransportError) as failed:
            transports.send_sms("12345678", "x")
        assert failed.value.permanent


def test_email_through_smtp(settings):
    with smtp_server() as (port, received):
        settings.EMAIL_PORT = port
        transports.send_email("borger@example.org", "Emne", "Påmindelse fra Kommunen")
    assert len(received) == 1
    to, message = received[0]
    assert to == ["borger@example.org"] and "Emne" in message


def test_email_refused_connection_is_retried(settings):
    settings.EMAIL_PORT = _free_port()
    with pytest.raises(transports.TransportError) as failed:
        transports.send_email("borger@example.org", "Emne", "x")
    assert not failed.value.permanent and "borger" not in failed.value.code


@pytest.mark.parametrize(("reply", "permanent"), [("550 no such user", True), ("451 later", False)])
def test_email_refusals_map_to_retry_or_permanent(settings, reply, permanent):
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Refusing:
        async def handle_RCPT(self, server, session, envelope, address, options):
            return reply

    port = _free_port()
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_PORT = port
        with pytest.raises(transports.TransportError) as failed:
            transports.send_email("borger@example.org", "Emne", "x")
    finally:
        controller.stop()
    assert failed.value.permanent is permanent
    assert json.dumps(failed.value.code).count("@") == 0
