"""The grievance part of the yearly policy (deadlines, due soon, escalation, verdicts):
city officials only, each year's row with its history (DOMAIN.md, "Grievances")."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import workdays
from core.concurrency import StaleEdit
from core.forms import keep_for_retry
from districts.http import AuthenticatedHttpRequest
from districts.permissions import may_set_policy

from . import services
from .forms import GrievancePolicyForm
from .models import GrievancePolicy


def _calendar_note() -> dict[str, int]:
    return {"calendar_last_year": workdays.last_known_year()}


@login_required
def policy_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_set_policy(request.user):
        raise PermissionDenied
    current = timezone.localdate().year
    saved = {p.year: p for p in GrievancePolicy.objects.all()}
    years = sorted(set(saved) | {current, current + 1}, reverse=True)
    return render(
        request,
        "grievances/policy_list.html",
        {
            "policies": [saved.get(y) or GrievancePolicy(year=y) for y in years],
            "saved_years": set(saved),
            "current_year": current,
            **_calendar_note(),
        },
    )


@login_required
def policy_edit(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    if not may_set_policy(request.user):
        raise PermissionDenied
    if not 2000 <= year <= 2100:
        raise Http404
    if year < timezone.localdate().year:
        messages.error(request, _("Past years keep the policy their deadlines were set with."))
        return redirect("grievances:policy_list")
    policy = GrievancePolicy.for_year(year)
    form = GrievancePolicyForm(
        request.POST or None,
        instance=policy,
        initial={"version": policy.version if policy.pk else 0},
    )
    conflict: StaleEdit | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.grievance_policy_save(
                policy=form.save(commit=False),
                version=form.cleaned_data["version"],
                user=request.user,
            )
        except StaleEdit as exc:
            conflict = exc
            keep_for_retry(form, exc)
        else:
            messages.success(request, _("The %(year)s grievance policy is saved.") % {"year": year})
            return redirect("grievances:policy_list")
    return render(
        request,
        "grievances/policy_form.html",
        {"form": form, "year": year, "conflict": conflict, **_calendar_note()},
        status=409 if conflict else 200,
    )
