"""Local servers for the reminder tests: an HTTP SMS gateway (http.server in a thread) and an SMTP
server (aiosmtpd), both on 127.0.0.1 on a free port, recording what they receive."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Gateway:
    def __init__(self, url: str) -> None:
        self.url = url
        self.received: list[dict] = []


@contextlib.contextmanager
def sms_gateway(*, fail_first: int = 0, status: int = 503):
    """Answers 200 with a JSON id, after `fail_first` answers of `status`."""
    state = {"left": fail_first}
    gateway = Gateway("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            payload = json.loads(self.rfile.read(length) or b"{}")
            if state["left"] > 0:
                state["left"] -= 1
                self.send_response(status)
                self.end_headers()
                return
            gateway.received.append(
                {"body": payload, "authorization": self.headers.get("Authorization")}
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"id": "1"}')

        def log_message(self, *args) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    gateway.url = f"http://127.0.0.1:{server.server_port}/sms"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def smtp_server():
    """aiosmtpd on 127.0.0.1; yields (port, list of received messages as (to, text))."""
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs the addresses

    received: list[tuple[list[str], str]] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
            return "250 OK"

    with socket.socket() as probe:  # a free port (aiosmtpd checks it is up by connecting)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()
