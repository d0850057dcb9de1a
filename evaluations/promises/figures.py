"""DOMAIN.md "Promises" rule 4: made, judged, kept, not kept, overdue and the keeping rate,
per official, community, street or district, for a year or a quarter, in the database.

* made: promises of submitted meetings held in the period;
* judged / kept / not kept: verdicts given at submitted meetings of the period;
* overdue (as of a date): of the promises made in the period, the pending ones due
  before that date, made at a meeting held on or before it;
* keeping rate = kept x 100 / judged, exact (NULL when nothing was judged); rounded
  half-up to 2 decimals only where it is shown or written out.

:func:`figure_rows` is the one computation behind the figures page, the API and
``manage.py promise_figures``; :func:`figure_items` gives the promises behind any one
number, by the same filters.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Value
from django.db.models.functions import NullIf

from core.expressions import Exact

from ..models import Meeting, Promise, PromiseQuerySet

By = Literal["official", "community", "street", "district"]
COUNTS = ("made", "judged", "kept", "not_kept", "overdue")
COLUMNS = ("code", *COUNTS, "keeping_rate")
KEYS: dict[str, str] = {
    "official": "official__code",
    "community": "meeting__community__code",
    "street": "meeting__community__street__code",
    "district": "meeting__community__street__district__code",
}
NAMES: dict[str, str] = {
    "official": "official__name",
    "community": "meeting__community__name",
    "street": "meeting__community__street__name",
    "district": "meeting__community__street__district__name",
}


def _period_q(prefix: str, year: int, quarter: int | None) -> Q:
    q = Q(**{f"{prefix}year": year, f"{prefix}status": Meeting.Status.SUBMITTED})
    if quarter is not None:
        q &= Q(**{f"{prefix}quarter": quarter})
    return q


def figure_filters(year: int, quarter: int | None, as_of: datetime.date) -> dict[str, Q]:
    """The filter of each count, on the Promise model."""
    made = _period_q("meeting__", year, quarter)
    judged = _period_q("judged_at__", year, quarter)
    kept = judged & Q(kept_votes__gt=F("not_kept_votes"))
    return {
        "made": made,
        "judged": judged,
        "kept": kept,
        "not_kept": judged & Q(kept_votes__lte=F("not_kept_votes")),
        "overdue": made & Q(judged_at__isnull=True, due_on__lt=as_of, meeting__held_on__lte=as_of),
    }


def figure_expressions(year: int, quarter: int | None, as_of: datetime.date) -> dict[str, Any]:
    filters = figure_filters(year, quarter, as_of)
    counts: dict[str, Any] = {name: Count("pk", filter=filters[name]) for name in COUNTS}
    rate = ExpressionWrapper(
        Exact(counts["kept"])
        * Exact(Value(100))
        / NullIf(Exact(counts["judged"]), Exact(Value(0))),
        output_field=DecimalField(),
    )
    return {**counts, "keeping_rate": rate}


def figure_rows(
    promises: PromiseQuerySet,
    *,
    year: int,
    quarter: int | None = None,
    by: By = "community",
    as_of: datetime.date,
) -> QuerySet[Promise, dict[str, Any]]:
    """One dict per area (or official) in code order: code, name and :data:`COLUMNS`;
    rows with every count 0 are left out. ``promises`` is already scoped to the reader."""
    filters = figure_filters(year, quarter, as_of)
    any_count = filters["made"] | filters["judged"]
    qs = promises.filter(any_count)
    if by == "official":
        qs = qs.filter(official__isnull=False)
    return (
        qs.order_by()
        .values(code=F(KEYS[by]), name=F(NAMES[by]))
        .annotate(**figure_expressions(year, quarter, as_of))
        .filter(Q(made__gt=0) | Q(judged__gt=0) | Q(overdue__gt=0))
        .order_by("code")
    )


def figure_total(
    promises: PromiseQuerySet, *, year: int, quarter: int | None = None, as_of: datetime.date
) -> dict[str, Any]:
    """The same figures for everything in ``promises`` (one row: the reader's total)."""
    filters = figure_filters(year, quarter, as_of)
    return promises.filter(filters["made"] | filters["judged"]).aggregate(
        **figure_expressions(year, quarter, as_of)
    )


def figure_items(
    promises: PromiseQuerySet,
    *,
    figure: str,
    year: int,
    quarter: int | None = None,
    by: By | None = None,
    code: str | None = None,
    as_of: datetime.date,
) -> PromiseQuerySet:
    """The promises behind one number (``figure`` in :data:`COUNTS`) of one row."""
    filters = figure_filters(year, quarter, as_of)
    if figure not in filters:
        raise ValueError(figure)
    qs = promises.filter(filters[figure])
    if by is not None and code is not None:
        qs = qs.filter(**{KEYS[by]: code})
    return qs.order_by("meeting__community__code", "meeting__year", "meeting__quarter", "number")
