"""Intake pages: an item recorded by street staff, or added from a review meeting's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from districts.http import AuthenticatedHttpRequest
from districts.models import Community
from districts.scoping import changeable

from .. import selectors, services
from ..forms import (
    IntakeForm,
    MeetingIntakeForm,
)


@login_required
def grievance_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    communities = changeable(request.user, Community.objects.select_related("street"))
    if not communities.exists():
        raise PermissionDenied
    form = IntakeForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            grievance = services.grievance_create(
                community=d["community"],
                source=d["source"],
                kind=d["kind"],
                key_dispute=d["key_dispute"],
                summary=d["summary"],
                received_on=d["received_on"],
                handled_on_the_spot=d["handled_on_the_spot"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Recorded as %(ref)s.") % {"ref": grievance.reference})
            return redirect(grievance)
    return render(request, "grievances/new.html", {"form": form})


@require_POST
@login_required
def meeting_intake(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add an item raised at a meeting from the meeting's own page."""
    meeting = selectors.meeting_for_intake(user=request.user, pk=pk)
    form = MeetingIntakeForm(request.POST, communities=Community.objects.none())
    if form.is_valid():
        d = form.cleaned_data
        try:
            grievance = services.grievance_create(
                community=meeting.community,
                meeting=meeting,
                kind=d["kind"],
                key_dispute=d["key_dispute"],
                summary=d["summary"],
                received_on=meeting.held_on,
                handled_on_the_spot=d["handled_on_the_spot"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Recorded as %(ref)s.") % {"ref": grievance.reference})
    if form.errors:
        messages.error(
            request,
            _("Not recorded: %(errors)s")
            % {
                "errors": "; ".join(
                    f"{form.fields[f].label}: {' '.join(map(str, e))}"
                    if f in form.fields
                    else " ".join(map(str, e))
                    for f, e in form.errors.items()
                )
            },
        )
    back = request.POST.get("next", "")
    if not (
        back.startswith("/")
        and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    ):
        back = reverse("evaluations:meeting", args=[pk])
    # a URL, never redirect()'s guess at a view name (which raised NoReverseMatch)
    return HttpResponseRedirect(back + "#grievances")
