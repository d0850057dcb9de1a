"""The dashboard's background jobs (core.jobs): the daily digest by email, and the admin's
CSV uploads."""

from __future__ import annotations

import datetime
from typing import Any

from django_tasks import TaskContext, task

from core.jobs import periodic

from .digest import send_digests
from .uploads import run_upload


@task()
def send_daily_digests() -> dict[str, int]:
    """Today's digests (dashboard.digest); a second run the same day sends nothing."""
    return send_digests()


periodic("send_daily_digests", send_daily_digests, every="day", at=datetime.time(7, 0))


@task(takes_context=True)
def import_upload(context: TaskContext, upload_id: int) -> dict[str, Any]:
    """An admin CSV upload (dashboard.uploads): no time limit, unlike a page's request."""
    return run_upload(context, upload_id)
