"""The annual assessment (综治考核): components, composite, ranks and flags, per DOMAIN.md.

One SQL statement per year computes a whole level (:mod:`.scores`); :mod:`.ranks` turns its
rows into results with their flags, once per data version; :mod:`.results` is one area's
result; :mod:`.league` the community league of a quarter; :mod:`.history` a district's
figures over the years. The same rows feed the pages, the CSV/XLSX exports and the
``rankings`` command.
"""

from .history import HistoryRow, district_history
from .league import LeagueRow, communities_key, community_league, level_counts
from .ranks import assess
from .results import COMPONENTS, FLAG_ORDER, AreaResult, minimum_samples, thin_components
from .scores import PATHS, YearFigures, district_years

__all__ = [
    "COMPONENTS",
    "FLAG_ORDER",
    "PATHS",
    "AreaResult",
    "HistoryRow",
    "LeagueRow",
    "YearFigures",
    "assess",
    "communities_key",
    "community_league",
    "district_history",
    "district_years",
    "level_counts",
    "minimum_samples",
    "thin_components",
]
