"""Area pages: thin views over the scoped selectors."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.pagination import pagination

from . import selectors
from .filters import CommunityFilter, StreetFilter
from .http import AuthenticatedHttpRequest
from .models import Community, District, Street
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
