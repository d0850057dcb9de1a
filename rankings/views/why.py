"""Why an area is where it is, and an official's case file: the pages that explain a
rank and gather an official's record, each scoped to the user."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from districts import selectors as district_selectors
from districts.http import AuthenticatedHttpRequest
from districts.models import District, Street

from ..casefile import GRIEVANCES_SHOWN, PROMISES_SHOWN, case_file
from ..explain import (
    ITEMS_SHOWN,
    explain,
    open_grievances,
    open_recommendations,
    period_promises,
)
from ..flags import FLAG_LABEL, FLAG_TEXT
from .common import require_rankings, year_asked

COMPONENT_LABELS = {
    "safety_index": _lazy("S safety index"),
    "satisfaction": _lazy("R review satisfaction"),
    "grievance_resolution_rate": _lazy("G grievance resolution"),
    "key_dispute_resolution_rate": _lazy("K key dispute resolution"),
}


def _why(request: AuthenticatedHttpRequest, area: District | Street) -> HttpResponse:
    year = year_asked(request)
    explanation = explain(year, area)
    if explanation is None:
        raise Http404
    grievances = open_grievances(request.user, area)
    recommendations = open_recommendations(request.user, area)
    promises, promise_figures = period_promises(request.user, area, year, timezone.localdate())
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
            "promise_list": promises[:ITEMS_SHOWN],
            "promise_count": promises.count(),
            "figures": promise_figures,
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
    district = district_selectors.district_get(user=request.user, code=code)
    require_rankings(request.user)
    return _why(request, district)


@login_required
def why_street(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Why a street is where it is among its district's streets."""
    street = district_selectors.street_get(user=request.user, code=code)
    require_rankings(request.user)
    return _why(request, street)


@login_required
def official_case_file(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """One official's case file, printable: 404 outside the user's area."""
    case = case_file(user=request.user, code=code)
    require_rankings(request.user)
    grievances = case.grievances
    return render(
        request,
        "rankings/case_file.html",
        {
            "case": case,
            "official": case.official,
            "grievances": grievances[:GRIEVANCES_SHOWN],
            "grievance_count": grievances.count(),
            "promise_list": case.promises[:PROMISES_SHOWN],
            "promise_count": case.promises.count(),
        },
    )
