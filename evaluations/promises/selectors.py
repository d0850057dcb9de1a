"""Reads of promises, scoped to the user."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q

from core.concurrency import display, model_field
from core.history import reason_shown
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


def meeting_verdicts(meeting: Meeting) -> PromiseQuerySet:
    """The verdicts given at ``meeting``: the earlier promises judged there."""
    return (
        promises().filter(judged_at=meeting).order_by("meeting__year", "meeting__quarter", "number")
    )


HISTORY_FIELDS = ["official", "department", "text", "due_on"]  # of a promise made here
VERDICT_FIELDS = ["kept_votes", "not_kept_votes"]  # of a verdict given here


def meeting_promise_history(meeting: Meeting) -> list[dict[str, Any]]:
    """The history of the promises made at ``meeting`` and of the verdicts given at it, as
    :func:`evaluations.selectors.meeting_history` writes a meeting's: one query, the diffs
    taken pairwise here (a verdict's record counts for the meeting it was given at)."""
    judged_here = Promise.history.filter(judged_at_id=meeting.pk).values("id")
    records = (
        Promise.history.filter(Q(meeting_id=meeting.pk) | Q(id__in=judged_here))
        .select_related(
            "history_user",
            "official",
            "department__street",
            "department__community",
            "meeting",
        )
        .order_by("history_date", "history_id")
    )
    entries: list[dict[str, Any]] = []
    previous: dict[int, Any] = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        made_here = record.meeting_id == meeting.pk
        fields = HISTORY_FIELDS if made_here else VERDICT_FIELDS
        changes = []
        for name in fields:
            old = getattr(before, name) if before else None
            new = getattr(record, name)
            if before is not None and old == new:
                continue
            if before is None and new in (None, ""):
                continue
            field = model_field(Promise, name)
            changes.append(
                {
                    "field": name,
                    "label": str(field.verbose_name),
                    "old": old,
                    "new": new,
                    "old_display": display(field, old),
                    "new_display": display(field, new),
                }
            )
        if record.history_type == "~" and not changes:
            continue  # a report of progress, or a verdict at another meeting
        if not made_here and record.history_type != "~":
            continue
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "type": record.history_type,
                "what": "promise" if made_here else "verdict",
                "official": f"{record.meeting.period} #{record.number}",
                "changes": changes,
                "reason": reason_shown(record.history_change_reason),
            }
        )
    return entries
