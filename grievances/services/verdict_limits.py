"""The public verdict page's limits on code checks (DOMAIN.md, "Grievances": the
resident's verdict with the code on their receipt; issue 22, item 6).

Two counts, each against its own limit within a window: the checks from one client
address (``VERDICT_ATTEMPTS_PER_ADDRESS``, any reference), and the checks on one reference
from one address (``VERDICT_ATTEMPTS_PER_REFERENCE``). A check is reserved before the code
is compared and given back when the code was right, so the counts hold the refused checks
and those under way; each reservation is one ``INSERT ... ON CONFLICT DO UPDATE ...
RETURNING`` in the database, so simultaneous requests cannot all read the same count and
go ahead together.

There is no count of one reference across addresses: it let anyone lock a resident out of
their own verdict with a few wrong codes on a reference (they are sequential). A stranger
is limited from their own address instead; the code (10 characters of 25, about 9.5e13)
keeps guessing across many addresses hopeless. An IPv6 client is counted by its /64, the
network one subscriber gets, so that its many addresses are one.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from core.clientip import network_of

from ..models import VerdictLimit

RESERVE = """
INSERT INTO {table} (key, started_at, count) VALUES (%(key)s, %(now)s, 1)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN {table}.started_at < %(since)s THEN 1 ELSE {table}.count + 1 END,
    started_at = CASE WHEN {table}.started_at < %(since)s THEN %(now)s
                      ELSE {table}.started_at END
RETURNING count
"""


def window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.VERDICT_ATTEMPT_WINDOW_MINUTES)


def _client(address: str | None) -> str:
    """The client a limit counts: the address, an IPv6 one by its /64 (core.clientip)."""
    try:
        return network_of(address) or "unknown"
    except ValueError:
        return "unknown"


def _keys(address: str | None, reference: str) -> list[tuple[str, int]]:
    client = _client(address)
    key_length = VerdictLimit._meta.get_field("key").max_length or 0
    return [
        (f"addr:{client}", settings.VERDICT_ATTEMPTS_PER_ADDRESS),
        (f"ref:{client}:{reference}"[:key_length], settings.VERDICT_ATTEMPTS_PER_REFERENCE),
    ]


def _sql(template: str) -> str:
    return template.format(table=connection.ops.quote_name(VerdictLimit._meta.db_table))


def verdict_check_reserve(*, address: str | None, reference: str) -> bool:
    """Reserve one code check for ``address`` on ``reference``: True when every count
    stays within its limit (compare the code, then :func:`verdict_check_release` if it was
    right); False when one is over (nothing stays reserved, compare nothing)."""
    now = timezone.now()
    taken: list[str] = []
    with connection.cursor() as cursor:
        for key, limit in _keys(address, reference):
            cursor.execute(_sql(RESERVE), {"key": key, "now": now, "since": now - window()})
            taken.append(key)
            if int(cursor.fetchone()[0]) > limit:
                _release(taken)
                return False
    return True


def verdict_check_release(*, address: str | None, reference: str) -> None:
    """Give back a reserved check: the code was right, and a resident's own checks never
    count against them."""
    _release([key for key, _limit in _keys(address, reference)])


def _release(keys: list[str]) -> None:
    """One check less on each of ``keys``, never below 0, in one UPDATE (the demo's SQLite
    as well as PostgreSQL: Greatest is MAX there)."""
    VerdictLimit.objects.filter(key__in=keys).update(count=Greatest(F("count") - 1, 0))


def verdict_limits_prune() -> int:
    """Delete the counts whose window has passed (the hourly job
    grievances.tasks.prune_verdict_limits); returns how many."""
    deleted, _ = VerdictLimit.objects.filter(started_at__lt=timezone.now() - window()).delete()
    return deleted
