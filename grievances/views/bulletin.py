"""The departments' monthly bulletins (DOMAIN.md, "Departments answer for their work"):
the list of the user's bulletins, one bulletin (printable on one A4 sheet), its XLSX, and
the items behind each of its numbers.

Who: district officials and administrators their district's, city officials and city
administrators every district's. Street staff and department staff see none of these
pages (404): a bulletin is the district's assessment of its departments; once published,
everyone reads it on the notice board. Another district's bulletin is 404 on every page
and download. Publishing is publication's section on the bulletin page (a higher app).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.export_safety import XLSX_CONTENT_TYPE, attachment, xlsx_bytes
from core.pagination import BoundedPaginator as Paginator
from districts.http import AuthenticatedHttpRequest
from evaluations.selectors import rounded

from .. import selectors
from ..departments.figures import department_items
from ..models import Bulletin

# every number of an entry that opens the items behind it
FIGURE_LABELS = {
    "referred": gettext_lazy("Referred"),
    "accepted_on_time": gettext_lazy("Accepted on time"),
    "acceptance_due": gettext_lazy("Due to be accepted"),
    "resolved_on_time": gettext_lazy("Resolved on time"),
    "resolution_due": gettext_lazy("Due to be resolved"),
    "sent_back": gettext_lazy("Sent back"),
    "reopened": gettext_lazy("Reopened"),
    "problem_items": gettext_lazy("Problem items"),
    "verdicts": gettext_lazy("Verdicts"),
    "satisfied_verdicts": gettext_lazy("Satisfied verdicts"),
}
FIGURES = tuple(FIGURE_LABELS)
PER_PAGE = 50


@login_required
@require_GET
def bulletin_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's bulletins, newest month first, 50 a page."""
    page = Paginator(selectors.bulletins(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "grievances/bulletin_list.html", {"page": page})


@login_required
@require_GET
def bulletin_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One bulletin: its departments below a threshold, each number opening its items."""
    bulletin = selectors.bulletin_get(user=request.user, pk=pk)
    return render(
        request,
        "grievances/bulletin.html",
        {"bulletin": bulletin, "rows": selectors.bulletin_rows(bulletin), "figures": FIGURES},
    )


def xlsx_header() -> list[str]:
    return [
        _("Code"),
        _("Area"),
        _("Department"),
        _("Referred"),
        _("Accepted on time"),
        _("Resolved on time"),
        _("Due to be resolved"),
        _("Resolution on time (%)"),
        _("Sent back"),
        _("Reopened"),
        _("Problem items"),
        _("Verdicts"),
        _("Satisfied verdicts"),
        _("Satisfaction (%)"),
        _("Below the satisfaction threshold"),
        _("Below the on-time threshold"),
    ]


DATA_COLUMNS = (
    "area_code",
    "key",
    "referred",
    "accepted_on_time",
    "acceptance_due",
    "resolved_on_time",
    "resolution_due",
    "on_time_rate",
    "sent_back",
    "reopened",
    "problem_items",
    "verdicts",
    "satisfied_verdicts",
    "satisfaction",
    "below_satisfaction",
    "below_on_time",
)


def _rate(value: Decimal | None) -> Decimal | None:
    return rounded(value)


def bulletin_xlsx_bytes(bulletin: Bulletin) -> bytes:
    """The bulletin as a workbook: the first sheet for people, the second (``data``) with
    stable column names. Rates half-up to two decimals; names are text, never formulas."""
    rows = selectors.bulletin_rows(bulletin)
    return xlsx_bytes(
        title=f"{bulletin.year}-{bulletin.month:02d}",
        header=xlsx_header(),
        rows=[
            [
                r["area_code"],
                r["area_name"],
                r["key_label"],
                r["referred"],
                r["accepted_on_time"],
                r["resolved_on_time"],
                r["resolution_due"],
                _rate(r["on_time_rate"]),
                r["sent_back"],
                r["reopened"],
                r["problem_items"],
                r["verdicts"],
                r["satisfied_verdicts"],
                _rate(r["satisfaction"]),
                _("yes") if r["below_satisfaction"] else _("no"),
                _("yes") if r["below_on_time"] else _("no"),
            ]
            for r in rows
        ],
        data=(
            DATA_COLUMNS,
            [
                [
                    _rate(r[c]) if c in ("on_time_rate", "satisfaction") else r[c]
                    for c in DATA_COLUMNS
                ]
                for r in rows
            ],
        ),
    )


@login_required
@require_GET
def bulletin_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    bulletin = selectors.bulletin_get(user=request.user, pk=pk)
    return attachment(
        bulletin_xlsx_bytes(bulletin),
        content_type=XLSX_CONTENT_TYPE,
        filename=f"bulletin-{bulletin.district.code}-{bulletin.year}-{bulletin.month:02d}.xlsx",
    )


@login_required
@require_GET
def bulletin_items(
    request: AuthenticatedHttpRequest, pk: int, department: int, figure: str
) -> HttpResponse:
    """The items behind one number of a bulletin: the department's items referred in the
    month, as of the bulletin's day (grievances.departments.figures.department_items, the
    rule its count used; the items as they are now, so a later step shows on them)."""
    bulletin = selectors.bulletin_get(user=request.user, pk=pk)
    if figure not in FIGURES:
        raise Http404
    entry = selectors.bulletin_entries(bulletin).filter(department_id=department).first()
    if entry is None:
        raise Http404
    start, end = bulletin.period
    items = (
        department_items(
            selectors.grievances(user=request.user),
            start=start,
            end=end,
            as_of=bulletin.as_of,
            figure=figure,
            department=entry.department,
        )
        .select_related("community")
        .order_by("received_on", "reference")
    )
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "grievances/bulletin_items.html",
        {
            "bulletin": bulletin,
            "row": selectors.department_names(entry),
            "figure": figure,
            "figure_label": FIGURE_LABELS[figure],
            "page": page,
            "back": reverse("grievances:bulletin", args=[bulletin.pk]),
        },
    )
