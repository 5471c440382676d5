"""`manage.py worker`: the background worker (D96). It runs the job queue's tasks (django-tasks'
database worker: each task claimed with a row lock, so several workers on several machines share
one queue) and, in a thread beside it, the reminder scan every VENDEPUNKT_REMINDER_SCAN_SECONDS
(idempotent: every worker may scan). SIGTERM or Ctrl+C stops it after the task it is running."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from vendepunkt.reminders import services

logger = logging.getLogger("vendepunkt.reminders")


def scan_forever(stop: threading.Event, interval: float) -> None:
    while not stop.is_set():
        close_old_connections()
        try:
            services.queue_due_reminders()
        except Exception as exc:
            logger.error("reminder_scan_failed", extra={"error": type(exc).__name__})
        finally:
            connection.close()
        stop.wait(interval)


class Command(BaseCommand):
    help = "Run the background worker: the job queue's tasks and the reminder scan."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument(
            "--scan-interval",
            type=float,
            default=None,
            help="seconds between reminder scans (VENDEPUNKT_REMINDER_SCAN_SECONDS)",
        )
        parser.add_argument("--no-scan", action="store_true", help="run tasks only")
        parser.add_argument("--worker-id", default="", help="unique in the pool (default: random)")

    def handle(
        self,
        *args,
        interval: float,
        scan_interval: float | None,
        no_scan: bool,
        worker_id: str,
        **options,
    ) -> None:
        stop = threading.Event()
        if not no_scan:
            every = scan_interval or settings.VENDEPUNKT_REMINDER_SCAN_SECONDS
            threading.Thread(
                target=scan_forever, args=(stop, every), name="reminder-scan", daemon=True
            ).start()
        worker = Worker(
            queue_names=["default"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=True,
            max_tasks=None,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        logger.info("worker_started")
        try:
            worker.run()
        finally:
            stop.set()
