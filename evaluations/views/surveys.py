"""The yearly safety surveys (群众安全感测评): the list, scoped like everything else, and
the entry page, for city-level roles only (``districts.permissions.may_enter_surveys``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from core.forms import add_service_errors
from core.pagination import pagination
from districts import selectors as district_selectors
from districts.http import AuthenticatedHttpRequest
from districts.permissions import may_enter_surveys

from .. import selectors, services
from ..filters import SurveyFilter
from ..forms import SurveyForm
from ..tables import SurveyTable


@login_required
def survey_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    survey_filter = SurveyFilter(
        request.GET, queryset=selectors.surveys(user=request.user), request=request
    )
    table = SurveyTable(survey_filter.qs.order_by("street__code", "-year"))
    RequestConfig(request, paginate=pagination(100)).configure(table)
    return render(
        request,
        "evaluations/survey_list.html",
        {"filter": survey_filter, "table": table, "can_add": may_enter_surveys(request.user)},
    )


@login_required
def survey_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_enter_surveys(request.user):
        raise PermissionDenied(
            _("Survey results rank the areas, so they are entered at city level only.")
        )
    form = SurveyForm(
        request.POST or None,
        streets=district_selectors.streets(user=request.user),
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            outcome = services.survey_save(
                street_id=d["street"].pk,
                year=d["year"],
                user=request.user,
                counts={f: d[f] for f in ("safe", "fairly_safe", "not_very_safe", "unsafe")},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            texts = {
                "created": _("Survey recorded."),
                "updated": _("Survey updated."),
                "unchanged": _("Survey unchanged."),
            }
            messages.success(request, texts[outcome])
            return redirect(reverse("evaluations:survey_list") + f"?year={d['year']}")
    return render(request, "evaluations/survey_form.html", {"form": form})
