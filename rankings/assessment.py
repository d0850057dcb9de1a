"""The annual assessment (综治考核): components, composite, ranks and flags, per DOMAIN.md.

One SQL statement per year computes a whole level: the three component sources are ORM
querysets grouped by area (so what counts and how a score or rate is computed stays in
the ORM code, once), joined to the areas as common table expressions; the composite
redistributes the weights of missing components, is rounded half-up to 2 decimals and
ranked with RANK() (ties share a rank: 1, 2, 2, 4), all in the database. The same rows
feed the pages, the CSV/XLSX exports and the ``rankings`` command.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    F,
    Q,
    QuerySet,
    Sum,
)

from core import dataversion
from districts.models import Community, District, Street
from evaluations.expressions import big, safety_index
from evaluations.models import Policy, Rating, Survey
from evaluations.selectors import policy_for_year, rounded, scored
from grievances.models import Grievance
from grievances.selectors import figure_expressions

from .topics import ranking_topics
from .uncertainty import Interval, wilson

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

NUMERIC: DecimalField[Decimal, Decimal] = DecimalField(max_digits=30, decimal_places=12)


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
    secure: int = 0  # respondents feeling safe or fairly safe
    resolved: int = 0
    key_resolved: int = 0
    flags: list[str] = field(default_factory=list)
    thin: list[str] = field(default_factory=list)  # components on a sample below the policy's
    last: bool = False
    last_main_urban: bool = False
    previous_composite: Decimal | None = None
    previous_rank: int | None = None

    @property
    def intervals(self) -> dict[str, Interval | None]:
        """95% Wilson intervals of the proportions S, G and K (R is a mean, not a share)."""
        return {
            "safety_index": wilson(self.secure, self.respondents),
            "grievance_resolution_rate": wilson(self.resolved, self.grievances),
            "key_dispute_resolution_rate": wilson(self.key_resolved, self.key_disputes),
        }

    @property
    def thin_data(self) -> bool:
        return bool(self.thin)

    @property
    def composite_change(self) -> Decimal | None:
        if self.composite is None or self.previous_composite is None:
            return None
        return self.composite - self.previous_composite

    @property
    def rank_change(self) -> int | None:
        """Places gained since the year before (positive: moved up)."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    def samples(self) -> dict[str, int]:
        """The sample each component is judged thin on."""
        return {
            "safety_index": self.respondents,
            "satisfaction": self.meetings,
            "grievance_resolution_rate": self.grievances,
            "key_dispute_resolution_rate": self.key_disputes,
        }

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
    """The statement of :func:`_ranked_rows`; ``only``: the row of that one area (its pk)
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


def _fetch(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _ranked_rows(year: int, level: str, district: District | None) -> list[dict[str, Any]]:
    """Components, composite (weights of missing components redistributed, rounded
    half-up to 2 decimals) and RANK()s of a whole level: one SQL statement."""
    return _fetch(*_ranked_sql(year, level, district, policy_for_year(year)))


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
    :func:`assess` gives them (without the flags), in one statement whatever the number of years
    (each year's row of the district computed from its own rows, UNION ALL).
    ``policies``: the saved policies by year (DOMAIN.md's default for the others)."""
    parts, params = [], []
    for year in years:
        sql, sql_params = _ranked_sql(
            year, "district", None, policies.get(year) or Policy(year=year), only=district.pk
        )
        parts.append(YEAR_SQL.format(ranked=sql))
        params.extend([year, *sql_params])
    rows = _fetch(" UNION ALL ".join(parts), params) if parts else []
    return {
        r["year"]: YearFigures(
            composite=rounded(_decimal(r["composite"])), safety_index=_decimal(r["safety_index"])
        )
        for r in rows
    }


def _decimal(value: Any) -> Decimal | None:
    """PostgreSQL gives Decimals; SQLite (the demo) gives floats or ints."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _results(year: int, level: str, district: District | None = None) -> list[AreaResult]:
    policy = policy_for_year(year)
    city_minimum = policy.city_safety_minimum
    minimums = minimum_samples(policy)
    rows = _ranked_rows(year, level, district)
    ids = [r["id"] for r in rows]
    areas: dict[int, District] | dict[int, Street]
    if level == "district":
        areas = District.objects.in_bulk(ids)
    else:
        areas = streets = Street.objects.in_bulk(ids)
        districts = District.objects.in_bulk({s.district_id for s in streets.values()})
    results = []
    for row in rows:
        area = areas[row["id"]]
        district_obj = area if isinstance(area, District) else districts[area.district_id]
        composite = rounded(_decimal(row["composite"]))
        has_composite = composite is not None
        if level == "district":
            threshold = city_minimum
        else:
            threshold = district_obj.street_threshold(city_minimum)
        result = AreaResult(
            pk=area.pk,
            code=area.code,
            name=area.name,
            level=level,
            district_code=district_obj.code,
            district_name=district_obj.name,
            main_urban=district_obj.main_urban,
            threshold=threshold,
            safety_index=_decimal(row["safety_index"]),
            satisfaction=_decimal(row["satisfaction"]),
            grievance_resolution_rate=_decimal(row["grievance_resolution_rate"]),
            key_dispute_resolution_rate=_decimal(row["key_dispute_resolution_rate"]),
            composite=composite,
            rank=row["rank"] if has_composite else None,
            main_urban_rank=(
                row["main_urban_rank"]
                if level == "district" and district_obj.main_urban and has_composite
                else None
            ),
            respondents=row["respondents"] or 0,
            meetings=row["meetings"] or 0,
            ratings=row["ratings"] or 0,
            grievances=row["grievances"] or 0,
            key_disputes=row["key_disputes"] or 0,
            secure=row["secure"] or 0,
            resolved=row["resolved"] or 0,
            key_resolved=row["key_resolved"] or 0,
        )
        lowest = rounded(_decimal(row["lowest"]))
        # last means last among two or more ranked areas: a lone street is not "last"
        if has_composite and composite == lowest and row["ranked_count"] > 1:
            result.last = True
            result.flags.append("last_place")
        if (
            level == "district"
            and district_obj.main_urban
            and has_composite
            and composite == rounded(_decimal(row["lowest_main_urban"]))
            and row["main_urban_count"] > 1
        ):
            result.last_main_urban = True
            result.flags.append("last_among_main_urban")
        if result.safety_index is not None and result.safety_index < threshold:
            result.flags.append("below_safety_threshold")
        if any(getattr(result, c) is None for c in COMPONENTS):
            result.flags.append("incomplete_data")
        result.thin = thin_components(result, minimums)
        results.append(result)
    return results


def minimum_samples(policy: Policy) -> dict[str, int]:
    """The year's policy minimum for each component's sample (DOMAIN.md: respondents,
    counted meetings, grievances; key disputes are judged on the grievances' minimum)."""
    return {
        "safety_index": policy.min_respondents,
        "satisfaction": policy.min_meetings,
        "grievance_resolution_rate": policy.min_grievances,
        "key_dispute_resolution_rate": policy.min_grievances,
    }


def thin_components(result: AreaResult, minimums: dict[str, int]) -> list[str]:
    """The components present whose sample is below the policy's minimum."""
    samples = result.samples()
    return [c for c in COMPONENTS if getattr(result, c) is not None and samples[c] < minimums[c]]


def assess(year: int, level: str, district: District | None = None) -> list[AreaResult]:
    """Every area of the level (streets of one district, or of all), in rank order.

    Computed once per data version (:mod:`core.dataversion`): every request while the
    year's data is unchanged gets the same results from the shared cache."""
    if level not in PATHS:
        raise ValueError(level)
    return dataversion.cached(
        f"assess:{year}:{level}:{district.pk if district else ''}",
        lambda: _assess(year, level, district),
        topics=ranking_topics(year),
    )


def _assess(year: int, level: str, district: District | None) -> list[AreaResult]:
    results = _results(year, level, district)
    previous = {r.pk: r for r in _results(year - 1, level, district)}
    for result in results:
        before = previous.get(result.pk)
        if before is not None:
            result.previous_composite, result.previous_rank = before.composite, before.rank
        if result.last and before is not None and before.last:
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


LEAGUE_SQL = """
WITH r AS ({ratings}),
scoped AS ({communities})
SELECT c.id AS id, r.mean_score, r.officials,
       RANK() OVER (ORDER BY ROUND(r.mean_score, 2) DESC NULLS LAST) AS rank
FROM districts_community c
JOIN scoped ON scoped.id = c.id
LEFT JOIN r ON r.area = c.id
ORDER BY ROUND(r.mean_score, 2) DESC NULLS LAST, c.code
LIMIT %s
"""


@dataclass(frozen=True)
class LeagueRow:
    """A community's place in a quarter's league: without counted ratings, no mean score
    and no rank."""

    community: Community
    mean_score: Decimal | None
    officials: int
    rank: int | None


def communities_key(communities: QuerySet[Community]) -> str | None:
    """A cache key of a set of communities (a user's scope, a street): a digest of its
    SQL; None for no community at all (department staff)."""
    try:
        c_sql, c_params = communities.order_by().values("id").query.sql_with_params()
    except EmptyResultSet:
        return None
    return hashlib.sha256(repr((c_sql, c_params)).encode()).hexdigest()


def level_counts(*, communities: QuerySet[Community], year: int, quarter: int) -> dict[str, int]:
    """How many counted ratings of the communities' meetings of a quarter reached each
    level, once per data version and set of communities."""
    scope = communities_key(communities)
    if scope is None:
        return {}
    return dataversion.cached(
        f"levels:{year}:{quarter}:{scope}",
        lambda: dict(
            scored(Rating.objects.filter(meeting__community__in=communities))
            # a Q: the django-stubs plugin types every lookup on an annotation as its value
            .filter(Q(counted_level__isnull=False), meeting__year=year, meeting__quarter=quarter)
            .values_list("counted_level")
            .annotate(n=Count("pk"))
            .values_list("counted_level", "n")
        ),
        topics=(f"reviews:{year}", f"policy:{year}"),
    )


def community_league(
    *, communities: QuerySet[Community], year: int, quarter: int, limit: int = 500
) -> list[LeagueRow]:
    """Communities ranked by the mean counted score of their officials in a quarter: one
    SQL statement (ratings grouped by community, ranked with RANK()), then the page's
    rows loaded in bulk. Cached per data version and set of communities (the scope)."""
    scope = communities_key(communities)
    if scope is None:  # no community at all in the user's view (department staff)
        return []
    return dataversion.cached(
        f"league:{year}:{quarter}:{limit}:{scope}",
        lambda: _community_league(communities=communities, year=year, quarter=quarter, limit=limit),
        topics=(f"reviews:{year}", f"policy:{year}"),
    )


def _community_league(
    *, communities: QuerySet[Community], year: int, quarter: int, limit: int
) -> list[LeagueRow]:
    ratings = (
        scored(Rating.objects.all())
        .filter(meeting__year=year, meeting__quarter=quarter, counts=True, votes__gt=0)
        .values(area=F("meeting__community"))
        .annotate(mean_score=Avg("score", output_field=NUMERIC), officials=Count("pk"))
        .order_by()
    )
    r_sql, r_params = ratings.query.sql_with_params()
    try:
        c_sql, c_params = communities.order_by().values("id").query.sql_with_params()
    except EmptyResultSet:  # no community at all in the user's view (department staff)
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            LEAGUE_SQL.format(ratings=r_sql, communities=c_sql), [*r_params, *c_params, limit]
        )
        rows = cursor.fetchall()
    objects = Community.objects.select_related("street").in_bulk([r[0] for r in rows])
    return [
        LeagueRow(
            community=objects[pk],
            mean_score=_decimal(mean),
            officials=officials or 0,
            rank=rank if mean is not None else None,
        )
        for pk, mean, officials, rank in rows
    ]
