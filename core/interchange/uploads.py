"""Admin CSV uploads run as background jobs (issue 11): the service that stores an upload
and starts its job, the job's body, the selector of the uploads a user may see, and the
outcome read back for the status page."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import TaskContext

from core import interchange
from core.jobs import report_progress, start_job

from .models import ImportUpload

if TYPE_CHECKING:
    # django-stubs resolves this alias to settings.AUTH_USER_MODEL (the project's User), so
    # core names the account type without importing the app that defines it.
    from django.contrib.auth.models import _User as User


def upload_start(
    *, kind: str, file: UploadedFile, dry_run: bool, user: User, language: str = ""
) -> ImportUpload:
    """Store the file in the database and queue its import; the row and the queued job
    exist together or not at all."""
    from .tasks import import_upload  # the task module registers jobs; imported on use

    data = b"".join(file.chunks())
    with transaction.atomic():
        upload = ImportUpload.objects.create(
            kind=kind, dry_run=dry_run, data=data, size=len(data), user=user, language=language
        )
        upload.task_id = start_job(
            import_upload,
            label=_("CSV import: %(kind)s") % {"kind": kind},
            user=user,
            upload_id=upload.pk,
        )
        upload.save(update_fields=["task_id"])
    return upload


def run_upload(context: TaskContext, upload_id: int) -> dict[str, Any]:
    """The job: import the stored file as its uploader (their scope), all or nothing, then
    keep the outcome and clear the bytes. Progress is reported while the rows are read
    and checked, outside the import's one transaction, so the page sees it as it goes.

    Run again after its worker died (core.worker), it is exactly once: the report and the
    cleared bytes commit in the import's own transaction, so either the rows, the report
    and the cleared file are all saved, or none is and the file is imported afresh; an
    upload that already has its outcome is not imported again."""
    upload = ImportUpload.objects.select_related("user").get(pk=upload_id)
    if upload.report is not None or upload.errors is not None:
        return {"rows": (upload.report or {}).get("rows", 0), "errors": len(upload.errors or [])}
    data = bytes(upload.data)
    total = interchange.count_rows(data)
    read = 0

    def progress(phase: str, rows: int) -> None:
        nonlocal read
        if phase != "read":  # the write phase runs inside the import's transaction
            return
        read += rows
        report_progress(
            context,
            done=min(read, total),
            total=total,
            message=_("Reading and checking the rows…"),
        )

    def keep(result: interchange.ImportReport) -> None:
        ImportUpload.objects.filter(pk=upload_id).update(
            data=b"",
            report={
                "kind": result.kind,
                "rows": result.rows,
                "dry_run": result.dry_run,
                "created": dict(result.created),
                "updated": dict(result.updated),
                "unchanged": dict(result.unchanged),
            },
        )

    with translation.override(upload.language or settings.LANGUAGE_CODE):
        report_progress(
            context,
            done=0,
            total=total,
            message=_("Reading and checking the rows, then saving them in one transaction…"),
        )
        errors = None
        try:
            interchange.run_import(
                upload.kind,
                data,
                dry_run=upload.dry_run,
                user=upload.user,
                progress=progress,
                outcome=keep,
            )
            message = _("Done.")
        except interchange.ImportFailed as failed:
            errors = [
                {"row": e.row, "column": _storable(e.column), "message": _storable(e.message)}
                for e in failed.errors
            ]
            ImportUpload.objects.filter(pk=upload_id).update(data=b"", errors=errors)
            message = _("The file has errors; nothing was saved.")
        except BaseException:
            # a fault of the job itself: the file does not stay in the database
            ImportUpload.objects.filter(pk=upload_id).update(data=b"")
            raise
        report_progress(context, done=total, total=total, message=message)
    return {"rows": total, "errors": len(errors or [])}


def upload_abandoned(task_id: str) -> None:
    """The worker stopped on the upload's last attempt (core.worker): its file does not
    stay in the database."""
    ImportUpload.objects.filter(task_id=task_id, report__isnull=True, errors__isnull=True).update(
        data=b""
    )


def _storable(text: str | None) -> str | None:
    """PostgreSQL's JSON holds no NUL character, which an error may quote from the file."""
    return None if text is None else text.replace("\x00", "\ufffd")


def uploads_visible(user: User) -> QuerySet[ImportUpload]:
    """Uploads a user may follow: their own; a superuser's, everyone's."""
    uploads = ImportUpload.objects.all()
    return uploads if user.is_superuser else uploads.filter(user=user)


def report_of(upload: ImportUpload) -> interchange.ImportReport | None:
    if upload.report is None:
        return None
    data = upload.report
    return interchange.ImportReport(
        kind=data["kind"],
        rows=data["rows"],
        dry_run=data["dry_run"],
        created=Counter(data["created"]),
        updated=Counter(data["updated"]),
        unchanged=Counter(data["unchanged"]),
    )


def errors_of(upload: ImportUpload) -> list[interchange.RowError] | None:
    if upload.errors is None:
        return None
    return [interchange.RowError(e["row"], e["column"], e["message"]) for e in upload.errors]
