"""The task worker's lease (issue 22, "Faults survived"): a job whose worker died is run
again, once, or failed with a message; never left "running" for ever.

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when
it ends; a worker killed in between (SIGKILL, the machine lost, out of memory) leaves it
RUNNING, its page waiting for ever and a daily job (the escalation) skipped for the day.
So the project's worker (``manage.py worker``, django-tasks-db's ``db_worker`` with a
heartbeat) writes a :class:`~core.models.WorkerBeat` row every
``TASK_WORKER_BEAT_SECONDS`` from a thread of its own, and on each beat
:func:`requeue_stale` looks at the RUNNING tasks whose worker has not beaten for
``TASK_WORKER_LEASE_SECONDS``:

* a task with fewer than ``TASK_MAX_ATTEMPTS`` claims goes back to READY: the next free
  worker runs it again from the start (each claim appends the worker's id, so the number
  of ids is the number of attempts);
* otherwise it is FAILED with :class:`WorkerLost`, which its page shows as such.

Running a job again is safe because every job this project queues is all or nothing
(one transaction: what a killed worker had written is rolled back by PostgreSQL when its
connection drops) and does nothing twice (the import keeps its outcome in the same
transaction as its rows; the escalation updates only rows not yet escalated).

A worker alive but cut from the database for longer than the lease could see its task run
a second time; both runs are then all or nothing, and the second changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from .models import WorkerBeat

logger = logging.getLogger(__name__)

LOST = "core.worker.WorkerLost"


class WorkerLost(Exception):  # noqa: N818  (the name the job's page and its log show)
    """The worker running a task stopped before it finished (killed, machine lost)."""


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.TASK_WORKER_LEASE_SECONDS)


def beat(worker_id: str, *, now: datetime.datetime | None = None) -> None:
    """This worker is alive."""
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "beat_at": timezone.now() if now is None else now,
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
        },
    )


def live_workers(now: datetime.datetime | None = None) -> set[str]:
    now = timezone.now() if now is None else now
    return set(
        WorkerBeat.objects.filter(beat_at__gte=now - lease()).values_list("worker_id", flat=True)
    )


def is_stalled(result: Any, *, live: set[str], now: datetime.datetime) -> bool:
    """A RUNNING task (a DBTaskResult or the TaskResult read back from it) whose last
    worker has not beaten within the lease."""
    return (
        result.status == TaskResultStatus.RUNNING
        and result.started_at is not None
        and result.started_at < now - lease()
        and (not result.worker_ids or result.worker_ids[-1] not in live)
    )


def requeue_stale(*, now: datetime.datetime | None = None) -> dict[str, list[str]]:
    """Put back in the queue (or fail, after its attempts) every task a dead worker left
    RUNNING; returns the ids of each. The rows are locked (skipping those another worker
    is handling), so two workers doing this at once act on each task once."""
    now = timezone.now() if now is None else now
    live = live_workers(now)
    requeued: list[str] = []
    failed: list[DBTaskResult] = []
    with transaction.atomic():
        running = (
            DBTaskResult.objects.running()
            .filter(started_at__lt=now - lease())
            .select_for_update(skip_locked=True)
        )
        for result in running:
            if not is_stalled(result, live=live, now=now):
                continue
            if len(result.worker_ids) < settings.TASK_MAX_ATTEMPTS:
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                requeued.append(str(result.id))
            else:
                result.set_failed(
                    WorkerLost(
                        f"the worker stopped while running this task, "
                        f"{len(result.worker_ids)} times"
                    )
                )
                failed.append(result)
    for result in failed:  # as the worker would: listeners clean up after a failed job
        task_finished.send(sender=type(default_task_backend), task_result=result.task_result)
    for task_id in requeued:
        logger.warning("Task %s: its worker stopped; queued again.", task_id)
    for result in failed:
        logger.error("Task %s: its worker stopped on its last attempt; failed.", result.id)
    # a worker gone for long is no longer listed
    WorkerBeat.objects.filter(beat_at__lt=now - 10 * lease()).delete()
    return {"requeued": requeued, "failed": [str(r.id) for r in failed]}


class Heartbeat(threading.Thread):
    """Beats for ``worker_id`` and re-queues what dead workers left, every ``every``
    seconds, on a database connection of its own (Django's are per thread), while the
    worker's main thread runs tasks. A database that is down is waited out: the beat
    resumes when it returns."""

    def __init__(self, worker_id: str, *, every: float) -> None:
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.every = every
        self.stopped = threading.Event()

    def pulse(self) -> None:
        try:
            beat(self.worker_id)
            requeue_stale()
        except DatabaseError:
            logger.warning("Worker heartbeat: the database is unavailable; retrying.")
            connection.close()  # a new connection on the next beat

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every):
                self.pulse()
                close_old_connections()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        if self.is_alive():
            self.join(timeout=self.every + 5)
        # with the database gone, the row stays and its lease lapses on its own
        with contextlib.suppress(DatabaseError):
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
