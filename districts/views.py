"""Area pages: thin views over the scoped selectors."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.concurrency import StaleEdit
from core.forms import add_service_errors, keep_for_retry
from core.pagination import pagination

from . import selectors, services
from .filters import CommunityFilter, StreetFilter
from .forms import RepresentativeEndForm, RepresentativeForm
from .http import AuthenticatedHttpRequest
from .models import Community, District, Representative, Street
from .scoping import changeable, get_changeable
from .tables import CommunityTable, DistrictTable, StreetTable


class DistrictListView(LoginRequiredMixin, SingleTableMixin, TemplateView):
    request: AuthenticatedHttpRequest
    template_name = "districts/district_list.html"
    table_class = DistrictTable
    table_pagination = pagination(50)

    def get_table_data(self) -> QuerySet[District]:
        return selectors.district_list(user=self.request.user)


class StreetListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    request: AuthenticatedHttpRequest
    template_name = "districts/street_list.html"
    table_class = StreetTable
    filterset_class = StreetFilter
    table_pagination = pagination(50)

    def get_queryset(self) -> QuerySet[Street]:
        return selectors.street_list(user=self.request.user)


class CommunityListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    request: AuthenticatedHttpRequest
    template_name = "districts/community_list.html"
    table_class = CommunityTable
    filterset_class = CommunityFilter
    table_pagination = pagination(50)

    def get_queryset(self) -> QuerySet[Community]:
        return selectors.community_list(user=self.request.user)


class DistrictDetailView(LoginRequiredMixin, SingleTableMixin, TemplateView):
    request: AuthenticatedHttpRequest
    template_name = "districts/district_detail.html"
    table_class = StreetTable
    table_pagination = pagination(100)

    def get_table_data(self) -> QuerySet[Street]:
        self.district = selectors.district_get(user=self.request.user, code=self.kwargs["code"])
        return selectors.street_list(user=self.request.user, district=self.district)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["district"] = self.district
        return context


class StreetDetailView(LoginRequiredMixin, SingleTableMixin, TemplateView):
    request: AuthenticatedHttpRequest
    template_name = "districts/street_detail.html"
    table_class = CommunityTable
    table_pagination = pagination(100)

    def get_table_data(self) -> QuerySet[Community]:
        self.street = selectors.street_get(user=self.request.user, code=self.kwargs["code"])
        return selectors.community_list(user=self.request.user, street=self.street)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["street"] = self.street
        context["departments"] = selectors.department_list(
            user=self.request.user, street=self.street
        )
        return context


class CommunityDetailView(LoginRequiredMixin, TemplateView):
    request: AuthenticatedHttpRequest
    template_name = "districts/community_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        community = selectors.community_get(user=self.request.user, code=self.kwargs["code"])
        context["community"] = community
        context["departments"] = selectors.department_list(
            user=self.request.user, community=community
        )
        return context


# ---- the roster of a community's resident representatives ---------------------------


@login_required
def roster(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """A community's representatives by name: visible inside the user's scope only."""
    community = selectors.community_get(user=request.user, code=code)
    today = timezone.localdate()
    people = list(selectors.roster_list(user=request.user, community=community))
    for person in people:
        person.serving_today = person.serving_on(today)  # type: ignore[attr-defined]
    return render(
        request,
        "districts/roster.html",
        {
            "community": community,
            "people": people,
            "today": today,
            "serving": sum(1 for p in people if p.serving_on(today)),
            "can_edit": changeable(
                request.user, Community.objects.filter(pk=community.pk)
            ).exists(),
        },
    )


def _save_representative(
    request: AuthenticatedHttpRequest, form: RepresentativeForm, community: Community
) -> tuple[StaleEdit | None, bool]:
    """Save the form through the service: (the refusal of a stale save, saved)."""
    representative = form.save(commit=False)
    representative.community = community
    try:
        services.representative_save(
            representative=representative,
            user=request.user,
            version=form.cleaned_data["version"],
        )
    except StaleEdit as exc:
        keep_for_retry(form, exc)
        return exc, False
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None, False
    return None, True


@login_required
def representative_add(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    community = get_changeable(request.user, Community.objects.select_related("street"), code=code)
    form = RepresentativeForm(
        request.POST or None, initial={"version": 0, "start_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        saved = _save_representative(request, form, community)[1]
        if saved:
            messages.success(request, _("The representative is added to the roster."))
            return redirect("districts:roster", code=community.code)
    return render(
        request,
        "districts/representative_form.html",
        {"form": form, "community": community, "representative": None},
    )


@login_required
def representative_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    representative = get_changeable(
        request.user, Representative.objects.select_related("community"), pk=pk
    )
    community = representative.community
    form = RepresentativeForm(
        request.POST or None,
        instance=representative,
        initial={"version": representative.version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        conflict, saved = _save_representative(request, form, community)
        if saved:
            messages.success(request, _("The roster is saved."))
            return redirect("districts:roster", code=community.code)
    return render(
        request,
        "districts/representative_form.html",
        {
            "form": form,
            "community": community,
            "representative": Representative.objects.get(pk=pk),
            "conflict": conflict,
            "history": selectors.representative_history(representative),
        },
        status=409 if conflict else 200,
    )


@login_required
def representative_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    representative = get_changeable(
        request.user, Representative.objects.select_related("community"), pk=pk
    )
    form = RepresentativeEndForm(
        request.POST or None,
        representative=representative,
        initial={"version": representative.version, "end_date": timezone.localdate()},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_end(
                representative=representative,
                end_date=form.cleaned_data["end_date"],
                user=request.user,
                version=form.cleaned_data["version"],
            )
        except StaleEdit as exc:
            conflict = exc
            keep_for_retry(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The term is ended."))
            return redirect("districts:roster", code=representative.community.code)
    return render(
        request,
        "districts/representative_end.html",
        {"form": form, "representative": representative, "conflict": conflict},
        status=409 if conflict else 200,
    )
