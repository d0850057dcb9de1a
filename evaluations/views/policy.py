"""The yearly policy: listed for everyone, edited by city officials."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import StaleEdit
from core.forms import keep_for_retry
from districts.http import AuthenticatedHttpRequest
from districts.scoping import (
    may_set_policy,
)

from .. import selectors, services
from ..forms import PolicyForm
from ..models import Policy


@login_required
def policy_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = timezone.localdate().year
    saved = {p.year: p for p in Policy.objects.all()}
    years = sorted(set(saved) | {current, current + 1}, reverse=True)
    return render(
        request,
        "evaluations/policy_list.html",
        {
            "policies": [saved.get(y) or selectors.policy_for_year(y) for y in years],
            "saved_years": set(saved),
            "current_year": current,
            "can_edit": may_set_policy(request.user),
        },
    )


@login_required
def policy_edit(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    if not may_set_policy(request.user):
        raise PermissionDenied(
            _("The yearly policy belongs to the city: only city officials change it.")
        )
    if not 2000 <= year <= 2100:  # the years of every other page; the column stops at 32767
        raise Http404
    if year < timezone.localdate().year:
        messages.error(request, _("Past years keep the policy they were computed with."))
        return redirect("evaluations:policy_list")
    policy = Policy.objects.filter(year=year).first() or Policy(year=year)
    form = PolicyForm(
        request.POST or None,
        instance=policy,
        initial={"version": policy.version if policy.pk else 0},
    )
    conflict: StaleEdit | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_save(
                policy=form.save(commit=False),
                version=form.cleaned_data["version"],
                user=request.user,
            )
        except StaleEdit as exc:
            conflict = exc
            keep_for_retry(form, exc)
        else:
            messages.success(request, _("The %(year)s policy is saved.") % {"year": year})
            return redirect("evaluations:policy_list")
    return render(
        request,
        "evaluations/policy_form.html",
        {"form": form, "year": year, "conflict": conflict},
        status=409 if conflict else 200,
    )
