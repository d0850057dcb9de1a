"""The item's page: its timeline, and the forms of the steps the user may take on it."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.concurrency import StaleEdit
from districts.http import AuthenticatedHttpRequest
from districts.scoping import changeable, department_of

from .. import selectors
from ..forms import (
    AcceptForm,
    AnswerForm,
    ConfirmForm,
    NoteForm,
    ProgressForm,
    ProposeForm,
    ReferForm,
    ReopenForm,
    ResolveForm,
    SendBackForm,
    VerdictForm,
)
from ..models import Grievance, GrievancePolicy


def changeable_grievance(request: AuthenticatedHttpRequest, reference: str) -> Grievance:
    grievance = selectors.grievance_get(user=request.user, reference=reference)
    if not changeable(request.user, Grievance.objects.filter(pk=grievance.pk)).exists():
        raise PermissionDenied
    return grievance


def refer_kwargs(grievance: Grievance, today: datetime.date) -> dict[str, Any]:
    return {
        "departments": selectors.departments_for(grievance),
        "policy": GrievancePolicy.for_year(today.year),
        "key_dispute": grievance.key_dispute,
        "today": today,
    }


def _forms(grievance: Grievance, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    today = timezone.localdate()
    forms = {
        "refer_form": ReferForm(
            auto_id="id_refer_%s",
            **refer_kwargs(grievance, today),
            initial={"department": grievance.department_id, "version": grievance.version},
        ),
        "resolve_form": ResolveForm(
            auto_id="id_resolve_%s", initial={"resolved_on": today, "version": grievance.version}
        ),
        "answer_form": AnswerForm(
            initial={
                "answered_on": today,
                "answer": grievance.answer,
                "version": grievance.version,
            }
        ),
        "reopen_form": ReopenForm(initial={"version": grievance.version}),
        "note_form": NoteForm(),
        "confirm_form": ConfirmForm(
            auto_id="id_confirm_%s", initial={"version": grievance.version}
        ),
        "send_back_form": SendBackForm(
            auto_id="id_send_back_%s", initial={"version": grievance.version}
        ),
        "verdict_form": VerdictForm(
            auto_id="id_verdict_%s",
            initial={"given_on": today, "version": grievance.version},
        ),
        # the department's own steps (grievances.views.department)
        "accept_form": AcceptForm(auto_id="id_accept_%s", initial={"version": grievance.version}),
        "progress_form": ProgressForm(auto_id="id_progress_%s"),
        "propose_form": ProposeForm(
            auto_id="id_propose_%s",
            # after a send-back or a reopening: the previous answer, to start from
            initial={
                "answer": grievance.proposed_answer or grievance.answer,
                "version": grievance.version,
            },
        ),
    }
    forms.update(bound or {})
    return forms


@login_required
def grievance_detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    grievance = selectors.grievance_get(user=request.user, reference=reference)
    return render_detail(request, grievance)


def render_detail(
    request: HttpRequest,
    grievance: Grievance,
    bound: dict[str, Any] | None = None,
    status: int = 200,
    conflict: StaleEdit | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "grievances/detail.html",
        {
            "g": grievance,
            "conflict": conflict,
            "timeline": grievance.follow_ups.select_related("user"),
            "can_edit": changeable(
                request.user, Grievance.objects.filter(pk=grievance.pk)
            ).exists(),
            "is_department": grievance.department_id is not None
            and department_of(request.user) == grievance.department_id,
            "overdue": grievance.is_overdue(today),
            "due_soon": Grievance.objects.filter(
                Grievance.due_soon_q(today), pk=grievance.pk
            ).exists(),
            **_forms(grievance, bound),
        },
        status=status,
    )
