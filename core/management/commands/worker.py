"""The task queue's worker: django-tasks-db's ``db_worker`` with a heartbeat, so a task
whose worker was killed is run again or failed, never left running (core.worker).
Takes every option of ``db_worker`` (``--batch``, ``--interval``, ``--queue-name`` ...)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from core.worker import Heartbeat


class Command(db_worker.Command):
    help = (
        "Run the task queue's worker with a heartbeat: tasks left running by a worker that "
        "died are queued again (TASK_MAX_ATTEMPTS) or failed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat = Heartbeat(options["worker_id"], every=settings.TASK_WORKER_BEAT_SECONDS)
        heartbeat.pulse()  # alive, and what a killed predecessor left is queued again now
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
