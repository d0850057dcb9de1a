"""The community league: communities ranked by their officials' mean counted score in a
quarter, with how many ratings reached each level; the user's communities only."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from core import dataversion
from districts import selectors as district_selectors
from districts.http import AuthenticatedHttpRequest

from ..assessment import communities_key, community_league, level_counts
from ..selectors import league_quarter
from .charts import levels_chart
from .common import rankings_page, year_asked, year_choices


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
