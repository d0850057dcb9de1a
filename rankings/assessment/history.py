"""A district's history: its composite and safety index over the years with each year's
thresholds, in a constant number of queries, cached per data version."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core import dataversion
from districts.models import District
from evaluations.models import Policy
from evaluations.selectors import rounded, saved_policies

from ..selectors import first_year
from ..topics import history_topics
from .scores import district_years


@dataclass(frozen=True)
class HistoryRow:
    """One year of a district's history: its figures (None where missing) and the bars."""

    year: int
    composite: Decimal | None
    safety_index: Decimal | None
    city_minimum: Decimal
    threshold: Decimal


def district_history(district: District, year: int) -> list[HistoryRow]:
    """Every year from the district's first data up to ``year``, each with its figures
    (a year without data keeps its place, empty) and that year's thresholds; in a
    constant number of queries, and once per data version (:mod:`core.dataversion`)."""
    return dataversion.cached(
        f"district_history:{district.pk}:{year}",
        lambda: _district_history(district, year),
        topics=history_topics(year),
    )


def _district_history(district: District, year: int) -> list[HistoryRow]:
    start = min(first_year(district) or year, year)  # from its first data, up to ``year``
    # the figures only (the flags' look at the year before is not needed here), of every
    # year in one statement, and the years' policies in one query: constant in the years
    years = range(start, year + 1)
    saved = saved_policies(years=list(years))
    figures = district_years(district, years, saved)
    rows = []
    for y in years:
        mine = figures.get(y)
        city_minimum = (saved.get(y) or Policy(year=y)).city_safety_minimum
        rows.append(
            HistoryRow(
                year=y,
                composite=mine.composite if mine else None,
                safety_index=rounded(mine.safety_index) if mine else None,
                city_minimum=city_minimum,
                threshold=district.street_threshold(city_minimum),
            )
        )
    return rows
