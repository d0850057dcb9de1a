"""Ranking pages: the city's ranking of districts, a district's ranking of its streets, the
community league per quarter. The city ranking is public within the
government; drilling down is scoped like everything else."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_tables2 import RequestConfig

from core import dataversion
from core.charts import bar_chart, line_chart
from core.export_safety import XLSX_CONTENT_TYPE, attachment
from districts.http import AuthenticatedHttpRequest
from districts.models import Community, District, Street
from districts.scoping import get_visible_or_404, visible
from evaluations.models import Level, Meeting, Policy, Survey
from evaluations.rules import quarter_of
from evaluations.selectors import policy_for_year, rounded
from grievances.models import Grievance

from . import output as ranking_output
from .assessment import (
    AreaResult,
    assess,
    communities_key,
    community_league,
    district_years,
    level_counts,
)
from .casefile import GRIEVANCES_SHOWN, case_file
from .explain import ITEMS_SHOWN, explain, open_grievances, open_recommendations
from .flags import FLAG_LABEL, FLAG_TEXT
from .selectors import latest_year
from .signals import history_topics, ranking_topics
from .tables import RankingTable


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return latest_year()
    return year if 2000 <= year <= 2100 else latest_year()


COMPONENT_LABELS = {
    "safety_index": _lazy("S safety index"),
    "satisfaction": _lazy("R review satisfaction"),
    "grievance_resolution_rate": _lazy("G grievance resolution"),
    "key_dispute_resolution_rate": _lazy("K key dispute resolution"),
}


def _flagged(results: list[AreaResult], level: str, year: int, can_open: set[str]) -> list[Any]:
    """The flagged areas the user may open, each with its "why" page."""
    name = "rankings:why_district" if level == "district" else "rankings:why_street"
    return [
        {"code": r.code, "name": r.name, "url": reverse(name, args=[r.code]) + f"?year={year}"}
        for r in results
        if r.flags and r.code in can_open
    ]


def _drill(result: AreaResult, year: int, level: str) -> dict[str, str]:
    """The lists each figure was computed from."""
    area = {level: result.code}
    period = {"received_from": f"{year}-01-01", "received_to": f"{year}-12-31"}
    return {
        "safety_index": reverse("evaluations:survey_list")
        + "?"
        + urlencode({"year": str(year), **area}),
        "satisfaction": reverse("evaluations:rating_list")
        + "?"
        + urlencode({"year": str(year), "counted": "true", **area}),
        "grievance_resolution_rate": reverse("grievances:list")
        + "?"
        + urlencode({**period, **area}),
        "key_dispute_resolution_rate": reverse("grievances:list")
        + "?"
        + urlencode({"status": "key_disputes", **period, **area}),
    }


def _export(
    request: HttpRequest, results: list[AreaResult], level: str, name: str, year: int
) -> HttpResponse | None:
    """The page's download, for people: neutralised CSV or XLSX (``core.export_safety``)."""
    fmt = request.GET.get("_export")
    data = ranking_output.rows(results, level)
    if fmt == "csv":
        return attachment(
            ranking_output.to_csv_for_people(data),
            content_type="text/csv; charset=utf-8",
            filename=f"{name}.csv",
        )
    if fmt == "xlsx":
        # the workbook of the same address is the same while the data is unchanged
        workbook = dataversion.cached(
            f"ranking_xlsx:{get_language()}:{request.get_full_path()}",
            lambda: ranking_output.to_xlsx(results, level, name),
            topics=ranking_topics(year),
        )
        return attachment(
            workbook,
            content_type=XLSX_CONTENT_TYPE,
            filename=f"{name}.xlsx",
        )
    return None


def _table(
    request: HttpRequest, results: list[AreaResult], level: str, year: int, can_open: set[str]
) -> RankingTable:
    if level == "district":
        links = {
            r.code: reverse("rankings:district", args=[r.code]) + f"?year={year}" for r in results
        }
    else:
        links = {
            r.code: reverse("rankings:league")
            + "?"
            + urlencode({"year": str(year), "street": r.code})
            for r in results
        }
    table = RankingTable(
        results,
        level=level,
        drill={r.code: _drill(r, year, level) for r in results},
        can_open=can_open,
        flag_text=FLAG_TEXT,
        flag_label=FLAG_LABEL,
        links=links,
    )
    RequestConfig(request, paginate=False).configure(table)
    return table


def _table_html(
    request: HttpRequest, results: list[AreaResult], level: str, year: int, can_open: set[str]
) -> str:
    """The ranking's table, rendered once per data version, address (year, view, sort),
    language and set of areas the user may open: its cells (38 districts or a district's
    streets, each with its drill-down links) were most of the page's time."""
    key = ":".join(
        [
            "ranking_table",
            level,
            get_language(),
            request.get_full_path(),
            ",".join(sorted(can_open)),
        ]
    )
    return dataversion.cached(
        key,
        lambda: _table(request, results, level, year, can_open).as_html(request),
        topics=ranking_topics(year),
    )


def _years() -> range:
    return range(max(latest_year(), timezone.localdate().year), 2007, -1)


@login_required
def city_ranking(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _year(request)
    main_urban = request.GET.get("view") == "main_urban"
    results = assess(year, "district")
    if main_urban:
        results = sorted(
            [r for r in results if r.main_urban],
            key=lambda r: (r.main_urban_rank is None, r.main_urban_rank or 0, r.code),
        )
    export = _export(request, results, "district", f"districts-{year}", year)
    if export:
        return export
    own = set(visible(request.user, District.objects.all()).values_list("code", flat=True))
    return render(
        request,
        "rankings/ranking.html",
        {
            "year": year,
            "years": _years(),
            "results": results,
            "level": "district",
            "main_urban": main_urban,
            "table": _table_html(request, results, "district", year, own),
            "can_open": own,
            "flagged": _flagged(results, "district", year, own),
            "flag_text": FLAG_TEXT,
            "flag_label": FLAG_LABEL,
            "policy": policy_for_year(year),
        },
    )


@login_required
def district_ranking(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    district = get_visible_or_404(request.user, District.objects.all(), code=code)
    year = _year(request)
    results = assess(year, "street", district)
    policy = policy_for_year(year)
    export = _export(request, results, "street", f"streets-{district.code}-{year}", year)
    if export:
        return export
    history = district_history(district, year)
    return render(
        request,
        "rankings/ranking.html",
        {
            "year": year,
            "years": _years(),
            "results": results,
            "level": "street",
            "district": district,
            "table": _table_html(request, results, "street", year, {r.code for r in results}),
            "can_open": {r.code for r in results},
            "flagged": _flagged(results, "street", year, {r.code for r in results}),
            "flag_text": FLAG_TEXT,
            "flag_label": FLAG_LABEL,
            "policy": policy,
            "street_threshold": district.street_threshold(policy.city_safety_minimum),
            "chart": district_history_chart(district, history),
            "history": history,
        },
    )


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
    first = min(
        (
            y
            for y in (
                Survey.objects.filter(street__district=district).aggregate(y=Min("year"))["y"],
                Meeting.objects.filter(community__street__district=district).aggregate(
                    y=Min("year")
                )["y"],
                Grievance.objects.filter(community__street__district=district).aggregate(
                    d=Min("received_on")
                )["d"],
            )
            if y is not None
        ),
        key=lambda y: y if isinstance(y, int) else y.year,
        default=None,
    )
    start = year if first is None else first if isinstance(first, int) else first.year
    start = min(start, year)
    # the figures only (the flags' look at the year before is not needed here), of every
    # year in one statement, and the years' policies in one query: constant in the years
    years = range(start, year + 1)
    saved = {p.year: p for p in Policy.objects.filter(year__in=list(years))}
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


def district_history_chart(district: District, history: list[HistoryRow]) -> SafeString:
    """The district's composite and safety index over the years, each point at its value,
    against the city minimum and the threshold its streets must reach (of the last year
    shown). The axis starts low enough for the lowest figure: nothing is clamped."""
    if not history:
        return SafeString("")
    last = history[-1]
    lines = [(_("city minimum"), last.city_minimum)]
    if last.threshold != last.city_minimum:  # the streets' bar, where the district set it higher
        lines.append((_("district threshold"), last.threshold))
    values = [v for h in history for v in (h.composite, h.safety_index) if v is not None]
    lowest = min([*values, *(v for _name, v in lines)])
    low = min(60, int(lowest // 10) * 10)
    return line_chart(
        labels=[str(h.year) for h in history],
        series=[
            (_("composite"), [h.composite for h in history]),
            (_("safety index"), [h.safety_index for h in history]),
        ],
        lines=lines,
        low=low,
        high=100,
        title=_("%(district)s over the years") % {"district": district.name},
    )


@login_required
def league(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Communities ranked by their officials' mean counted score in a quarter."""
    year = _year(request)
    try:
        quarter = int(request.GET.get("quarter", "0"))
    except ValueError:
        quarter = 0
    if not 1 <= quarter <= 4:
        # the latest quarter of the year with meetings, never one that has not begun
        this_year, this_quarter = quarter_of(timezone.localdate())
        held = Meeting.objects.filter(year=year)
        if year >= this_year:
            held = held.filter(quarter__lte=this_quarter)
        quarter = held.aggregate(q=Max("quarter"))["q"] or (
            this_quarter if year >= this_year else 4
        )
    communities = visible(request.user, Community.objects.select_related("street"))
    street = None
    if code := request.GET.get("street"):
        street = get_visible_or_404(request.user, Street.objects.all(), code=code)
        communities = communities.filter(street=street)
    # the rows as HTML, rendered once per data version, scope and language (500 rows)
    scope = communities_key(communities)
    table = dataversion.cached(
        f"league_rows:{get_language()}:{year}:{quarter}:{scope}",
        lambda: render_to_string(
            "rankings/_league_rows.html",
            {"rows": community_league(communities=communities, year=year, quarter=quarter)},
        ),
        topics=(f"reviews:{year}", f"policy:{year}"),
    )
    distribution = level_counts(communities=communities, year=year, quarter=quarter)
    colours = {
        "very_satisfied": "#1e7b34",
        "satisfied": "#5a9e6f",
        "basically_satisfied": "#d9a400",
        "unsatisfied": "#b3261e",
    }
    chart = bar_chart(
        bars=[
            (str(label), distribution.get(value, 0), colours[value])
            for value, label in Level.choices
        ],
        title=_("Levels in %(year)s Q%(quarter)s") % {"year": year, "quarter": quarter},
    )
    return render(
        request,
        "rankings/league.html",
        {
            "year": year,
            "quarter": quarter,
            "table": table,
            "street": street,
            "years": _years(),
            "chart": chart,
        },
    )


def _why(request: AuthenticatedHttpRequest, area: District | Street) -> HttpResponse:
    year = _year(request)
    explanation = explain(year, area)
    if explanation is None:
        raise Http404
    grievances = open_grievances(request.user, area)
    recommendations = open_recommendations(request.user, area)
    return render(
        request,
        "rankings/why.html",
        {
            "year": year,
            "area": area,
            "x": explanation,
            "labels": COMPONENT_LABELS,
            "flag_text": FLAG_TEXT,
            "flag_label": FLAG_LABEL,
            "grievances": grievances[:ITEMS_SHOWN],
            "grievance_count": grievances.count(),
            "recommendations": recommendations[:ITEMS_SHOWN],
            "recommendation_count": recommendations.count(),
            "ranking_url": (
                reverse("rankings:city")
                if isinstance(area, District)
                else reverse("rankings:district", args=[area.district.code])
            )
            + f"?year={year}",
        },
    )


@login_required
def why_district(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Why a district is where it is in the city ranking (its own scope only)."""
    return _why(request, get_visible_or_404(request.user, District.objects.all(), code=code))


@login_required
def why_street(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Why a street is where it is among its district's streets."""
    street = get_visible_or_404(request.user, Street.objects.select_related("district"), code=code)
    return _why(request, street)


@login_required
def official_case_file(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """One official's case file, printable: 404 outside the user's area."""
    case = case_file(user=request.user, code=code)
    grievances = case.grievances
    return render(
        request,
        "rankings/case_file.html",
        {
            "case": case,
            "official": case.official,
            "grievances": grievances[:GRIEVANCES_SHOWN],
            "grievance_count": grievances.count(),
        },
    )
