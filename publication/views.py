"""Publishing and withdrawing, for signed-in officials (the public pages are notice.py).

Publishing takes two steps (issue 21, item 4): the form shows the preview of exactly what
the public will see, with warnings about an incomplete period (an empty one is refused),
and publishes only on the preview's confirmation, which carries the preview's digest: if
the data changed meanwhile, the new preview is shown again instead."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from districts.http import AuthenticatedHttpRequest
from districts.permissions import may_publish_quarter, may_publish_rankings, may_withdraw
from grievances import selectors as grievance_selectors

from . import notice, preview, selectors, services
from .forms import QuarterForm, YearForm
from .models import Publication


def _show(form: django_forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        add_service_errors(form, exc)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _default_forms(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    forms: dict[str, Any] = {"quarter_form": None, "year_form": None}
    if may_publish_quarter(user):
        year, quarter = preview.default_quarter(user.district, today)
        forms["quarter_form"] = QuarterForm(initial={"year": year, "quarter": quarter})
    if may_publish_rankings(user):
        forms["year_form"] = YearForm(initial={"year": preview.default_year(today)})
    return forms


def _page(
    request: AuthenticatedHttpRequest,
    quarter_form: django_forms.Form | None = None,
    year_form: django_forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    rows = list(selectors.publications(user=user)[:200])
    current_ids = set(
        selectors.current().filter(pk__in=[p.pk for p in rows]).values_list("pk", flat=True)
    )
    stale = selectors.out_of_date(p for p in rows if p.pk in current_ids)
    forms = _default_forms(request)
    return render(
        request,
        "publication/manage.html",
        {
            "quarter_form": quarter_form or forms["quarter_form"],
            "year_form": year_form or forms["year_form"],
            "publications": [
                {
                    "object": p,
                    "current": p.pk in current_ids,
                    "stale": p.pk in stale,
                    "may_publish": p.pk in stale
                    and p.kind != Publication.Kind.BULLETIN
                    and (
                        may_publish_rankings(user)
                        if p.district_id is None
                        else may_withdraw(user, district_id=p.district_id)
                    ),
                    "may_withdraw": p.pk in current_ids
                    and may_withdraw(user, district_id=p.district_id),
                }
                for p in rows
            ],
        },
        status=status,
    )


def _preview_page(
    request: AuthenticatedHttpRequest,
    shown: preview.Preview,
    *,
    changed: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """What the public will see, its warnings and the confirmation form."""
    context: dict[str, Any] = {"shown": shown, "changed": changed, "preview": True}
    if shown.kind == Publication.Kind.QUARTER:
        context["district"] = shown.snapshot["district"]
        context["streets"] = notice.quarter_streets(shown.snapshot)
    else:
        context.update(notice.rankings_context(shown.snapshot))
    return render(request, "publication/preview.html", context, status=status)


def _publish_or_preview(
    request: AuthenticatedHttpRequest, form: django_forms.Form, **subject: int
) -> HttpResponse | None:
    """Preview, or publish on confirmation; ``None`` when the form is refused."""
    quarter = "quarter" in subject
    preview_of = (
        services.publication_preview_quarter if quarter else services.publication_preview_rankings
    )
    publish = (
        services.publication_publish_quarter if quarter else services.publication_publish_rankings
    )
    try:
        if request.POST.get("confirm") != "yes":
            return _preview_page(request, preview_of(user=request.user, **subject))
        publish(user=request.user, digest=request.POST.get("digest", ""), **subject)
    except services.DataChanged as exc:
        shown = preview_of(user=request.user, **subject)
        return _preview_page(request, shown, changed=" ".join(exc.messages), status=409)
    except ValidationError as exc:
        _show(form, exc)
        return None
    if quarter:
        messages.success(request, _("The quarter's results are published."))
    else:
        messages.success(request, _("The year's rankings are published."))
    return redirect("publication:manage")


@login_required
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Without ``confirm``: the preview. With ``confirm=yes`` and the preview's
    ``digest``: the publication (or the preview again if the data changed)."""
    kind = request.POST.get("kind")
    if kind == Publication.Kind.QUARTER:
        if not may_publish_quarter(request.user):
            raise PermissionDenied
        form: django_forms.Form = QuarterForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            response = _publish_or_preview(
                request, form, year=data["year"], quarter=data["quarter"]
            )
            if response is not None:
                return response
        return _page(request, quarter_form=form, status=400)
    if kind == Publication.Kind.RANKINGS:
        if not may_publish_rankings(request.user):
            raise PermissionDenied
        form = YearForm(request.POST)
        if form.is_valid():
            response = _publish_or_preview(request, form, year=form.cleaned_data["year"])
            if response is not None:
                return response
        return _page(request, year_form=form, status=400)
    raise PermissionDenied


@login_required
@require_POST
def publish_bulletin(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Publish a district's monthly departments' bulletin from its page (which shows what
    the public will see: its departments and figures); another district's is 404."""
    bulletin = grievance_selectors.bulletin_get(user=request.user, pk=pk)
    try:
        services.publication_publish_bulletin(user=request.user, bulletin=bulletin)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The bulletin is published on the notice board."))
    return redirect("grievances:bulletin", pk=bulletin.pk)


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    publication = selectors.publication_get(user=request.user, pk=pk)
    if not may_withdraw(request.user, district_id=publication.district_id):
        raise PermissionDenied
    try:
        services.publication_withdraw(user=request.user, publication=publication)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The publication is withdrawn."))
    return redirect("publication:manage")
