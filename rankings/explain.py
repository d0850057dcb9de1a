"""Why an area is where it is ("why last"): each component against its peers, the
composite points each one cost, the change since last year, whether the area can be told
apart from the one ranked above it, and the open items behind it."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from districts.models import District, Street, User
from evaluations import selectors as evaluation_selectors
from evaluations.models import Meeting, Policy, Promise, Recommendation
from evaluations.promises import selectors as promise_selectors
from evaluations.promises.figures import figure_total
from evaluations.selectors import policy_for_year
from grievances import selectors as grievance_selectors
from grievances.models import Grievance
from grievances.rules import OPEN

from .assessment import COMPONENTS, AreaResult, assess
from .uncertainty import Interval

ITEMS_SHOWN = 50  # the open items listed on the page (the count says how many in all)


@dataclass(frozen=True)
class ComponentLine:
    key: str
    value: Decimal | None
    median: Decimal | None
    best: Decimal | None
    best_name: str
    cost: Decimal | None  # composite points lost against the best peer
    previous: Decimal | None
    change: Decimal | None
    interval: Interval | None
    sample: int
    thin: bool


@dataclass(frozen=True)
class Explanation:
    result: AreaResult
    peers: int
    lines: list[ComponentLine]
    above: AreaResult | None
    distinguishable: bool | None  # None: no area above, or an S interval missing


def weights(policy: Policy) -> dict[str, Decimal]:
    return {
        "safety_index": policy.weight_safety,
        "satisfaction": policy.weight_satisfaction,
        "grievance_resolution_rate": policy.weight_grievances,
        "key_dispute_resolution_rate": policy.weight_key_disputes,
    }


def explain(year: int, area: District | Street) -> Explanation | None:
    """The explanation of one area's result among its peers (all districts, or the
    streets of its district); None when the area has no result that year."""
    level = "district" if isinstance(area, District) else "street"
    within = None if isinstance(area, District) else area.district
    peers = assess(year, level, within)
    result = next((r for r in peers if r.pk == area.pk), None)
    if result is None:
        return None
    before = {r.pk: r for r in assess(year - 1, level, within)}.get(area.pk)
    weight = weights(policy_for_year(year))
    present = sum((weight[c] for c in COMPONENTS if getattr(result, c) is not None), Decimal(0))
    lines = []
    for c in COMPONENTS:
        value = getattr(result, c)
        values = [(getattr(r, c), r) for r in peers if getattr(r, c) is not None]
        best_value, best = max(values, key=lambda v: v[0]) if values else (None, None)
        previous = getattr(before, c) if before else None
        lines.append(
            ComponentLine(
                key=c,
                value=value,
                median=statistics.median([v for v, _r in values]) if values else None,
                best=best_value,
                best_name=best.name if best else "",
                cost=(weight[c] / present * (best_value - value))
                if value is not None and best_value is not None and present
                else None,
                previous=previous,
                change=value - previous if value is not None and previous is not None else None,
                interval=result.intervals.get(c),
                sample=result.samples()[c],
                thin=c in result.thin,
            )
        )
    above = None
    if result.rank is not None:
        higher = [r for r in peers if r.rank is not None and r.rank < result.rank]
        above = max(higher, key=lambda r: (r.rank or 0, r.code)) if higher else None
    distinguishable = None
    if above is not None:
        mine, theirs = result.intervals["safety_index"], above.intervals["safety_index"]
        if mine is not None and theirs is not None:
            distinguishable = not mine.overlaps(theirs)
    return Explanation(
        result=result,
        peers=sum(1 for r in peers if r.rank is not None),
        lines=lines,
        above=above,
        distinguishable=distinguishable,
    )


def _area_filter(area: District | Street, path: str) -> dict[str, int]:
    if isinstance(area, District):
        return {f"{path}street__district": area.pk}
    return {f"{path}street": area.pk}


def open_grievances(user: User, area: District | Street) -> QuerySet[Grievance]:
    """The area's grievances still open, oldest first, as the user may see them."""
    return (
        grievance_selectors.grievances(user=user)
        .filter(OPEN, **_area_filter(area, "community__"))
        .order_by("received_on", "reference")
    )


def open_recommendations(user: User, area: District | Street) -> QuerySet[Recommendation]:
    """The area's replacement recommendations waiting for an outcome."""
    return (
        evaluation_selectors.open_recommendations(user=user)
        .filter(**_area_filter(area, "community__"))
        .order_by("created_at")
    )


def period_promises(
    user: User, area: District | Street, year: int, as_of: datetime.date
) -> tuple[QuerySet[Promise], dict[str, Any]]:
    """The area's promises made in ``year`` or judged in it (each with its state), and
    their figures (DOMAIN.md "Promises" rule 4), as the user may see them."""
    promises = promise_selectors.promises(user=user).filter(
        **_area_filter(area, "meeting__community__")
    )
    made = Q(meeting__year=year, meeting__status=Meeting.Status.SUBMITTED)
    judged = Q(judged_at__year=year, judged_at__status=Meeting.Status.SUBMITTED)
    listed = (
        promises.filter(made | judged)
        .with_state(as_of)
        .order_by("meeting__year", "meeting__quarter", "meeting__community__code", "number")
    )
    return listed, figure_total(promises, year=year, as_of=as_of)
