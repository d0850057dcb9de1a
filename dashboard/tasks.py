"""The dashboard's background job (core.jobs): the daily digest by email."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from core.jobs import periodic

from .digest import send_digests

logger = logging.getLogger(__name__)


@task()
def send_daily_digests(attempt: int = 0) -> dict[str, Any]:
    """Today's digests (dashboard.digest); a second run the same day sends nothing.

    Digests the mail server refused are not lost: the job queues itself again, after
    DIGEST_RETRY_MINUTES[attempt] minutes (5, 15, 60, 180 by default), and that run sends
    what is left; after the last, it stops and logs an error for the administrator."""
    result: dict[str, Any] = dict(send_digests())
    if not result["failed"]:
        return result
    delays = settings.DIGEST_RETRY_MINUTES
    if attempt < len(delays):
        at = timezone.now() + datetime.timedelta(minutes=delays[attempt])
        send_daily_digests.using(run_after=at).enqueue(attempt=attempt + 1)
        result["retry_at"] = at.isoformat()
    else:
        logger.error(
            "%s digests not sent today: the mail server refused them %s times.",
            result["failed"],
            attempt + 1,
        )
    return result


periodic("send_daily_digests", send_daily_digests, every="day", at=datetime.time(7, 0))
