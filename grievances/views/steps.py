"""The street's steps on an item from its page (refer, resolve, answer, reopen, note,
confirm or send back the department's proposal, the resident's verdict)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.concurrency import StaleEdit
from core.forms import add_service_errors, keep_for_retry
from districts.http import AuthenticatedHttpRequest

from .. import services
from ..forms import (
    AnswerForm,
    ConfirmForm,
    NoteForm,
    ReferForm,
    ReopenForm,
    ResolveForm,
    SendBackForm,
    VerdictForm,
)
from ..models import Grievance
from .detail import changeable_grievance, refer_kwargs, render_detail

STEPS = {
    "refer": (
        "refer_form",
        lambda g, d, u: services.grievance_refer(
            grievance=g,
            department=d["department"],
            working_days=d["working_days"],
            note=d["note"],
            user=u,
            version=d["version"],
        ),
    ),
    "resolve": (
        "resolve_form",
        lambda g, d, u: services.grievance_resolve(
            grievance=g, resolved_on=d["resolved_on"], note=d["note"], user=u, version=d["version"]
        ),
    ),
    "answer": (
        "answer_form",
        lambda g, d, u: services.grievance_answer(
            grievance=g,
            answer=d["answer"],
            answered_on=d["answered_on"],
            user=u,
            version=d["version"],
        ),
    ),
    "reopen": (
        "reopen_form",
        lambda g, d, u: services.grievance_reopen(
            grievance=g, reason=d["reason"], user=u, version=d["version"]
        ),
    ),
    "note": (
        "note_form",
        lambda g, d, u: services.grievance_note(grievance=g, text=d["text"], user=u),
    ),
    "confirm": (
        "confirm_form",
        lambda g, d, u: services.grievance_confirm(grievance=g, user=u, version=d["version"]),
    ),
    "send_back": (
        "send_back_form",
        lambda g, d, u: services.grievance_send_back(
            grievance=g, reason=d["reason"], user=u, version=d["version"]
        ),
    ),
    "verdict": (
        "verdict_form",
        lambda g, d, u: services.grievance_verdict(
            grievance=g,
            verdict=d["verdict"],
            given_on=d["given_on"],
            user=u,
            version=d["version"],
        ),
    ),
}
FORM_CLASSES = {
    "refer_form": ReferForm,
    "resolve_form": ResolveForm,
    "answer_form": AnswerForm,
    "reopen_form": ReopenForm,
    "note_form": NoteForm,
    "confirm_form": ConfirmForm,
    "send_back_form": SendBackForm,
    "verdict_form": VerdictForm,
}


@require_POST
@login_required
def grievance_step(request: AuthenticatedHttpRequest, reference: str, step: str) -> HttpResponse:
    if step not in STEPS:
        from django.http import Http404

        raise Http404
    grievance = changeable_grievance(request, reference)
    form_name, apply = STEPS[step]
    kwargs = refer_kwargs(grievance, timezone.localdate()) if step == "refer" else {}
    form = FORM_CLASSES[form_name](request.POST, auto_id=f"id_{step}_%s", **kwargs)
    return apply_step(request, grievance, form_name, form, apply)


def apply_step(
    request: AuthenticatedHttpRequest,
    grievance: Grievance,
    form_name: str,
    form: forms.Form,
    apply: Callable[[Grievance, dict[str, Any], Any], Any],
) -> HttpResponse:
    """One step of an item's handling from its form: saved and back to the item, or the
    item's page again with the form as typed (409 for a stale form, 400 for a refusal)."""
    if form.is_valid():
        try:
            apply(grievance, form.cleaned_data, request.user)
        except StaleEdit as exc:
            keep_for_retry(form, exc)
            grievance.refresh_from_db()
            return render_detail(request, grievance, {form_name: form}, status=409, conflict=exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
            grievance.refresh_from_db()
        else:
            messages.success(request, _("Saved."))
            return redirect(grievance)
    return render_detail(request, grievance, {form_name: form}, status=400)
