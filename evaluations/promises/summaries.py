"""Where people look at promises (issue 20, DOMAIN.md "Promises" rules 4 and 5): an
area's recent promises with their state and the figures of its year, an official's
figures year by year, the keeping rate per community of a period. Each is a constant
number of queries, figures computed in the database (:mod:`.figures`); rates are exact
and rounded half-up only where shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import NullIf

from core.expressions import Exact
from districts.models import Community, Street, User

from ..models import Meeting, Promise, PromiseQuerySet
from . import selectors
from .figures import figure_rows, figure_total

RECENT_SHOWN = 20  # the promises listed on an area's page (the figures count them all)


def area_filter(*, community: Community | None = None, street: Street | None = None) -> Q:
    if community is not None:
        return Q(meeting__community=community)
    if street is not None:
        return Q(meeting__community__street=street)
    return Q()


@dataclass(frozen=True)
class AreaPromises:
    year: int
    recent: list[Promise]
    figures: dict[str, Any]


def area_promises(
    *,
    user: User,
    as_of: datetime.date,
    community: Community | None = None,
    street: Street | None = None,
    year: int | None = None,
) -> AreaPromises:
    """The area's latest promises (newest meeting first, with their state) and the figures
    of ``year`` (default: the year of the latest promise, else ``as_of``'s): two queries."""
    promises = (
        selectors.promises(user=user)
        .made_at_submitted()
        .filter(area_filter(community=community, street=street))
    )
    recent = list(
        promises.with_state(as_of).order_by(
            "-meeting__year", "-meeting__quarter", "meeting__community__code", "number"
        )[:RECENT_SHOWN]
    )
    if year is None:
        year = recent[0].meeting.year if recent else as_of.year
    return AreaPromises(
        year=year, recent=recent, figures=figure_total(promises, year=year, as_of=as_of)
    )


def _rate(kept: Any, judged: Any) -> ExpressionWrapper:
    return ExpressionWrapper(
        Exact(kept) * Exact(Value(100)) / NullIf(Exact(judged), Exact(Value(0))),
        output_field=DecimalField(),
    )


def figures_by_year(promises: PromiseQuerySet, *, as_of: datetime.date) -> list[dict[str, Any]]:
    """The figures of :mod:`.figures` for every year of ``promises``, newest first: made
    and overdue by the year of the meeting they were made at, judged / kept / not kept and
    the keeping rate by the year of the meeting that judged them (two queries)."""
    made_rows = (
        promises.made_at_submitted()
        .order_by()
        .values(year=F("meeting__year"))
        .annotate(
            made=Count("pk"),
            overdue=Count(
                "pk",
                filter=Q(judged_at__isnull=True, due_on__lt=as_of, meeting__held_on__lte=as_of),
            ),
        )
    )
    kept = Count("pk", filter=Q(kept_votes__gt=F("not_kept_votes")))
    judged_rows = (
        promises.filter(judged_at__status=Meeting.Status.SUBMITTED)
        .order_by()
        .values(year=F("judged_at__year"))
        .annotate(
            judged=Count("pk"),
            kept=kept,
            not_kept=Count("pk", filter=Q(kept_votes__lte=F("not_kept_votes"))),
            keeping_rate=_rate(kept, Count("pk")),
        )
    )
    years: dict[int, dict[str, Any]] = {}
    empty = {"made": 0, "overdue": 0, "judged": 0, "kept": 0, "not_kept": 0, "keeping_rate": None}
    for row in [*made_rows, *judged_rows]:
        years.setdefault(row["year"], {**empty, "year": row["year"]}).update(row)
    return [years[y] for y in sorted(years, reverse=True)]


def keeping_rates(
    communities: Any, *, year: int, quarter: int | None, as_of: datetime.date
) -> dict[str, dict[str, Any]]:
    """Each community's figures of the period by community code, one query: the league's
    keeping rate beside the level (``communities``: a queryset of the reader's)."""
    rows = figure_rows(
        Promise.objects.filter(meeting__community__in=communities),
        year=year,
        quarter=quarter,
        by="community",
        as_of=as_of,
    )
    return {row["code"]: row for row in rows}


def _year_asked(context: Any) -> int | None:
    request = context.get("request")
    try:
        year = int(request.GET.get("year", "")) if request is not None else None
    except ValueError:
        return None
    return year if year is not None and 2000 <= year <= 2100 else None


def _section(context: Any, **area: Any) -> dict[str, Any]:
    from django.utils import timezone

    promises = area_promises(
        user=context["request"].user,
        as_of=timezone.localdate(),
        year=_year_asked(context),
        **area,
    )
    return {"area_promises": promises, "promise_list": promises.recent, "figures": promises.figures}


def community_section(context: Any) -> dict[str, Any]:
    """The ``community_detail`` slot's context: the community's promises."""
    return _section(context, community=context["community"])


def street_section(context: Any) -> dict[str, Any]:
    """The ``street_detail`` slot's context: the promises of the street's communities."""
    return _section(context, street=context["street"])
