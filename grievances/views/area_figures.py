"""Figures for an area and period; every number links to the rows behind it."""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core import dataversion
from districts.http import AuthenticatedHttpRequest
from districts.models import District, Street
from districts.scoping import get_visible_or_404, scope_of

from .. import selectors

FIGURE_COLUMNS = [  # (figure, the status filter of its rows): selectors.FIGURE_COLUMNS
    ("total", ""),
    ("on_the_spot", "on_the_spot"),
    ("afterwards", "afterwards"),
    ("referred", "referred"),
    ("referred_resolved", "referred_resolved"),
    ("referred_open", "referred_open"),
    ("unaccounted", "unaccounted"),
    ("overdue", "overdue"),
    ("escalated_district", "escalated_district"),
    ("escalated_city", "escalated_city"),
    ("resolution_rate", "resolved"),
    ("answer_rate", "answered"),
    ("answer_satisfaction", "satisfied_verdicts"),
    ("key_dispute_resolution_rate", "key_disputes_resolved"),
]


def _period(request: HttpRequest) -> tuple[datetime.date, datetime.date]:
    start, end = selectors.default_period(timezone.localdate())
    with contextlib.suppress(ValueError):
        start = datetime.date.fromisoformat(request.GET.get("from", ""))
    with contextlib.suppress(ValueError):
        end = datetime.date.fromisoformat(request.GET.get("to", ""))
    return start, end


@login_required
def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Figures for an area and period; every number links to the rows behind it."""
    start, end = _period(request)
    today = timezone.localdate()
    scope = scope_of(request.user)
    street: Street | None = None
    district: District | None = None
    area_name = _("whole city")
    if code := request.GET.get("street"):
        street = get_visible_or_404(request.user, Street.objects.all(), code=code)
    elif code := request.GET.get("district"):
        district = get_visible_or_404(request.user, District.objects.all(), code=code)
    elif scope.street_id:
        street = Street.objects.get(pk=scope.street_id)
    elif scope.district_id:
        district = District.objects.get(pk=scope.district_id)
    area_param: dict[str, str] = {}
    if street is not None:
        area_name, area_param = street.name, {"street": street.code}
    elif district is not None:
        area_name, area_param = district.name, {"district": district.code}
    period = {"received_from": start.isoformat(), "received_to": end.isoformat()}

    def cells(values: dict[str, Any], area: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "name": name,
                "value": values[name],
                "rate": name in selectors.RATES,
                "url": reverse("grievances:list")
                + "?"
                + urlencode({**({"status": status} if status else {}), **period, **area}),
            }
            for name, status in FIGURE_COLUMNS
        ]

    def build() -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
        table, total_values, level = selectors.figure_table(
            user=request.user, start=start, end=end, today=today, district=district, street=street
        )
        rows = [
            {"code": r["code"], "name": r["name"], "cells": cells(r, {level: r["code"]})}
            for r in table
        ]
        return rows, cells(total_values, area_param), level

    # the cells with their links, once per data version like the figures (38 districts
    # of 14 figures, each with its address, took longer than the cached figures)
    rows, total, level = dataversion.cached(
        f"figures_page:{scope}:{start}:{end}:{today}:"
        f"{district.pk if district else ''}:{street.pk if street else ''}",
        build,
        topics=("grievances",),
    )
    return render(
        request,
        "grievances/figures.html",
        {
            "start": start,
            "end": end,
            "area_name": area_name,
            "level": level,
            "total": total,
            "rows": rows,
            "figures": FIGURE_COLUMNS,
            # the area chosen, kept when the period changes (never request.GET.items in
            # the template: a parameter named "items" would stand in for the method)
            "carry": [(k, request.GET[k]) for k in ("district", "street") if k in request.GET],
        },
    )
