"""The tasks of the job queue (django-tasks, database backend; D96): only ids travel through
the queue, never personal data."""

from __future__ import annotations

import os
import socket

from django_tasks import task

from . import services


@task()
def deliver_reminder(message_id: int) -> str:
    return services.deliver(message_id, worker=f"{socket.gethostname()}:{os.getpid()}")
