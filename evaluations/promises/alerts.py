"""Due soon and overdue promises, one rule for the dashboards' counts and lists and the
promise list's "due" filter: PromiseQuerySet.overdue / due_soon over promises of
submitted meetings (a draft's promises count nowhere, as its ratings)."""

from __future__ import annotations

import datetime

from ..models import PromiseQuerySet

DUE = ("overdue", "due_soon")
HOME_ROWS = 10  # rows of each list on a home; the count and its link give all of them


def due(qs: PromiseQuerySet, which: str, today: datetime.date) -> PromiseQuerySet:
    qs = qs.made_at_submitted()
    return qs.overdue(today) if which == "overdue" else qs.due_soon(today)


def due_rows(qs: PromiseQuerySet, which: str, today: datetime.date) -> PromiseQuerySet:
    """:func:`due`, with each row's state, the soonest due first (the homes' lists)."""
    return (
        due(qs, which, today)
        .with_state(today)
        .order_by("due_on", "meeting__community__code", "number")
    )
