from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every stored row knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A row edited in forms: ``version`` is 1 when created and goes up by one with every
    real change, so a form that carries the version it was loaded at can tell, on save,
    whether someone else saved in between (:mod:`core.concurrency`). simple-history keeps
    the version on every historical record, which is how the refusal shows what changed."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class JobProgress(models.Model):
    """How far a background job has got (core.jobs.report_progress), for its page to show.

    One row per task result id (django-tasks' DBTaskResult.id). The status, the return
    value and the error stay on the task result; this row holds what only the job knows
    while it runs: done of total, and a line of text.
    """

    task_id = models.CharField(_("task"), max_length=64, unique=True)
    label = models.CharField(_("job"), max_length=200, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("job progress")
        verbose_name_plural = _("job progress")

    def __str__(self) -> str:
        return f"{self.label or self.task_id}: {self.done}/{self.total or '?'}"


class PeriodicRun(models.Model):
    """A periodic job enqueued for one period (core.jobs.schedule_due): the unique pair
    (job, period) is what makes it exactly once, however many schedulers run."""

    job = models.CharField(_("job"), max_length=100)
    period = models.CharField(_("period"), max_length=32)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)

    class Meta:
        ordering = ["-enqueued_at"]
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="periodic_run_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"


class WorkerBeat(models.Model):
    """A running worker's heartbeat (core.worker): the ``manage.py worker`` process writes
    ``beat_at`` every few seconds from a thread of its own. A task left RUNNING by a worker
    whose beat is older than the lease (the process was killed, the machine lost) is put
    back in the queue, or failed once it has had its attempts (core.worker.requeue_stale)."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), default=0)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    beat_at = models.DateTimeField(_("last heartbeat"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


# The admin's CSV uploads live beside the import framework; imported here so Django
# registers the model with core's others.
from .interchange.models import ImportUpload as ImportUpload  # noqa: E402
