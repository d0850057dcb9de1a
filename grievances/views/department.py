"""The department's pages: its work list (its home) and its steps on an item referred to
it (accept, progress, propose the answer); and the receipt street staff print for the
resident at intake, with the one-time code for the public verdict page."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from districts.http import AuthenticatedHttpRequest
from districts.scoping import department_of

from .. import selectors, services
from ..forms import AcceptForm, ProgressForm, ProposeForm
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
    return render(
        request,
        "grievances/work_list.html",
        {
            "today": today,
            "department": request.user.department,
            "sections": [
                (key, label, list(rows[:SECTION_LIMIT]), rows_count)
                for key, label, rows, rows_count in sections
            ],
        },
    )


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


@login_required
def receipt(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """GET: what the receipt is and a button to print it. POST: a new one-time code (any
    earlier one is void) and the printable receipt carrying it, shown once."""
    grievance = changeable_grievance(request, reference)
    context: dict[str, Any] = {"g": grievance}
    if request.method == "POST":
        code = services.receipt_issue(grievance=grievance, user=request.user)
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
