"""Rate limits kept in the database: every worker process and machine counts the same
requests (a fixed one-minute window per token user, or per address without a token)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import connection
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from core.clientip import client_network

from .models import RateWindow

UPSERT = """
INSERT INTO {table} (key, minute, count) VALUES (%s, %s, 1)
ON CONFLICT (key, minute) DO UPDATE SET count = {table}.count + 1
RETURNING count
"""


def hit(key: str, minute: int) -> int:
    """Count one request of ``key`` in ``minute``, atomically; return the count so far."""
    table = connection.ops.quote_name(RateWindow._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT.format(table=table), [key, minute])
        count = int(cursor.fetchone()[0])
    return count


def prune_windows(minute: int) -> int:
    """Delete the counters of minutes gone by (the hourly job api.tasks.prune_rate_windows);
    a request never pays for it, so every request costs the same queries."""
    deleted, _ = RateWindow.objects.filter(minute__lt=minute - 1).delete()
    return deleted


class DatabaseRateThrottle(BaseThrottle):
    """Per token user, or per client address (core.clientip: the one address every limit
    reads, an IPv6 client by its /64; never DRF's own reading of X-Forwarded-For, which
    believed any header)."""

    def __init__(self) -> None:
        self.wait_seconds = 0.0

    def allow_request(self, request: Request, view: Any) -> bool:
        now = time.time()
        minute = int(now // 60)
        if request.user and request.user.is_authenticated:
            key, limit = f"user:{request.user.pk}", settings.API_RATE_LIMIT_PER_MINUTE
        else:
            key = f"addr:{client_network(request)}"
            limit = settings.API_ANONYMOUS_RATE_LIMIT_PER_MINUTE
        if hit(key[:100], minute) <= limit:
            return True
        self.wait_seconds = 60 - now % 60
        return False

    def wait(self) -> float:
        return self.wait_seconds
