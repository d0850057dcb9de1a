"""The dashboard's background job (core.jobs): the daily digest by email."""

from __future__ import annotations

import datetime

from django_tasks import task

from core.jobs import periodic

from .digest import send_digests


@task()
def send_daily_digests() -> dict[str, int]:
    """Today's digests (dashboard.digest); a second run the same day sends nothing."""
    return send_digests()


periodic("send_daily_digests", send_daily_digests, every="day", at=datetime.time(7, 0))
