"""The promise figures page (DOMAIN.md "Promises", rule 4): made, judged, kept, not kept,
overdue and the keeping rate for an area and a period, per official, community, street or
district within the reader's scope, as of a date; every number opens the promises behind
it (:func:`figure_items`, the same filters), and the table downloads as CSV or XLSX.

The figures are :func:`evaluations.promises.figures.figure_rows`, as ``manage.py
promise_figures`` writes them; the area is the reader's (another district's or street's
code is 404, as on the grievance figures page)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.export_safety import XLSX_CONTENT_TYPE, attachment
from districts.http import AuthenticatedHttpRequest
from districts.models import District, Street
from districts.scoping import get_visible_or_404, scope_of

from ..models import PromiseQuerySet
from ..promises import output
from ..promises.figures import COUNTS, By, figure_items, figure_rows, figure_total
from ..promises.selectors import promises

BY_LABELS: dict[str, Any] = {
    "official": gettext_lazy("official"),
    "community": gettext_lazy("community"),
    "street": gettext_lazy("street"),
    "district": gettext_lazy("district"),
}
FIGURE_LABELS: dict[str, Any] = {
    "made": gettext_lazy("Made"),
    "judged": gettext_lazy("Judged"),
    "kept": gettext_lazy("Kept"),
    "not_kept": gettext_lazy("Not kept"),
    "overdue": gettext_lazy("Overdue"),
}
BELOW: dict[str, By] = {"city": "district", "district": "street", "street": "community"}


@dataclass
class Asked:
    """What the page is asked for: the area, the period, the rows and the date."""

    year: int
    quarter: int | None
    by: By
    as_of: datetime.date
    district: District | None
    street: Street | None

    @property
    def area_params(self) -> dict[str, str]:
        if self.street is not None:
            return {"street": self.street.code}
        if self.district is not None:
            return {"district": self.district.code}
        return {}

    @property
    def params(self) -> dict[str, str]:
        """The address of this same view of the figures (without the rows' choice)."""
        period = {"year": str(self.year), "as_of": self.as_of.isoformat()}
        if self.quarter is not None:
            period["quarter"] = str(self.quarter)
        return {**self.area_params, **period}

    def promises(self, request: AuthenticatedHttpRequest) -> PromiseQuerySet:
        qs = promises(user=request.user)
        if self.street is not None:
            return qs.filter(meeting__community__street=self.street)
        if self.district is not None:
            return qs.filter(meeting__community__street__district=self.district)
        return qs


def _int(text: str, low: int, high: int) -> int | None:
    try:
        value = int(text)
    except ValueError:
        return None
    return value if low <= value <= high else None


def asked(request: AuthenticatedHttpRequest) -> Asked:
    """The page's parameters; a value that does not parse gives the default, an area out
    of the reader's scope 404."""
    today = timezone.localdate()
    try:
        as_of = datetime.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        as_of = today
    scope = scope_of(request.user)
    street: Street | None = None
    district: District | None = None
    if code := request.GET.get("street"):
        street = get_visible_or_404(request.user, Street.objects.all(), code=code)
    elif code := request.GET.get("district"):
        district = get_visible_or_404(request.user, District.objects.all(), code=code)
    elif scope.street_id:
        street = Street.objects.get(pk=scope.street_id)
    elif scope.district_id:
        district = District.objects.get(pk=scope.district_id)
    level = "street" if street else "district" if district else "city"
    by = request.GET.get("by", "")
    return Asked(
        year=_int(request.GET.get("year", ""), 2000, 2100) or today.year,
        quarter=_int(request.GET.get("quarter", ""), 1, 4),
        by=cast(By, by) if by in BY_LABELS else BELOW[level],
        as_of=as_of,
        district=district,
        street=street,
    )


def _cells(a: Asked, values: dict[str, Any], code: str | None) -> list[dict[str, Any]]:
    base = {**a.params, **({"by": a.by, "code": code} if code is not None else {})}
    return [
        {
            "name": name,
            "label": FIGURE_LABELS[name],
            "value": values[name],
            "url": reverse("evaluations:promise_figure_items")
            + "?"
            + urlencode({**base, "figure": name}),
        }
        for name in COUNTS
    ]


def _export(a: Asked, rows: list[dict[str, Any]], fmt: str) -> HttpResponse:
    name = f"promise-figures-{a.year}" + (f"-Q{a.quarter}" if a.quarter else "")
    if code := (a.street or a.district):
        name += f"-{code.code}"
    name += f"-{a.by}"
    if fmt == "csv":
        return attachment(
            output.csv_for_people(rows),
            content_type="text/csv; charset=utf-8",
            filename=f"{name}.csv",
        )
    return attachment(
        output.xlsx_for_people(rows, name), content_type=XLSX_CONTENT_TYPE, filename=f"{name}.xlsx"
    )


@login_required
def promise_figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The figures of an area and period; every number links to the promises behind it."""
    a = asked(request)
    qs = a.promises(request)
    table = list(figure_rows(qs, year=a.year, quarter=a.quarter, by=a.by, as_of=a.as_of))
    if (fmt := request.GET.get("_export")) in ("csv", "xlsx"):
        return _export(a, table, fmt)
    total = figure_total(qs, year=a.year, quarter=a.quarter, as_of=a.as_of)
    rows = [
        {
            "code": r["code"],
            "name": r["name"],
            "cells": _cells(a, r, r["code"]),
            "rate": r["keeping_rate"],
        }
        for r in table
    ]
    return render(
        request,
        "evaluations/promise_figures.html",
        {
            "asked": a,
            "area_name": area.name if (area := a.street or a.district) else _("whole city"),
            "rows": rows,
            "total": _cells(a, total, None),
            "total_rate": total["keeping_rate"],
            "by_choices": list(BY_LABELS.items()),
            "figure_labels": list(FIGURE_LABELS.values()),
            "years": range(timezone.localdate().year, 2007, -1),
            "carry": list(a.area_params.items()),
            "export_params": {**a.params, "by": a.by},
        },
    )


@login_required
def promise_figure_items(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The promises behind one number of the figures page, by the same filters."""
    a = asked(request)
    figure = request.GET.get("figure", "")
    if figure not in COUNTS:
        raise Http404
    code = request.GET.get("code") or None
    items = figure_items(
        a.promises(request),
        figure=figure,
        year=a.year,
        quarter=a.quarter,
        by=a.by if code is not None else None,
        code=code,
        as_of=a.as_of,
    ).with_state(a.as_of)
    page = Paginator(items, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/promise_figure_items.html",
        {
            "asked": a,
            "figure": figure,
            "figure_label": FIGURE_LABELS[figure],
            "code": code,
            "page": page,
            "back": reverse("evaluations:promise_figures")
            + "?"
            + urlencode({**a.params, "by": a.by}),
        },
    )
