"""The community league: communities ranked by their officials' mean counted score in a
quarter, with how many ratings reached each level; the user's communities only."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from core import dataversion
from core.export_safety import XLSX_CONTENT_TYPE, attachment
from districts import selectors as district_selectors
from districts.http import AuthenticatedHttpRequest
from districts.models import Community, Street
from evaluations.promises.summaries import keeping_rates

from .. import output as ranking_output
from ..assessment import communities_key, community_league, level_counts
from ..selectors import league_quarter
from .charts import levels_chart
from .common import rankings_page, year_asked, year_choices


def _export(
    request: AuthenticatedHttpRequest,
    communities: QuerySet[Community],
    year: int,
    quarter: int,
    street: Street | None,
) -> HttpResponse | None:
    """The page's rows (the same scope, street, quarter and limit) as CSV or XLSX for
    people (``core.export_safety``)."""
    fmt = request.GET.get("_export")
    if fmt not in ("csv", "xlsx"):
        return None
    rows = community_league(communities=communities, year=year, quarter=quarter)
    rates = keeping_rates(communities, year=year, quarter=quarter, as_of=timezone.localdate())
    name = f"league-{year}-Q{quarter}" + (f"-{street.code}" if street else "")
    if fmt == "csv":
        return attachment(
            ranking_output.league_csv(rows, rates),
            content_type="text/csv; charset=utf-8",
            filename=f"{name}.csv",
        )
    return attachment(
        ranking_output.league_xlsx(rows, name, rates),
        content_type=XLSX_CONTENT_TYPE,
        filename=f"{name}.xlsx",
    )


@rankings_page
def league(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Communities ranked by their officials' mean counted score in a quarter."""
    year = year_asked(request)
    try:
        quarter = int(request.GET.get("quarter", "0"))
    except ValueError:
        quarter = 0
    if not 1 <= quarter <= 4:
        quarter = league_quarter(year)
    communities = district_selectors.community_list(user=request.user)
    street = None
    if code := request.GET.get("street"):
        street = district_selectors.street_get(user=request.user, code=code)
        communities = communities.filter(street=street)
    export = _export(request, communities, year, quarter, street)
    if export is not None:
        return export
    # the rows as HTML, rendered once per data version, scope and language (500 rows)
    scope = communities_key(communities)
    table = dataversion.cached(
        f"league_rows:{get_language()}:{year}:{quarter}:{scope}",
        lambda: render_to_string(
            "rankings/_league_rows.html",
            {
                "rows": community_league(communities=communities, year=year, quarter=quarter),
                # the keeping rate of the quarter's verdicts beside the level: one query
                "promises": keeping_rates(
                    communities, year=year, quarter=quarter, as_of=timezone.localdate()
                ),
            },
        ),
        topics=(f"reviews:{year}", f"policy:{year}", "promises"),
    )
    distribution = level_counts(communities=communities, year=year, quarter=quarter)
    chart = levels_chart(distribution, year=year, quarter=quarter)
    return render(
        request,
        "rankings/league.html",
        {
            "year": year,
            "quarter": quarter,
            "table": table,
            "street": street,
            "years": year_choices(),
            "chart": chart,
        },
    )
