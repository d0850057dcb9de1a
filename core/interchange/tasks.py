"""The import framework's background job: an admin CSV upload (core.jobs)."""

from __future__ import annotations

from typing import Any

from django_tasks import TaskContext, task

from .uploads import run_upload


@task(takes_context=True)
def import_upload(context: TaskContext, upload_id: int) -> dict[str, Any]:
    """An admin CSV upload (core.interchange.uploads): no time limit, unlike a page's
    request."""
    return run_upload(context, upload_id)
