"""The community league: communities ranked by their officials' mean counted score in a
quarter, with how many ratings reached each level; the user's communities only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import dataversion
from core.charts import bar_chart
from districts.http import AuthenticatedHttpRequest
from districts.models import Community, Street
from districts.scoping import get_visible_or_404, visible
from evaluations.models import Level, Meeting
from evaluations.rules import quarter_of

from ..assessment import communities_key, community_league, level_counts
from .common import year_asked, year_choices


@login_required
def league(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Communities ranked by their officials' mean counted score in a quarter."""
    year = year_asked(request)
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
            "years": year_choices(),
            "chart": chart,
        },
    )
