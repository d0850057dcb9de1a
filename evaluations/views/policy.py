"""The yearly policy: listed for everyone, edited by city officials."""

from __future__ import annotations

from typing import Any

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
from districts.permissions import may_set_policy

from .. import selectors, services
from ..forms import PolicyForm
from ..models import Meeting, Policy


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
            "history": selectors.policy_history(),
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
    confirm: dict[str, object] | None = None
    if request.method == "POST" and form.is_valid():
        proposed = form.save(commit=False)
        fingerprint = services.policy_fingerprint(proposed)
        if request.POST.get("confirmed") != fingerprint:
            confirm = _consequences(year, proposed)
            if confirm is not None:
                confirm["fingerprint"] = fingerprint
    if request.method == "POST" and form.is_valid() and confirm is None:
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
        {
            "form": form,
            "year": year,
            "conflict": conflict,
            "confirm": confirm,
            "history": [e for e in selectors.policy_history() if e["year"] == year],
        },
        status=409 if conflict else 200,
    )


def _consequences(year: int, proposed: Policy) -> dict[str, object] | None:
    """Before changing the policy of a year that has submitted meetings: the meetings whose
    level would change, for the city official to confirm. ``None``: nothing to confirm (no
    submitted meeting that year, or nothing changed)."""
    current = Policy.objects.filter(year=year).first() or Policy(year=year)
    if services.same_policy(proposed, current):
        return None
    if not Meeting.objects.filter(year=year, status=Meeting.Status.SUBMITTED).exists():
        return None
    changes = list(selectors.policy_level_changes(year=year, policy=proposed))
    meetings: dict[int, dict[str, Any]] = {}
    for rating in changes:
        entry = meetings.setdefault(rating.meeting_id, {"meeting": rating.meeting, "ratings": []})
        entry["ratings"].append(rating)
    return {"meetings": list(meetings.values()), "ratings": len(changes)}
