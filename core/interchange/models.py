"""The upload pages' record: a CSV file uploaded in the admin, waiting for or done by the
background job that imports it (:mod:`core.interchange.tasks`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportUpload(models.Model):
    """One admin CSV upload. The file's bytes are kept in the database, not in one server's
    memory or temporary directory, so whichever worker picks up the job can read them;
    they are cleared once the job has run. The outcome stays: the report's counts or the
    errors with their row numbers, for the status page."""

    kind = models.CharField(_("kind"), max_length=40)
    dry_run = models.BooleanField(_("check only"))
    data = models.BinaryField(_("file"), blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    language = models.CharField(_("language"), max_length=10, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("uploaded by")
    )
    created = models.DateTimeField(_("uploaded"), auto_now_add=True)
    task_id = models.CharField(_("job"), max_length=64, blank=True)
    # ImportReport's counts ({"kind", "rows", "dry_run", "created", "updated",
    # "unchanged"}) or the RowErrors ([{"row", "column", "message"}]); None until done
    report = models.JSONField(_("report"), null=True, blank=True)
    errors = models.JSONField(_("errors"), null=True, blank=True)

    class Meta:
        verbose_name = _("CSV upload")
        verbose_name_plural = _("CSV uploads")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
