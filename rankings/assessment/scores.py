"""The components and the composite in SQL: one statement per year computes a whole level.

The three component sources are ORM querysets grouped by area (so what counts and how a
score or rate is computed stays in the ORM code, once), joined to the areas as common
table expressions; the composite redistributes the weights of missing components, is
rounded half-up to 2 decimals and ranked with RANK() (ties share a rank: 1, 2, 2, 4),
all in the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, DecimalField, F, Sum

from districts.models import District
from evaluations.expressions import big, safety_index
from evaluations.models import Policy, Rating, Survey
from evaluations.selectors import policy_for_year, rounded, scored
from grievances.models import Grievance
from grievances.selectors import figure_expressions

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

NUMERIC: DecimalField[Decimal, Decimal] = DecimalField(max_digits=30, decimal_places=12)


def _components(year: int, level: str, only: int | None = None) -> list[tuple[str, Any]]:
    """The three component sources, each grouped by area in one ORM queryset, so the
    rules (what counts, how a score or a rate is computed) stay those of the ORM code;
    ``only``: of that one area (its pk) alone."""
    paths = PATHS[level]
    mine = (lambda path: {path: only}) if only is not None else (lambda path: {})
    pooled_index, respondents = safety_index(pooled=True)
    surveys = (
        Survey.objects.filter(year=year, **mine(paths["survey"]))
        .values(area=F(paths["survey"]))
        # the rows are dicts: the annotation does not shadow the Survey.respondents property
        .annotate(  # type: ignore[no-redef]
            safety_index=pooled_index,
            respondents=respondents,
            secure=Sum(big("safe") + big("fairly_safe")),
        )
        .order_by()
    )
    ratings = (
        scored(Rating.objects.all())
        .filter(meeting__year=year, counts=True, votes__gt=0, **mine(paths["rating"]))
        .values(area=F(paths["rating"]))
        .annotate(
            satisfaction=Avg("score", output_field=NUMERIC),
            ratings=Count("pk"),
            meetings=Count("meeting", distinct=True),
        )
        .order_by()
    )
    figures = figure_expressions(datetime.date(year, 12, 31))
    grievances = (
        Grievance.objects.filter(received_on__year=year, **mine(paths["grievance"]))
        .values(area=F(paths["grievance"]))
        .annotate(
            grievance_resolution_rate=figures["resolution_rate"],
            key_dispute_resolution_rate=figures["key_dispute_resolution_rate"],
            grievances=figures["total"],
            key_disputes=figures["key_disputes"],
            resolved=figures["resolved"],
            key_resolved=figures["key_disputes_resolved"],
        )
        .order_by()
    )
    return [("s", surveys), ("r", ratings), ("g", grievances)]


RANKED_SQL = """
WITH {ctes},
base AS (
    SELECT a.id AS id, {part} AS part, {main_urban} AS main_urban,
           s.safety_index, s.respondents, s.secure, r.satisfaction, r.ratings, r.meetings,
           g.grievance_resolution_rate, g.key_dispute_resolution_rate,
           g.grievances, g.key_disputes, g.resolved, g.key_resolved
    FROM {table} a
    LEFT JOIN s ON s.area = a.id
    LEFT JOIN r ON r.area = a.id
    LEFT JOIN g ON g.area = a.id
    {where}
),
scored AS (
    SELECT base.*,
        ROUND(
            (COALESCE(%s * safety_index, 0) + COALESCE(%s * satisfaction, 0)
             + COALESCE(%s * grievance_resolution_rate, 0)
             + COALESCE(%s * key_dispute_resolution_rate, 0))
            / NULLIF(
                (CASE WHEN safety_index IS NULL THEN 0 ELSE %s END)
                + (CASE WHEN satisfaction IS NULL THEN 0 ELSE %s END)
                + (CASE WHEN grievance_resolution_rate IS NULL THEN 0 ELSE %s END)
                + (CASE WHEN key_dispute_resolution_rate IS NULL THEN 0 ELSE %s END), 0),
            2) AS composite
    FROM base
)
SELECT scored.*,
    RANK() OVER (PARTITION BY part ORDER BY composite DESC NULLS LAST) AS rank,
    MIN(composite) OVER (PARTITION BY part) AS lowest,
    COUNT(composite) OVER (PARTITION BY part) AS ranked_count,
    RANK() OVER (PARTITION BY main_urban ORDER BY composite DESC NULLS LAST)
        AS main_urban_rank,
    MIN(composite) OVER (PARTITION BY main_urban) AS lowest_main_urban,
    COUNT(composite) OVER (PARTITION BY main_urban) AS main_urban_count
FROM scored
"""


def _ranked_sql(
    year: int, level: str, district: District | None, policy: Policy, only: int | None = None
) -> tuple[str, list[Any]]:
    """The statement of :func:`ranked_rows`; ``only``: the row of that one area (its pk)
    alone, its components computed from its own rows (its ranks are then meaningless)."""
    ctes, params = [], []
    for name, qs in _components(year, level, only):
        sql, sql_params = qs.query.sql_with_params()
        ctes.append(f"{name} AS ({sql})")
        params.extend(sql_params)
    where, where_params = "", []
    if level == "district":
        table, part, main_urban = "districts_district", "0", "a.main_urban"
    else:
        table, part, main_urban = "districts_street", "a.district_id", "FALSE"
        if district is not None:
            where, where_params = "WHERE a.district_id = %s", [district.pk]
    if only is not None:
        where, where_params = "WHERE a.id = %s", [only]
    weights = [
        policy.weight_safety,
        policy.weight_satisfaction,
        policy.weight_grievances,
        policy.weight_key_disputes,
    ]
    sql = RANKED_SQL.format(
        ctes=",\n".join(ctes), part=part, main_urban=main_urban, table=table, where=where
    )
    return sql, params + where_params + weights + weights


def fetch(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def ranked_rows(year: int, level: str, district: District | None) -> list[dict[str, Any]]:
    """Components, composite (weights of missing components redistributed, rounded
    half-up to 2 decimals) and RANK()s of a whole level: one SQL statement."""
    return fetch(*_ranked_sql(year, level, district, policy_for_year(year)))


YEAR_SQL = "SELECT CAST(%s AS integer) AS year, q.composite, q.safety_index FROM ({ranked}) q"


@dataclass(frozen=True)
class YearFigures:
    """One district's composite and safety index of a year (None where missing)."""

    composite: Decimal | None
    safety_index: Decimal | None


def district_years(
    district: District, years: range, policies: dict[int, Policy]
) -> dict[int, YearFigures]:
    """The district's composite and safety index in each of ``years``, as
    :func:`.ranks.assess` gives them (without the flags), in one statement whatever the
    number of years (each year's row of the district computed from its own rows, UNION ALL).
    ``policies``: the saved policies by year (DOMAIN.md's default for the others)."""
    parts, params = [], []
    for year in years:
        sql, sql_params = _ranked_sql(
            year, "district", None, policies.get(year) or Policy(year=year), only=district.pk
        )
        parts.append(YEAR_SQL.format(ranked=sql))
        params.extend([year, *sql_params])
    rows = fetch(" UNION ALL ".join(parts), params) if parts else []
    return {
        r["year"]: YearFigures(
            composite=rounded(as_decimal(r["composite"])),
            safety_index=as_decimal(r["safety_index"]),
        )
        for r in rows
    }


def as_decimal(value: Any) -> Decimal | None:
    """PostgreSQL gives Decimals; SQLite (the demo) gives floats or ints."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))
