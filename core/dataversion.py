"""Versions of the data that figures are computed from, for caching them safely.

Rankings of a year are computed from every meeting, rating, grievance, survey, policy and
area of it: a second or more at a city's size, the same answer on every request while
that data is unchanged. :func:`cached` keeps a computed value in the shared cache (the
database cache in production, so every app server sees it) under the current versions
of the data it depends on; :func:`bump` gives data a new version on every write that can
change a figure (the model signals connected by :func:`watch`, and every import), so a value
computed before the write is never served after it.

The data is versioned as a whole and by **topic** (``reviews:2013``, ``surveys:2013``,
``policy:2013``, ``grievances``, ``recommendations``): a value that names its topics is
kept until the whole data or one of those topics changes, so a correction to a meeting of
2013 leaves the cached rankings of 2011 and 2012 in place. A value that names no topic
depends on every change; a bump that names no topic changes everything (areas, imports).

Each version is a random token, replaced when a writing transaction commits; inside that
transaction, its own reads use the versions and a token of its latest change, so they
see their own writes and no other process ever sees them before the commit.

Each app registers its own models in its ``AppConfig.ready`` with :func:`watch` (and
:func:`watch_by_year`), naming the topics a saved or deleted row changes, so the versions
follow the data without an upper app wiring the signals of a lower one. Bulk writes send
no signals: the imports bump the version themselves.
"""

from __future__ import annotations

import datetime
import hashlib
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_init, post_save

KEY = "data-version"
EVERYTHING = "*"  # changed by a bump naming no topic: every value depends on it
ANY = "any"  # changed by every bump: a value naming no topic depends on this alone
T = TypeVar("T")

# How long a request waits for another process that is already computing the same value
# before computing it itself (a lock, not a correctness rule: the value is the same).
WAIT_SECONDS = 20.0


def _key(topic: str) -> str:
    return KEY if topic == EVERYTHING else f"{KEY}:{topic}"


class _AtCommit:
    """The topics a transaction has changed, each with a token of its latest change (for
    the transaction's own reads); called once when it commits."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}

    @property
    def topics(self) -> set[str]:
        return set(self.tokens)

    def __call__(self) -> None:
        cache.set_many({_key(t): uuid.uuid4().hex for t in {*self.tokens, ANY}}, None)


def _pending(connection: Any) -> _AtCommit | None:
    """What the current transaction has changed (and will bump at commit), if anything.
    A rolled-back transaction or savepoint drops its callback with it."""
    if not connection.in_atomic_block:
        return None
    for entry in connection.run_on_commit:
        if isinstance(entry[1], _AtCommit):
            return entry[1]
    return None


def current(topics: Iterable[str] | None = None) -> str:
    """The shared version of the committed data (of the whole, and of ``topics`` if
    named); inside a transaction that has changed any of it, that version and a token of
    the transaction's own latest change."""
    names = [ANY] if topics is None else [EVERYTHING, *sorted(set(topics))]
    keys = [_key(t) for t in names]
    versions = cache.get_many(keys)
    missing = [k for k in keys if k not in versions]
    if missing:
        for k in missing:
            cache.add(k, uuid.uuid4().hex, None)
        versions.update(cache.get_many(missing))
    version = ".".join(str(versions.get(k)) for k in keys)
    pending = _pending(transaction.get_connection())
    if pending is not None:
        # the transaction's own changes of this data, if any, by their latest tokens
        mine = [
            f"{t}={token}"
            for t, token in sorted(pending.tokens.items())
            if topics is None or t == EVERYTHING or t in names
        ]
        if mine:
            version += "~" + ",".join(mine)
    # short keys whatever the number of topics (memcached's limit is 250 characters)
    return hashlib.sha256(version.encode()).hexdigest()[:32]


def bump(*topics: str) -> None:
    """Data has changed: these topics of it, or (none named) anything. Outside a
    transaction: new shared versions at once. Inside one: a new token for the
    transaction's own reads (in memory), and new shared versions when it commits, so a
    transaction that saves 3,000 rows writes the versions once, and nobody else ever sees
    a figure computed from data not yet committed."""
    changed = set(topics) or {EVERYTHING}
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        at_commit = _AtCommit()
        at_commit.tokens = dict.fromkeys(changed, "")
        at_commit()
        return
    pending = _pending(connection)
    if pending is None:
        pending = _AtCommit()
        transaction.on_commit(pending)
    for topic in changed:
        pending.tokens[topic] = uuid.uuid4().hex


def cache_key(key: str, topics: Iterable[str] | None = None) -> str:
    """Where :func:`cached` keeps ``key``'s value at the current version of its data;
    hashed: a key may hold a scope's repr (spaces) and grow past a cache's key length."""
    return f"figures:{current(topics)}:{hashlib.sha256(key.encode()).hexdigest()}"


def cached(key: str, compute: Callable[[], T], *, topics: Iterable[str] | None = None) -> T:
    """``compute()``, kept in the cache under ``key`` and the current version of the data
    (of ``topics`` only, if named) for ``DATA_CACHE_SECONDS`` (0: not cached).

    When several requests miss the same value at once, one computes it and the others
    wait for it (up to :data:`WAIT_SECONDS`), instead of all computing the same thing."""
    timeout = getattr(settings, "DATA_CACHE_SECONDS", 0)
    if not timeout:
        return compute()
    full_key = cache_key(key, topics)
    value = cache.get(full_key)
    if value is not None:
        return value
    lock = f"computing:{full_key}"
    if not cache.add(lock, 1, int(WAIT_SECONDS) + 10):
        deadline = time.monotonic() + WAIT_SECONDS
        delay = 0.02
        while time.monotonic() < deadline:
            time.sleep(delay)
            delay = min(delay * 2, 0.25)
            value = cache.get(full_key)
            if value is not None:
                return value
            if cache.get(lock) is None:  # the other one failed: compute it here
                break
    try:
        value = compute()
        cache.set(full_key, value, timeout)
    finally:
        cache.delete(lock)
    return value


def recent(
    key: str,
    compute: Callable[[], T],
    *,
    max_age: float,
    topics: Iterable[str] | None = None,
) -> tuple[T, datetime.datetime | None]:
    """For summaries that may lag a moment behind data being entered (a dashboard's
    standing, never a ranking page or an export): :func:`cached`'s value, or, while the
    data keeps changing, the value last computed for ``key`` if that was at most
    ``max_age`` seconds ago, with the time it was computed (``None``: exact).

    So a dashboard costs one computation per ``max_age`` seconds while meetings are
    entered, instead of one per change; once the data rests, the next request is exact.
    A transaction that has changed the data always sees its own changes exactly."""
    timeout = getattr(settings, "DATA_CACHE_SECONDS", 0)
    if not timeout:
        return compute(), None
    exact = cache.get(cache_key(key, topics))
    if exact is not None:
        return exact, None
    latest_key = f"latest:{hashlib.sha256(key.encode()).hexdigest()}"
    pending = _pending(transaction.get_connection())
    if pending is None or not pending.tokens:
        latest = cache.get(latest_key)
        if latest is not None and time.time() - latest[0] < max_age:
            return latest[1], datetime.datetime.fromtimestamp(latest[0], tz=datetime.UTC)
    computed_at = time.time()
    value = cached(key, compute, topics=topics)
    if pending is None or not pending.tokens:
        cache.set(latest_key, (computed_at, value), timeout)
    return value, None


# --- the models whose rows figures are computed from (registered by their own apps) ---

Topics = Callable[[Any], tuple[str, ...]]
"""What a saved or deleted row changes: its topics, or () for everything."""

_WATCHED: dict[type[Model], Topics] = {}


def everything(instance: Model) -> tuple[str, ...]:
    """The topics of a row that every figure may depend on (an area): none, so everything."""
    return ()


def topics_of(instance: Model) -> tuple[str, ...]:
    """The data topics a saved or deleted row belongs to, as its app registered them; ()
    for everything (and for a row of a model nobody watches)."""
    for model in type(instance).__mro__:
        topics = _WATCHED.get(model)
        if topics is not None:
            return topics(instance)
    return ()


def data_changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    bump(*topics_of(instance))


def watch(model: type[Model], *, topics: Topics = everything) -> None:
    """Give the data a new version of ``topics(row)`` whenever a row of ``model`` is saved
    or deleted (one row at a time: bulk writes send no signal). Called by the model's own
    app in its ``AppConfig.ready``."""
    _WATCHED[model] = topics
    post_save.connect(data_changed, sender=model, dispatch_uid=f"data-version-save-{model}")
    post_delete.connect(data_changed, sender=model, dispatch_uid=f"data-version-delete-{model}")


def remember_year(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    instance._loaded_year = instance.__dict__.get("year")  # type: ignore[attr-defined]


def by_year(topic: str) -> Topics:
    """The topics of a row with a ``year``: ``<topic>:<year>``, and the year it had when
    loaded too if that was edited (kept by :func:`watch_by_year`)."""

    def topics(instance: Any) -> tuple[str, ...]:
        years = {instance.year, getattr(instance, "_loaded_year", None)} - {None}
        return tuple(f"{topic}:{year}" for year in sorted(years))

    return topics


def watch_by_year(model: type[Model], topic: str) -> None:
    """:func:`watch` a model with a ``year`` field under the topic of its year
    (``reviews:2013``): a row moved to another year changes both years."""
    post_init.connect(remember_year, sender=model, dispatch_uid=f"data-version-year-{model}")
    watch(model, topics=by_year(topic))
