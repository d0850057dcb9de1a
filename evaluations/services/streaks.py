"""Streaks of unsatisfied quarters (DOMAIN.md rule 5), found in SQL for many officials.

A streak is a run of consecutive quarters in which an official, in one community and
role, was rated unsatisfied at a meeting that counts (submitted, with quorum). A quarter
without a meeting, one whose meeting does not count, or one with a better level breaks
it; Q4 is followed by Q1 of the next year. :func:`unsatisfied_streaks` finds the runs of
two or more of any number of (official, community, role) at once, with window functions
("gaps and islands" over the quarter's number ``year * 4 + quarter - 1``), in one query
per call: the import's cost does not grow with the number of officials on a streak.

:func:`streaks` finds the same runs in rows already loaded (the pages that show an
official's ratings); tests/evaluations/services/test_streaks.py holds both to the same
answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, TypeVar

from django.db import connection
from django.db.models import F

from core.bulksql import AnyOf

from ..models import Rating
from ..selectors import scored
from .decide import Key

if TYPE_CHECKING:
    from ..selectors import ScoredRating

T = TypeVar("T")


def quarter_index(year: int, quarter: int) -> int:
    """A quarter as a number: consecutive quarters (Q4, then Q1 of the next year) differ
    by one."""
    return year * 4 + quarter - 1


@dataclass(frozen=True, slots=True)
class Quarter:
    """One unsatisfied rating of a streak."""

    rating_id: int
    year: int
    quarter: int

    @property
    def period(self) -> str:
        return f"{self.year} Q{self.quarter}"


Run = tuple[Quarter, ...]
"""A streak: its ratings in quarter order."""


def unsatisfied_streaks(keys: Collection[Key]) -> dict[Key, list[Run]]:
    """The streaks of two or more quarters of each (official, community, role) of
    ``keys``, in quarter order; keys without one are left out. One query.

    The counted level is :func:`evaluations.expressions.rating_expressions`' own (each
    meeting's policy, in SQL). Among the unsatisfied counted ratings of a key, numbered in
    quarter order, consecutive quarters keep ``quarter number - row number`` constant: each
    value is one run (an island); any other quarter, or none, is a gap between islands."""
    if not keys:
        return {}
    bad = (
        scored(
            Rating.objects.filter(
                AnyOf(F("meeting__community_id"), sorted({k[1] for k in keys})),
                AnyOf(F("official_id"), sorted({k[0] for k in keys})),
            )
        )
        .filter(counted_level="unsatisfied")
        .order_by()
        .values(
            s_rating=F("pk"),
            s_official=F("official_id"),
            s_community=F("meeting__community_id"),
            s_role=F("role"),
            s_year=F("meeting__year"),
            s_quarter=F("meeting__quarter"),
            s_index=F("meeting__year") * 4 + F("meeting__quarter") - 1,
        )
    )
    inner, params = bad.query.sql_with_params()
    key = "s_official, s_community, s_role"
    # the SQL around is fixed text; the filtered query's values are parameters
    sql = (
        "SELECT s_rating, s_official, s_community, s_role, s_year, s_quarter, island "  # noqa: S608
        "FROM (SELECT i.*, COUNT(*) OVER (PARTITION BY "
        f"{key}, island) AS length FROM ("
        f"SELECT b.*, b.s_index - ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY b.s_index) "
        f"AS island FROM ({inner}) b) i) r WHERE length >= 2 "
        f"ORDER BY {key}, s_index"
    )
    wanted = set(keys)
    runs: dict[Key, dict[int, list[Quarter]]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for rating, official, community, role, year, quarter, island in cursor.fetchall():
            if (official, community, role) in wanted:
                runs[(official, community, role)].setdefault(island, []).append(
                    Quarter(rating, year, quarter)
                )
    return {k: [tuple(run) for run in islands.values()] for k, islands in runs.items()}


def unsatisfied_runs(
    rows: Iterable[T], *, index: Callable[[T], int], unsatisfied: Callable[[T], bool]
) -> list[list[T]]:
    """Runs of consecutive unsatisfied quarters (any length) in rows already loaded, of
    any kind of row: ``index`` gives a row's quarter as a number (:func:`quarter_index`),
    ``unsatisfied`` whether its counted level is unsatisfied. The rows are one official's
    in one community and role, in quarter order."""
    runs: list[list[T]] = []
    previous_index, previous_unsatisfied = None, False
    for row in rows:
        at, bad = index(row), unsatisfied(row)
        if bad:
            if previous_unsatisfied and previous_index is not None and at == previous_index + 1:
                runs[-1].append(row)
            else:
                runs.append([row])
        previous_index, previous_unsatisfied = at, bad
    return runs


def streaks(rows: Iterable[ScoredRating]) -> list[list[ScoredRating]]:
    """Runs of consecutive quarters whose counted level is unsatisfied (rule 5), for the
    pages that show an official's ratings.

    ``rows`` are one official's ratings in one community and role, in quarter order, each
    annotated with ``counted_level``: a meeting without quorum or not submitted has none,
    and so breaks a run, as does a quarter without a meeting.
    """
    return unsatisfied_runs(
        rows,
        index=lambda r: quarter_index(r.meeting.year, r.meeting.quarter),
        unsatisfied=lambda r: r.counted_level == "unsatisfied",
    )


def long_streaks(rows: Iterable[ScoredRating]) -> list[list[ScoredRating]]:
    """The runs of two or more unsatisfied quarters among one official's ratings (of any
    communities and roles, any order), each community and role on its own: what the
    official's page and case file mark."""
    chronological = sorted(
        rows, key=lambda r: (r.meeting.community_id, r.role, r.meeting.year, r.meeting.quarter)
    )
    return [
        run
        for _key, group in groupby(chronological, key=lambda r: (r.meeting.community_id, r.role))
        for run in streaks(group)
        if len(run) >= 2
    ]
