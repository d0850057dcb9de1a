"""The annual assessment (综治考核): components, composite, ranks and flags, per DOMAIN.md.

One function computes a whole level in a single SQL query per year: each area gets its
safety index S (pooled survey counts), review satisfaction R (mean of every counted
official's score), grievance resolution rate G and key dispute resolution rate K as
correlated subqueries; the composite redistributes the weights of missing components,
is rounded half-up to 2 decimals in SQL, and is ranked there with RANK() (ties share a
rank: 1, 2, 2, 4). The same rows feed the pages, the CSV/XLSX exports and the
``rankings`` command.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, NullIf, Rank, Round

from districts.models import District, Street
from grievances.models import Grievance
from grievances.selectors import figure_expressions

from .expressions import Exact, rating_expressions
from .models import Rating, Survey
from .selectors import policy_for_year, rounded

FLAG_ORDER = [
    "below_safety_threshold",
    "consecutive_last_place",
    "incomplete_data",
    "last_among_main_urban",
    "last_place",
]
COMPONENTS = (
    "safety_index",
    "satisfaction",
    "grievance_resolution_rate",
    "key_dispute_resolution_rate",
)

PATHS = {
    "district": {
        "survey": "street__district",
        "rating": "meeting__community__street__district",
        "grievance": "community__street__district",
    },
    "street": {
        "survey": "street",
        "rating": "meeting__community__street",
        "grievance": "community__street",
    },
}

NUMERIC = DecimalField(max_digits=30, decimal_places=12)


@dataclass
class AreaResult:
    pk: int
    code: str
    name: str
    level: str
    district_code: str
    district_name: str
    main_urban: bool
    threshold: Decimal
    safety_index: Decimal | None
    satisfaction: Decimal | None
    grievance_resolution_rate: Decimal | None
    key_dispute_resolution_rate: Decimal | None
    composite: Decimal | None
    rank: int | None
    main_urban_rank: int | None
    respondents: int
    meetings: int
    ratings: int
    grievances: int
    key_disputes: int
    flags: list[str] = field(default_factory=list)
    last: bool = False
    last_main_urban: bool = False

    def as_row(self) -> dict[str, Any]:
        """The stable output of DOMAIN.md: 2 decimals, None where missing."""
        return {
            "rank": self.rank,
            "main_urban_rank": self.main_urban_rank,
            "code": self.code,
            "name": self.name,
            **{c: rounded(getattr(self, c)) for c in COMPONENTS},
            "composite": self.composite,
            "flags": ";".join(sorted(self.flags)),
        }


def _subquery(qs: Any, path: str, **values: Any) -> dict[str, Subquery]:
    grouped = qs.filter(**{path: OuterRef("pk")}).order_by().values(path).annotate(**values)
    return {name: Subquery(grouped.values(name)[:1]) for name in values}


def _annotated(year: int, level: str, base: Any) -> Any:
    policy = policy_for_year(year)
    paths = PATHS[level]
    total = F("safe") + F("fairly_safe") + F("not_very_safe") + F("unsafe")
    survey = _subquery(
        Survey.objects.filter(year=year),
        paths["survey"],
        safety_index=ExpressionWrapper(
            Exact(Sum(F("safe") + F("fairly_safe")))
            * Exact(Value(100))
            / NullIf(Exact(Sum(total)), Exact(Value(0))),
            output_field=NUMERIC,
        ),
        respondents=Sum(total),
    )
    counted = Rating.objects.annotate(**rating_expressions()).filter(
        meeting__year=year, counts=True, votes__gt=0
    )
    rating = _subquery(
        counted,
        paths["rating"],
        satisfaction=Avg("score", output_field=NUMERIC),
        ratings=Count("pk"),
        meetings=Count("meeting", distinct=True),
    )
    figures = figure_expressions(datetime.date(year, 12, 31))
    grievance = _subquery(
        Grievance.objects.filter(received_on__year=year),
        paths["grievance"],
        grievance_resolution_rate=figures["resolution_rate"],
        key_dispute_resolution_rate=figures["key_dispute_resolution_rate"],
        grievances=figures["total"],
        key_disputes=figures["key_disputes"],
    )
    qs = base.annotate(**survey, **rating, **grievance)
    weights = {
        "safety_index": policy.weight_safety,
        "satisfaction": policy.weight_satisfaction,
        "grievance_resolution_rate": policy.weight_grievances,
        "key_dispute_resolution_rate": policy.weight_key_disputes,
    }
    numerator = sum(
        (
            Coalesce(F(c) * Value(w, output_field=NUMERIC), Value(Decimal(0)), output_field=NUMERIC)
            for c, w in weights.items()
        ),
        start=Value(Decimal(0), output_field=NUMERIC),
    )
    denominator = sum(
        (
            Case(
                When(**{f"{c}__isnull": False}, then=Value(w)),
                default=Value(Decimal(0)),
                output_field=NUMERIC,
            )
            for c, w in weights.items()
        ),
        start=Value(Decimal(0), output_field=NUMERIC),
    )
    qs = qs.annotate(
        composite=Round(
            ExpressionWrapper(
                Exact(numerator) / NullIf(Exact(denominator), Exact(Value(0))),
                output_field=NUMERIC,
            ),
            2,
            output_field=DecimalField(max_digits=7, decimal_places=2),
        )
    )
    partition = [F("district_id")] if level == "street" else []
    ranked = {"partition_by": partition} if partition else {}
    qs = qs.annotate(
        rank=Window(Rank(), order_by=F("composite").desc(nulls_last=True), **ranked),
        lowest=Window(Min("composite"), **ranked),
        ranked_count=Window(Count("composite"), **ranked),
    )
    if level == "district":
        qs = qs.annotate(
            main_urban_rank=Window(
                Rank(),
                partition_by=[F("main_urban")],
                order_by=F("composite").desc(nulls_last=True),
            ),
            lowest_main_urban=Window(Min("composite"), partition_by=[F("main_urban")]),
            main_urban_count=Window(Count("composite"), partition_by=[F("main_urban")]),
        )
    return qs, policy


def _results(year: int, level: str, district: District | None = None) -> list[AreaResult]:
    if level == "district":
        base = District.objects.all()
    else:
        base = Street.objects.select_related("district")
        if district is not None:
            base = base.filter(district=district)
    qs, policy = _annotated(year, level, base)
    city_minimum = policy.city_safety_minimum
    results = []
    for area in qs:
        has_composite = area.composite is not None
        if level == "district":
            threshold = city_minimum
            district_obj = area
        else:
            district_obj = area.district
            own = district_obj.safety_threshold
            threshold = max(own, city_minimum) if own is not None else city_minimum
        result = AreaResult(
            pk=area.pk,
            code=area.code,
            name=area.name,
            level=level,
            district_code=district_obj.code,
            district_name=district_obj.name,
            main_urban=district_obj.main_urban,
            threshold=threshold,
            safety_index=area.safety_index,
            satisfaction=area.satisfaction,
            grievance_resolution_rate=area.grievance_resolution_rate,
            key_dispute_resolution_rate=area.key_dispute_resolution_rate,
            composite=rounded(area.composite),  # already rounded in SQL; fixes the scale
            rank=area.rank if has_composite else None,
            main_urban_rank=(
                area.main_urban_rank
                if level == "district" and area.main_urban and has_composite
                else None
            ),
            respondents=area.respondents or 0,
            meetings=area.meetings or 0,
            ratings=area.ratings or 0,
            grievances=area.grievances or 0,
            key_disputes=area.key_disputes or 0,
        )
        # last means last among two or more ranked areas: a lone street is not "last"
        if has_composite and area.composite == area.lowest and area.ranked_count > 1:
            result.last = True
            result.flags.append("last_place")
        if (
            level == "district"
            and area.main_urban
            and has_composite
            and area.composite == area.lowest_main_urban
            and area.main_urban_count > 1
        ):
            result.last_main_urban = True
            result.flags.append("last_among_main_urban")
        if result.safety_index is not None and result.safety_index < threshold:
            result.flags.append("below_safety_threshold")
        if any(getattr(result, c) is None for c in COMPONENTS):
            result.flags.append("incomplete_data")
        results.append(result)
    return results


def assess(year: int, level: str, district: District | None = None) -> list[AreaResult]:
    """Every area of the level (streets of one district, or of all), in rank order."""
    if level not in PATHS:
        raise ValueError(level)
    results = _results(year, level, district)
    previous_last = {r.pk for r in _results(year - 1, level, district) if r.last}
    for result in results:
        if result.last and result.pk in previous_last:
            result.flags.append("consecutive_last_place")
        result.flags.sort(key=FLAG_ORDER.index)
    results.sort(
        key=lambda r: (
            r.district_code if level == "street" else "",
            r.rank is None,
            r.rank or 0,
            r.code,
        )
    )
    return results


def community_league(*, communities: Any, year: int, quarter: int) -> Any:
    """Communities ranked by the mean counted score of their officials in a quarter."""
    counted = Rating.objects.annotate(**rating_expressions()).filter(
        meeting__year=year, meeting__quarter=quarter, counts=True, votes__gt=0
    )
    scores = _subquery(
        counted,
        "meeting__community",
        mean_score=Avg("score", output_field=NUMERIC),
        officials=Count("pk"),
    )
    return (
        communities.annotate(**scores)
        .annotate(
            rounded_score=Round(
                "mean_score", 2, output_field=DecimalField(max_digits=7, decimal_places=2)
            ),
        )
        .annotate(
            rank=Window(Rank(), order_by=F("rounded_score").desc(nulls_last=True)),
        )
        .order_by(F("rounded_score").desc(nulls_last=True), "code")
    )
