"""A version of the data that figures are computed from, for caching them safely.

Rankings of a year are computed from every meeting, rating, grievance, survey, policy and
area of it: a few seconds at a city's size, the same answer on every request while the
data is unchanged. :func:`cached` keeps a computed value in the shared cache (the
database cache in production, so every app server sees it) under the current data
version; :func:`bump` gives the data a new version on every write that can change a
figure (the model signals connected in ``rankings.apps``, and every import), so a value
computed before the write is never served after it.

The version is a random token, set at once and again when the writing transaction
commits: a reader that took the new token before the commit, and cached what it still
saw of the old data under it, is superseded by the second token.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

KEY = "data-version"
T = TypeVar("T")


def _new() -> None:
    cache.set(KEY, uuid.uuid4().hex, None)


def current() -> str:
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, uuid.uuid4().hex, None)
        version = cache.get(KEY)
    return str(version)


def bump() -> None:
    """The data has changed (or will, once the current transaction commits)."""
    _new()
    transaction.on_commit(_new)


def cached(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in the cache under ``key`` and the current data version for
    ``DATA_CACHE_SECONDS`` (0: not cached)."""
    timeout = getattr(settings, "DATA_CACHE_SECONDS", 0)
    if not timeout:
        return compute()
    full_key = f"figures:{current()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value
