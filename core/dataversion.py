"""A version of the data that figures are computed from, for caching them safely.

Rankings of a year are computed from every meeting, rating, grievance, survey, policy and
area of it: a few seconds at a city's size, the same answer on every request while the
data is unchanged. :func:`cached` keeps a computed value in the shared cache (the
database cache in production, so every app server sees it) under the current data
version; :func:`bump` gives the data a new version on every write that can change a
figure (the model signals connected in ``rankings.apps``, and every import), so a value
computed before the write is never served after it.

The version is a random token, replaced when a writing transaction commits; inside that
transaction, its own reads use the version and a token of its latest change, so they see
their own writes and no other process ever sees them before the commit.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

KEY = "data-version"
T = TypeVar("T")


def _new() -> None:
    cache.set(KEY, uuid.uuid4().hex, None)


def _pending(connection: Any) -> bool:
    """Whether the current transaction has changed the data (and will bump at commit)."""
    return bool(connection.in_atomic_block) and any(
        entry[1] is _new for entry in connection.run_on_commit
    )


def current() -> str:
    """The shared version of the committed data; inside a transaction that has changed
    it, that version and a token of the transaction's own latest change."""
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, uuid.uuid4().hex, None)
        version = cache.get(KEY)
    connection = transaction.get_connection()
    if _pending(connection):
        return f"{version}.{connection.data_version_local}"
    return str(version)


def bump() -> None:
    """The data has changed. Outside a transaction: a new shared version at once. Inside
    one: a new token for the transaction's own reads (in memory), and one new shared
    version when it commits, so a transaction that saves 3,000 rows writes the version
    once, and nobody else ever sees a figure computed from data not yet committed (a
    rolled-back transaction drops its callback and its token with it)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _new()
        return
    connection.data_version_local = uuid.uuid4().hex
    if not _pending(connection):
        transaction.on_commit(_new)


def cached(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in the cache under ``key`` and the current data version for
    ``DATA_CACHE_SECONDS`` (0: not cached)."""
    timeout = getattr(settings, "DATA_CACHE_SECONDS", 0)
    if not timeout:
        return compute()
    # hashed: a key may hold a scope's repr (spaces) and grow past a cache's key length
    full_key = f"figures:{current()}:{hashlib.sha256(key.encode()).hexdigest()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value
