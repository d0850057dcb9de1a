"""A department's record for a period, computed in the database (DOMAIN.md, "Departments
answer for their work").

The items counted are those referred to the department (``disposition`` referred, the
department its current one) whose **referral date** falls in the period: the local date
of the item's latest ``referred`` step on its timeline (the referral that gave it its
department and deadline), or, for an item imported already referred (no such step), the
date it was received. For those items:

- ``referred``: how many;
- ``accepted_on_time``: accepted by the department within 1 working day of the referral
  date on the official calendar (:mod:`core.workdays`: referred on a Friday, accepted on
  the Monday is on time), on or before ``as_of``. The acceptance is the first
  ``accepted`` step after the referral (the department accepts again after a reopening:
  the first counts), or the item's ``accepted_at`` when it was accepted before a
  re-referral to the same department;
- ``resolved_on_time``: resolved on or before its deadline, and on or before ``as_of``;
- ``sent_back``: the proposed answers the street sent back (events; :mod:`.item_counts`);
- ``reopened``: the times an unsatisfied verdict reopened one (events);
- ``problem_items``: items sent back 3 times or reopened twice (:func:`.item_counts.problem_q`);
- ``verdicts`` / ``satisfied_verdicts``: as the grievance figures count them
  (``rules.figure_filters``: satisfied and basically satisfied over the verdicts given,
  residents not reached left out), so ``satisfaction`` is the figures'
  ``answer_satisfaction`` for these items;
- ``acceptance_due`` / ``resolution_due``: the items whose time to be accepted (resolved)
  had come by ``as_of``: accepted (resolved) by then, or past their limit; the
  denominators of the on-time rates, so an item referred yesterday is not late today;
- rates in percent, exact Decimals (NULL when the denominator is 0), rounded half-up to
  2 places only where they are shown.

Each figure's count and its list of items (:func:`department_items`) come from one
definition, :func:`figure_rows`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    DateTimeField,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf, TruncDate
from django.utils import timezone

from core.expressions import Exact
from core.workdays import add_working_days
from districts.models import Department

from ..models import FollowUp, Grievance
from ..rules import figure_filters
from .columns import COUNTS, DENOMINATORS, RATES
from .item_counts import problem_q, with_item_counts

EVENTS = {"sent_back": "sent_back_count", "reopened": "reopened_count"}  # summed, not counted
FIGURES = (*COUNTS, *DENOMINATORS, *RATES)
# an item accepted on its referral's moment or after: the timeline's earliest moment
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def acceptance_limits(start: datetime.date, end: datetime.date) -> dict[int, list[datetime.date]]:
    """The referral dates of ``start``..``end`` whose next working day is not the next
    calendar day, by how many days later it is (a Friday: 3; a Saturday: 2; before a
    week's holiday: 8 ...). Every other date's limit is the day after it."""
    limits: dict[int, list[datetime.date]] = {}
    day = start
    while day <= end:
        days = (add_working_days(day, 1) - day).days
        if days != 1:
            limits.setdefault(days, []).append(day)
        day += datetime.timedelta(days=1)
    return limits


@lru_cache(maxsize=64)
def next_working_days(start: datetime.date, end: datetime.date) -> tuple[datetime.date, ...]:
    """The last day to accept an item referred on each day of ``start``..``end``: the
    next working day after it (:func:`core.workdays.add_working_days`, in one walk)."""
    days = (end - start).days + 1
    found: list[datetime.date] = []
    day = start
    while len(found) < days:
        limit = add_working_days(day, 1)
        # every day up to the day before ``limit`` has ``limit`` as its next working day
        while day < limit and len(found) < days:
            found.append(limit)
            day += datetime.timedelta(days=1)
    return tuple(found)


class AcceptBy(Func):
    """The last day to accept on time for the referral date ``expression`` within
    ``start``..``end``, read from an array of the period's limits by the day's offset:
    the referral date (a subquery) is computed once, not once per CASE branch
    (PostgreSQL; :func:`accept_by` gives the CASE elsewhere)."""

    output_field: Any = DateField()

    def __init__(self, expression: Any, *, start: datetime.date, end: datetime.date) -> None:
        super().__init__(expression)
        self.start = start
        # one array literal ('{2025-01-02,...}'), not an ARRAY[...] of a cast per day:
        # parsed at once, whatever the period's length
        self.limits = "{" + ",".join(d.isoformat() for d in next_working_days(start, end)) + "}"

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(%s::date[])[({sql}) - %s::date + 1]", [self.limits, *params, self.start]


def _local_date(expression: Any) -> TruncDate:
    return TruncDate(expression, tzinfo=timezone.get_default_timezone())


def _after(field: str, days: int) -> ExpressionWrapper:
    return ExpressionWrapper(
        F(field) + Value(datetime.timedelta(days=days)), output_field=DateField()
    )


def referred_items(
    qs: QuerySet[Grievance], *, start: datetime.date, end: datetime.date
) -> QuerySet[Grievance]:
    """The items of ``qs`` referred to a department with their referral date in
    ``start``..``end``, each with its ``referred_on``, ``accepted_on``, ``accept_by`` (the
    last day to accept on time) and :func:`.item_counts.with_item_counts`."""
    steps = FollowUp.objects.filter(grievance=OuterRef("pk")).order_by()
    referred_at = Subquery(
        steps.filter(kind=FollowUp.Kind.REFERRED).order_by("-at", "-pk").values("at")[:1],
        output_field=DateTimeField(),
    )
    accepted_at = Subquery(
        steps.filter(
            kind=FollowUp.Kind.ACCEPTED, at__gte=Coalesce(OuterRef("referred_at"), Value(EPOCH))
        )
        .order_by("at", "pk")
        .values("at")[:1],
        output_field=DateTimeField(),
    )
    qs = (
        # referred on or after the day received: a cheap bound before the subqueries
        qs.filter(
            disposition=Grievance.Disposition.REFERRED,
            department__isnull=False,
            received_on__lte=end,
        )
        .annotate(referred_at=referred_at)
        .annotate(
            referred_on=Coalesce(_local_date(F("referred_at")), F("received_on")),
            accepted_on=_local_date(Coalesce(accepted_at, F("accepted_at"))),
        )
        .filter(referred_on__gte=start, referred_on__lte=end)
        .annotate(accept_by=accept_by(start, end))
    )
    return with_item_counts(qs)


def accept_by(start: datetime.date, end: datetime.date) -> Any:
    """The last day to accept on time, for items whose ``referred_on`` is in the period."""
    if connection.vendor == "postgresql":
        return AcceptBy(F("referred_on"), start=start, end=end)
    return Case(  # the SQLite demo: the days whose limit is not the next calendar day
        *(
            When(referred_on__in=dates, then=_after("referred_on", days))
            for days, dates in sorted(acceptance_limits(start, end).items())
        ),
        default=_after("referred_on", 1),
        output_field=DateField(),
    )


def figure_rows(as_of: datetime.date) -> dict[str, Q]:
    """Each figure's items among :func:`referred_items` (a rate: its numerator's). The
    counts count these, the lists list these."""
    verdicts = figure_filters(as_of)
    # an item imported already referred has no referral or acceptance on its timeline:
    # it is left out of the acceptance figures, not counted late
    accepted = Q(accepted_on__lte=as_of, referred_at__isnull=False)
    resolved = Q(resolved_on__lte=as_of)
    rows = {
        "referred": Q(),
        "accepted_on_time": accepted & Q(accepted_on__lte=F("accept_by")),
        "resolved_on_time": resolved & Q(resolved_on__lte=F("deadline")),
        "sent_back": Q(sent_back_count__gt=0),
        "reopened": Q(reopened_count__gt=0),
        "problem_items": problem_q(),
        "acceptance_due": accepted | Q(accept_by__lt=as_of, referred_at__isnull=False),
        "resolution_due": resolved | Q(deadline__lt=as_of),
        "verdicts": verdicts["verdicts"],
        "satisfied_verdicts": verdicts["satisfied_verdicts"],
    }
    return {**rows, **{rate: rows[num] for rate, (num, _den) in RATES.items()}}


def _count(name: str, rows: Q) -> Count | Coalesce:
    if name in EVENTS:  # no row at all: 0, as a count says
        return Coalesce(Sum(EVENTS[name], filter=rows), Value(0))
    return Count("pk", filter=rows) if rows else Count("pk")


def rate(numerator: Any, denominator: Any) -> ExpressionWrapper:
    """numerator * 100 / denominator, exact; NULL when the denominator is 0."""
    return ExpressionWrapper(
        Exact(numerator) * Exact(Value(100)) / NullIf(Exact(denominator), Exact(Value(0))),
        output_field=DecimalField(),
    )


def figure_expressions(as_of: datetime.date) -> dict[str, Any]:
    """The figures as aggregates over :func:`referred_items` (aggregate() or, grouped,
    annotate())."""
    rows = figure_rows(as_of)
    counts = {name: _count(name, rows[name]) for name in (*COUNTS, *DENOMINATORS)}
    rates = {name: rate(counts[num], counts[den]) for name, (num, den) in RATES.items()}
    return {**counts, **rates}


def department_figures(
    departments_qs: QuerySet[Department],
    *,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date,
) -> QuerySet[Department]:
    """``departments_qs`` annotated with every figure of the items referred to each
    department in ``start``..``end`` (inclusive), judged on ``as_of``: one correlated
    subquery per figure, so a page of departments computes its own rows only. A
    department with no item has zeros and no rates."""
    items = referred_items(Grievance.objects.all(), start=start, end=end)
    per_department = items.filter(department=OuterRef("pk")).order_by().values("department")
    counts: dict[str, Any] = {}
    for name, expression in figure_expressions(as_of).items():
        if name in RATES:
            continue
        counts[name] = Coalesce(
            Subquery(
                per_department.annotate(n=expression).values("n"), output_field=IntegerField()
            ),
            Value(0),
        )
    rates = {name: rate(counts[num], counts[den]) for name, (num, den) in RATES.items()}
    return departments_qs.annotate(**counts, **rates)


def figures_total(
    items_qs: QuerySet[Grievance],
    *,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date,
) -> Mapping[str, Any]:
    """The figures of all the items of ``items_qs`` referred in the period, in one query:
    the record's total row."""
    return referred_items(items_qs, start=start, end=end).aggregate(**figure_expressions(as_of))


def department_items(
    items_qs: QuerySet[Grievance],
    *,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date,
    figure: str,
    department: Department | None = None,
) -> QuerySet[Grievance]:
    """The items behind ``figure`` (a rate: its numerator's) of ``department`` (None:
    every department of ``items_qs``): the rule its count uses."""
    rows = referred_items(items_qs, start=start, end=end).filter(figure_rows(as_of)[figure])
    if department is not None:
        rows = rows.filter(department=department)
    return rows
