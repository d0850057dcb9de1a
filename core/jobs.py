"""Background jobs: a task queue kept in the project's own database (issue 11).

Why django-tasks with django-tasks-db's DatabaseBackend: it is Django's own task API
(the same ``@task`` / ``.enqueue()`` as ``django.tasks`` in Django 6), and its queue is a
table in the project's database, on SQLite for ``make run`` as on PostgreSQL in production,
so there is no broker to run and a job enqueued in a transaction exists only if that
transaction commits. (procrastinate needs PostgreSQL: the SQLite demo could not run it.)

The API, for every app:

* Write a job in ``<app>/tasks.py`` with ``@task()`` (``from django_tasks import task``);
  arguments and return value are JSON.
* Long job with a page that shows progress: ``task_id = start_job(my_task, label=...,
  user=request.user, **kwargs)`` from the view; inside the job (``@task(takes_context=True)``,
  first parameter ``context``) call ``report_progress(context, done=n, total=m,
  message=...)`` as often as useful; the page reads ``job_state(task_id)`` (status, done,
  total, percent, message, return value, error) and may reload itself until
  ``state.finished``. Progress written inside an open transaction is seen only when it
  commits: report outside the all-or-nothing block (e.g. while checking rows, then
  "saving…" just before the one transaction).
* Periodic job: ``periodic("name", my_task, every="day", at=datetime.time(6, 0))`` at the
  bottom of ``<app>/tasks.py``; ``manage.py scheduler`` enqueues it once per period.
* Running: ``manage.py worker`` (django-tasks-db's ``db_worker`` with a heartbeat: a task
  whose worker died is run again or failed, core.worker) runs what is enqueued;
  ``manage.py scheduler`` enqueues the periodic jobs. ``make run`` starts both with the
  server. Tests enqueue, then run the worker (the ``run_worker`` fixture).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import ngettext
from django_tasks import TaskContext, TaskResultStatus, default_task_backend
from django_tasks.base import Task
from django_tasks.exceptions import TaskResultDoesNotExist

from . import worker
from .models import JobProgress, PeriodicRun

Every = Literal["day", "hour"]


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Task[Any, Any]
    every: Every
    at: datetime.time  # local time in each period from which the job is due


_periodic: dict[str, Periodic] = {}


def periodic(
    name: str, task: Task[Any, Any], *, every: Every = "day", at: datetime.time | None = None
) -> None:
    """Register ``task`` (taking no arguments) to run once per day (from ``at``, local
    time) or once per hour (from minute ``at.minute``)."""
    _periodic[name] = Periodic(name, task, every, at or datetime.time(0, 0))


def periodic_jobs() -> dict[str, Periodic]:
    autodiscover_modules("tasks")
    return dict(_periodic)


def period_of(job: Periodic, now: datetime.datetime) -> str | None:
    """The period ``now`` falls in for ``job`` ("2026-10-09", "2026-10-09T06"), or None
    before the job's time in it."""
    local = timezone.localtime(now)
    if job.every == "hour":
        return local.strftime("%Y-%m-%dT%H") if local.minute >= job.at.minute else None
    return local.date().isoformat() if local.time() >= job.at else None


def schedule_due(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue each periodic job due and not yet enqueued for its current period; returns
    their names. The PeriodicRun row and the queued task are written in one transaction
    and the row is unique per (job, period): however many schedulers run, each job is
    enqueued once per period, and a failed enqueue leaves no row behind."""
    now = timezone.now() if now is None else now
    enqueued = []
    for job in periodic_jobs().values():
        period = period_of(job, now)
        if period is None or PeriodicRun.objects.filter(job=job.name, period=period).exists():
            continue
        try:
            with transaction.atomic():
                run = PeriodicRun.objects.create(job=job.name, period=period)
                run.task_id = str(job.task.enqueue().id)
                run.save(update_fields=["task_id"])
        except IntegrityError:  # another scheduler took this period first
            continue
        enqueued.append(job.name)
    return enqueued


def start_job(task: Task[Any, Any], *, label: str = "", user: Any = None, **kwargs: Any) -> str:
    """Enqueue a long job with a progress row the page can read; returns its id."""
    with transaction.atomic():
        result = task.enqueue(**kwargs)
        JobProgress.objects.create(
            task_id=str(result.id), label=label[:200], user=user if user else None
        )
    return str(result.id)


def report_progress(
    context: TaskContext, *, done: int, total: int | None = None, message: str = ""
) -> None:
    """From inside a job: how far it has got (``done`` of ``total``)."""
    JobProgress.objects.update_or_create(
        task_id=str(context.task_result.id),
        defaults={"done": done, "total": total, "message": message[:500]},
    )


@dataclass(frozen=True)
class JobState:
    task_id: str
    status: str  # READY, RUNNING, SUCCESSFUL, FAILED (django_tasks.TaskResultStatus)
    label: str
    done: int
    total: int | None
    message: str
    return_value: Any
    error: str  # the exception's class and message when FAILED, else ""
    user_id: int | None
    attempts: int = 0  # how many times a worker has claimed it (core.worker)
    # its worker stopped: queued again (READY after an attempt), or silent past its lease
    interrupted: bool = False

    @property
    def finished(self) -> bool:
        return self.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)

    @property
    def percent(self) -> Decimal | None:
        """Done of total in percent, half-up to a whole number; None without a total."""
        if not self.total:
            return None
        return (Decimal(self.done) * 100 / Decimal(self.total)).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )


def job_state(task_id: str) -> JobState | None:
    """Where a job is: None for an id that is no job (a page answers 404)."""
    try:
        result = default_task_backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return None
    progress = JobProgress.objects.filter(task_id=str(result.id)).first()
    error = ""
    attempts = len(result.worker_ids)
    if result.status == TaskResultStatus.FAILED and result.errors:
        last = result.errors[-1]
        lines = [line for line in last.traceback.strip().splitlines() if line.strip()]
        error = lines[-1] if lines else last.exception_class_path
        if last.exception_class_path == worker.LOST:
            error = ngettext(
                "The worker stopped while running this job, on its one attempt; it did not "
                "finish and nothing of it was saved.",
                "The worker stopped while running this job, on each of its %(n)s attempts; "
                "it did not finish and nothing of it was saved.",
                attempts,
            ) % {"n": attempts}
    now = timezone.now()
    interrupted = (result.status == TaskResultStatus.READY and attempts > 0) or (
        result.status == TaskResultStatus.RUNNING
        and worker.is_stalled(result, live=worker.live_workers(now), now=now)
    )
    return JobState(
        task_id=str(result.id),
        status=str(result.status),
        label=progress.label if progress else "",
        done=progress.done if progress else 0,
        total=progress.total if progress else None,
        message=progress.message if progress else "",
        return_value=result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None,
        error=error,
        user_id=progress.user_id if progress else None,
        attempts=attempts,
        interrupted=interrupted,
    )
