"""Ranking pages: the city's ranking of districts, a district's ranking of its streets
(:mod:`.ranking`), the community league per quarter (:mod:`.league`), why an area is where
it is and an official's case file (:mod:`.why`). The city ranking is public within the
government; drilling down is scoped like everything else."""

from .league import league
from .ranking import city_ranking, district_ranking
from .why import official_case_file, why_district, why_street

__all__ = [
    "city_ranking",
    "district_ranking",
    "league",
    "official_case_file",
    "why_district",
    "why_street",
]
