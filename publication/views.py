"""Publishing and withdrawing, for signed-in officials (the public pages are notice.py)."""

from __future__ import annotations

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

from . import selectors, services
from .forms import QuarterForm, YearForm
from .models import Publication


def _show(form: django_forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        add_service_errors(form, exc)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _page(
    request: AuthenticatedHttpRequest,
    quarter_form: django_forms.Form | None = None,
    year_form: django_forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    can_quarter = may_publish_quarter(user)
    can_rankings = may_publish_rankings(user)
    rows = list(selectors.publications(user=user)[:200])
    current = set(
        selectors.current().filter(pk__in=[p.pk for p in rows]).values_list("pk", flat=True)
    )
    return render(
        request,
        "publication/manage.html",
        {
            "quarter_form": quarter_form
            or (QuarterForm(initial={"year": today.year}) if can_quarter else None),
            "year_form": year_form
            or (YearForm(initial={"year": today.year - 1}) if can_rankings else None),
            "publications": [
                {
                    "object": p,
                    "current": p.pk in current,
                    "may_withdraw": p.pk in current
                    and may_withdraw(user, district_id=p.district_id),
                }
                for p in rows
            ],
        },
        status=status,
    )


@login_required
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest) -> HttpResponse:
    kind = request.POST.get("kind")
    if kind == Publication.Kind.QUARTER:
        if not may_publish_quarter(request.user):
            raise PermissionDenied
        form: django_forms.Form = QuarterForm(request.POST)
        if form.is_valid():
            try:
                services.publication_publish_quarter(
                    user=request.user,
                    year=form.cleaned_data["year"],
                    quarter=form.cleaned_data["quarter"],
                )
            except ValidationError as exc:
                _show(form, exc)
            else:
                messages.success(request, _("The quarter's results are published."))
                return redirect("publication:manage")
        return _page(request, quarter_form=form, status=400)
    if kind == Publication.Kind.RANKINGS:
        if not may_publish_rankings(request.user):
            raise PermissionDenied
        form = YearForm(request.POST)
        if form.is_valid():
            try:
                services.publication_publish_rankings(
                    user=request.user, year=form.cleaned_data["year"]
                )
            except ValidationError as exc:
                _show(form, exc)
            else:
                messages.success(request, _("The year's rankings are published."))
                return redirect("publication:manage")
        return _page(request, year_form=form, status=400)
    raise PermissionDenied


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
