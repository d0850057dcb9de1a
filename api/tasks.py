"""The API's background job (core.jobs): old rate-limit counters pruned every hour."""

from __future__ import annotations

import datetime
import time

from django_tasks import task

from core.jobs import periodic

from .throttling import prune_windows


@task()
def prune_rate_windows() -> int:
    """Delete the per-minute counters older than the last minute; returns how many."""
    return prune_windows(int(time.time() // 60))


periodic("prune_rate_windows", prune_rate_windows, every="hour", at=datetime.time(0, 5))
