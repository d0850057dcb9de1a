"""The data topics a ranking is computed from (:mod:`core.dataversion`), for caching it.

Each app names the topics of its own rows when it registers them (``reviews:2013``,
``surveys:2013``, ``policy:2013`` by evaluations, ``grievances`` by grievances); a year's
figures are computed from all of these, and the areas (part of everything)."""

from __future__ import annotations

from core.years import FIRST_YEAR


def year_topics(year: int) -> tuple[str, ...]:
    """What a year's figures are computed from (the areas are part of everything)."""
    return (f"reviews:{year}", f"surveys:{year}", f"policy:{year}", "grievances")


def ranking_topics(year: int) -> tuple[str, ...]:
    """What a year's rankings are computed from: that year and the year before (the
    change of rank, two last places in a row)."""
    return (*year_topics(year), *year_topics(year - 1))


def history_topics(year: int) -> tuple[str, ...]:
    """What figures of every year up to ``year`` are computed from."""
    return tuple(t for y in range(FIRST_YEAR, year + 1) for t in year_topics(y))
