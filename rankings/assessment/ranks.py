"""The ranks and flags of a year's assessment, from the rows of :mod:`.scores`, cached per
data version; the flags that look at the year before (two last places running) here."""

from __future__ import annotations

from core import dataversion
from districts.models import District, Street
from evaluations.selectors import policy_for_year, rounded

from ..topics import ranking_topics
from .results import COMPONENTS, FLAG_ORDER, AreaResult, minimum_samples, thin_components
from .scores import PATHS, as_decimal, ranked_rows


def _results(year: int, level: str, district: District | None = None) -> list[AreaResult]:
    policy = policy_for_year(year)
    city_minimum = policy.city_safety_minimum
    minimums = minimum_samples(policy)
    rows = ranked_rows(year, level, district)
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
        composite = rounded(as_decimal(row["composite"]))
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
            safety_index=as_decimal(row["safety_index"]),
            satisfaction=as_decimal(row["satisfaction"]),
            grievance_resolution_rate=as_decimal(row["grievance_resolution_rate"]),
            key_dispute_resolution_rate=as_decimal(row["key_dispute_resolution_rate"]),
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
        lowest = rounded(as_decimal(row["lowest"]))
        # last means last among two or more ranked areas: a lone street is not "last"
        if has_composite and composite == lowest and row["ranked_count"] > 1:
            result.last = True
            result.flags.append("last_place")
        if (
            level == "district"
            and district_obj.main_urban
            and has_composite
            and composite == rounded(as_decimal(row["lowest_main_urban"]))
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
