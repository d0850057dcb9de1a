"""The department's pages: its work list (its home) and its steps on an item referred to
it (accept, progress, propose the answer); and the receipt street staff print for the
resident at intake, with the one-time code for the public verdict page."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from districts.http import AuthenticatedHttpRequest
from districts.scoping import department_of

from .. import handovers, selectors, services
from ..departments import record
from ..departments.tables import COLUMNS, shown
from ..forms import AcceptForm, ProgressForm, ProposeForm
from ..models import Receipt
from .department_record import items_link
from .detail import changeable_grievance
from .steps import apply_step

SECTION_LIMIT = 200  # rows per section of the work list; the list page has the rest


@login_required
def work_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Department staff's home: items referred to them, due soon, overdue, open, done."""
    if department_of(request.user) is None:
        raise Http404
    today = timezone.localdate()
    sections = selectors.department_work(user=request.user, today=today)
    # first what came back to the department (sent back, reopened): the same rows, by
    # the same rule, as the grievance list its count links to (grievances.handovers)
    handed_back = [
        (
            w.key,
            w.label,
            list(
                selectors.work_rows(user=request.user, status=w.key, today=today).order_by(
                    "-handed_back_at", "reference"
                )[:SECTION_LIMIT]
            ),
            w.count,
        )
        for w in handovers.waiting(user=request.user, today=today)
    ]
    return render(
        request,
        "grievances/work_list.html",
        {
            "today": today,
            "department": request.user.department,
            "handed_back": handed_back,
            "record": own_record(request.user, today),
            "sections": [
                (key, label, list(rows[:SECTION_LIMIT]), rows_count)
                for key, label, rows, rows_count in sections
            ],
        },
    )


def own_record(user: Any, today: Any) -> list[tuple[str, str, str, str]]:
    """The department's own record for this year so far, each number with the link to its
    items: (figure, heading, shown, link). One query."""
    start = today.replace(month=1, day=1)
    row = record.record(user=user, area=record.Area(), start=start, end=today, as_of=today).get()
    return [
        (
            figure,
            str(heading),
            shown(figure, getattr(row, figure)),
            items_link(figure, row.pk, start=start, end=today, area={}),
        )
        for figure, heading in COLUMNS
    ]


DEPARTMENT_STEPS: dict[str, tuple[str, Any, Any]] = {
    "accept": (
        "accept_form",
        AcceptForm,
        lambda g, d, u: services.grievance_accept(grievance=g, user=u, version=d["version"]),
    ),
    "progress": (
        "progress_form",
        ProgressForm,
        lambda g, d, u: services.grievance_progress(grievance=g, text=d["text"], user=u),
    ),
    "propose": (
        "propose_form",
        ProposeForm,
        lambda g, d, u: services.grievance_propose(
            grievance=g, answer=d["answer"], user=u, version=d["version"]
        ),
    ),
}


@require_POST
@login_required
def department_step(request: AuthenticatedHttpRequest, reference: str, step: str) -> HttpResponse:
    if step not in DEPARTMENT_STEPS:
        raise Http404
    grievance = selectors.grievance_get(user=request.user, reference=reference)
    department = department_of(request.user)
    if department is None or department != grievance.department_id:
        raise PermissionDenied  # the street's staff see it, but the step is the department's
    form_name, form_class, apply = DEPARTMENT_STEPS[step]
    form = form_class(request.POST, auto_id=f"id_{step}_%s")
    return apply_step(request, grievance, form_name, form, apply)


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (segno: pure Python, no image library)."""
    return str(segno.make(url, error="m").svg_inline(scale=3, dark="#000", light="#fff"))


RECEIPTS_SESSION_KEY = "grievance_receipts"


@login_required
def receipt(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """POST: a new one-time code (any earlier one is void), then back to this page by a
    redirect. GET: the printable receipt with the code this person issued last, for as
    long as it is the item's valid code (kept in their session only: the database keeps
    a hash), else what the receipt is and a button to issue one. Reloading or printing
    again never issues a new code, so a printed receipt stays valid."""
    grievance = changeable_grievance(request, reference)
    issued: dict[str, list[str]] = request.session.get(RECEIPTS_SESSION_KEY, {})
    if request.method == "POST":
        new_code = services.receipt_issue(grievance=grievance, user=request.user)
        issued_at = Receipt.objects.get(grievance=grievance).issued_at
        # the last few only: a session is no store of codes
        kept = {k: v for k, v in issued.items() if k != grievance.reference}
        request.session[RECEIPTS_SESSION_KEY] = {
            **dict(list(kept.items())[-9:]),
            grievance.reference: [new_code, issued_at.isoformat()],
        }
        return HttpResponseRedirect(reverse("grievances:receipt", args=[grievance.reference]))
    context: dict[str, Any] = {"g": grievance}
    code, at = issued.get(grievance.reference, ["", ""])
    current = Receipt.objects.filter(grievance=grievance, used_at__isnull=True).first()
    if code and current is not None and current.issued_at.isoformat() == at:
        link = request.build_absolute_uri(
            reverse("public_verdict") + "?" + urlencode({"r": grievance.reference, "c": code})
        )
        context.update(
            code=code,
            link=link,
            public_page=request.build_absolute_uri(reverse("public_verdict")),
            qr=qr_svg(link),
        )
    return render(request, "grievances/receipt.html", context)
