"""Reads of promises, scoped to the user."""

from __future__ import annotations

import datetime

from districts.models import User
from districts.scoping import get_visible_or_404, visible

from ..models import Meeting, Promise, PromiseQuerySet


def promises(*, user: User | None = None) -> PromiseQuerySet:
    """Every promise the user may see (``None``: the whole installation, for commands)."""
    qs = Promise.objects.all() if user is None else visible(user, Promise.objects.all())
    return qs.select_related(
        "meeting",
        "meeting__community",
        "official",
        "department",
        "department__street",
        "department__community",
        "judged_at",
    )


def promise_get(*, user: User, pk: int) -> Promise:
    return get_visible_or_404(user, promises(user=user), pk=pk)


def meeting_promises(meeting: Meeting, *, as_of: datetime.date) -> PromiseQuerySet:
    """The promises made at ``meeting``, numbered, with their state."""
    return promises().filter(meeting=meeting).with_state(as_of).order_by("number")


def due_for_verdict(meeting: Meeting) -> PromiseQuerySet:
    """The promises to put to the representatives at ``meeting`` (rule 1)."""
    return (
        promises()
        .due_for_verdict_at(meeting)
        .order_by("meeting__year", "meeting__quarter", "number")
    )
