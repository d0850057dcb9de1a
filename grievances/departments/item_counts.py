"""What happened to one referred item, counted from its timeline in SQL (DOMAIN.md,
"Departments answer for their work").

- ``sent_back_count``: the department's proposed answers the street's staff sent back
  (``FollowUp.Kind.RETURNED`` rows: events, not items);
- ``reopened_count``: the times the resident's unsatisfied verdict reopened it (the
  ``REOPENED`` rows whose reason is the verdict's, ``models.grievance.RESIDENT_UNSATISFIED``;
  a reopening by the street's own decision is not the department's doing);
- :func:`problem_q`: a problem item, sent back 3 times or reopened twice.

The names are stable: the problem items' escalation and badges use them.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import (
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from ..models import FollowUp, Grievance
from ..models.grievance import RESIDENT_UNSATISFIED

QS = TypeVar("QS", bound=QuerySet[Grievance])

SENT_BACK_LIMIT = 3  # sent back this many times: a problem item
REOPENED_LIMIT = 2  # reopened this many times by an unsatisfied verdict: a problem item
# the reason an unsatisfied verdict writes; rows written before it was a code say it in English
VERDICT_REASONS = (RESIDENT_UNSATISFIED, "The resident is unsatisfied with the answer.")
SENT_BACK_EVENT = Q(kind=FollowUp.Kind.RETURNED)
REOPENED_EVENT = Q(kind=FollowUp.Kind.REOPENED, text__in=VERDICT_REASONS)


def events(condition: Q, grievance: str = "pk") -> Coalesce:
    """How many timeline rows of the item (``OuterRef(grievance)``) meet ``condition``: a
    scalar subquery, 0 when there are none."""
    rows = (
        FollowUp.objects.filter(condition, grievance=OuterRef(grievance))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def sent_back_count(grievance: str = "pk") -> Coalesce:
    return events(SENT_BACK_EVENT, grievance)


def reopened_count(grievance: str = "pk") -> Coalesce:
    return events(REOPENED_EVENT, grievance)


def with_item_counts(qs: QS) -> QS:
    """``qs`` with ``sent_back_count`` and ``reopened_count`` on every item."""
    return qs.annotate(sent_back_count=sent_back_count(), reopened_count=reopened_count())


def problem_q() -> Q:
    """A problem item (DOMAIN.md): sent back 3 times or reopened twice. Filters a queryset
    annotated by :func:`with_item_counts`."""
    return Q(sent_back_count__gte=SENT_BACK_LIMIT) | Q(reopened_count__gte=REOPENED_LIMIT)


def problem_items(qs: QS) -> QS:
    """The problem items among ``qs``."""
    return with_item_counts(qs).filter(problem_q())


__all__ = [
    "problem_items",
    "problem_q",
    "reopened_count",
    "sent_back_count",
    "with_item_counts",
]
