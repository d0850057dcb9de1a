"""The ranking pages: the city's ranking of districts (public within the government) and a
district's ranking of its streets (scoped), with their downloads and drill-down links."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django_tables2 import RequestConfig

from core import dataversion
from core.export_safety import XLSX_CONTENT_TYPE, attachment
from districts import selectors as district_selectors
from districts.http import AuthenticatedHttpRequest
from evaluations.selectors import policy_for_year

from .. import output as ranking_output
from ..assessment import AreaResult, assess, district_history
from ..flags import FLAG_LABEL, FLAG_TEXT
from ..tables import RankingTable
from ..topics import ranking_topics
from .charts import district_history_chart
from .common import rankings_page, require_rankings, year_asked, year_choices


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
    if fmt == "csv":
        return attachment(
            ranking_output.to_csv_for_people(results, level),
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


@rankings_page
def city_ranking(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = year_asked(request)
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
    own = set(district_selectors.districts(user=request.user).values_list("code", flat=True))
    return render(
        request,
        "rankings/ranking.html",
        {
            "year": year,
            "years": year_choices(),
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
    district = district_selectors.district_get(user=request.user, code=code)
    require_rankings(request.user)
    year = year_asked(request)
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
            "years": year_choices(),
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
