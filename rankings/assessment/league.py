"""The community league of a quarter: communities ranked by their officials' mean counted
score, and how many ratings reached each level, cached per data version and scope."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Avg, Count, F, Q, QuerySet

from core import dataversion
from districts.models import Community
from evaluations.models import Rating
from evaluations.selectors import scored

from .scores import NUMERIC, as_decimal

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
            mean_score=as_decimal(mean),
            officials=officials or 0,
            rank=rank if mean is not None else None,
        )
        for pk, mean, officials, rank in rows
    ]
