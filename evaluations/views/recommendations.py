"""A replacement recommendation's page and its steps: sent, then an outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.concurrency import StaleEdit
from core.forms import add_service_errors, keep_for_retry
from districts.http import AuthenticatedHttpRequest
from districts.models import Community, Posting
from districts.scoping import changeable, manageable

from .. import selectors, services
from ..forms import RecommendationOutcomeForm, RecommendationSendForm
from ..models import Recommendation


def _successor_posting(request: HttpRequest, recommendation: Recommendation) -> dict[str, str]:
    """After a "replaced" outcome, for whoever may manage postings in the community's
    area (districts.scoping.manageable): the links that post the successor (the admin's
    new posting, filled in) and end the replaced official's posting."""
    if recommendation.withdrawn_at or recommendation.outcome != Recommendation.Outcome.REPLACED:
        return {}
    if not manageable(request.user, Community.objects.filter(pk=recommendation.community_id)):
        return {}
    postings = manageable(request.user, Posting.objects.all()).filter(
        community_id=recommendation.community_id, role=recommendation.role
    )
    start = recommendation.outcome_on or timezone.localdate()
    query = urlencode(
        {
            "community": recommendation.community_id,
            "role": recommendation.role,
            "organisation": recommendation.addressed_to,
            "start_date": start.isoformat(),
        }
    )
    links = {"add": f"{reverse('admin:districts_posting_add')}?{query}"}
    current = (
        postings.filter(official_id=recommendation.official_id, end_date__isnull=True)
        .order_by("-start_date")
        .first()
    )
    if current is not None:
        links["end"] = reverse("admin:districts_posting_change", args=[current.pk])
    return links


def _recommendation_page(
    request: HttpRequest,
    recommendation: Recommendation,
    *,
    can_edit: bool,
    bound: forms.Form | None = None,
    conflict: StaleEdit | None = None,
    status: int = 200,
) -> HttpResponse:
    """The recommendation's page; ``bound`` is a step form that came back with errors or
    refused as stale (``conflict``): it is shown as typed even if the step has moved on."""
    context = {
        "recommendation": recommendation,
        "can_edit": can_edit,
        "conflict": conflict,
        "send_form": RecommendationSendForm(
            initial={
                "sent_on": timezone.localdate(),
                "addressed_to": recommendation.addressed_to,
                "version": recommendation.version,
            }
        ),
        "outcome_form": RecommendationOutcomeForm(
            initial={"outcome_on": timezone.localdate(), "version": recommendation.version}
        ),
        "history": recommendation.history.select_related("history_user").all(),
        "show_steps": can_edit and (recommendation.is_open or bound is not None),
        "successor": _successor_posting(request, recommendation),
    }
    if bound is not None:
        context["send_form" if isinstance(bound, RecommendationSendForm) else "outcome_form"] = (
            bound
        )
    return render(request, "evaluations/recommendation_detail.html", context, status=status)


@login_required
def recommendation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_get(user=request.user, pk=pk)
    can_edit = changeable(
        request.user, type(recommendation).objects.filter(pk=recommendation.pk)
    ).exists()
    return _recommendation_page(request, recommendation, can_edit=can_edit)


def _recommendation_step(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[forms.Form],
    apply: Callable[[Recommendation, dict[str, Any]], Recommendation],
) -> HttpResponse:
    recommendation = selectors.recommendation_get(user=request.user, pk=pk)
    if not changeable(request.user, type(recommendation).objects.filter(pk=pk)).exists():
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        try:
            apply(recommendation, form.cleaned_data)
        except StaleEdit as exc:
            keep_for_retry(form, exc)
            recommendation.refresh_from_db()
            return _recommendation_page(
                request, recommendation, can_edit=True, bound=form, conflict=exc, status=409
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("evaluations:recommendation", pk=pk)
    return _recommendation_page(request, recommendation, can_edit=True, bound=form, status=400)


@require_POST
@login_required
def recommendation_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _recommendation_step(
        request,
        pk,
        RecommendationSendForm,
        lambda r, d: services.recommendation_send(
            recommendation=r,
            sent_on=d["sent_on"],
            addressed_to=d["addressed_to"],
            user=request.user,
            version=d["version"],
        ),
    )


@require_POST
@login_required
def recommendation_outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _recommendation_step(
        request,
        pk,
        RecommendationOutcomeForm,
        lambda r, d: services.recommendation_close(
            recommendation=r,
            outcome=d["outcome"],
            outcome_on=d["outcome_on"],
            reason=d["reason"],
            user=request.user,
            version=d["version"],
        ),
    )
