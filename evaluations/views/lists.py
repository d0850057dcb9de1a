"""The filterable, exportable lists: meetings, review results, recommendations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.export_safety import SafeExportMixin
from core.pagination import pagination
from districts.http import AuthenticatedHttpRequest

from .. import selectors
from ..filters import MeetingFilter, RatingFilter, RecommendationFilter
from ..models import Recommendation
from ..tables import MeetingTable, RatingTable, RecommendationTable

if TYPE_CHECKING:
    from django_filters import FilterSet

    from ..selectors import CountedMeeting, ScoredRating


class ScopedListMixin(LoginRequiredMixin, SafeExportMixin, SingleTableMixin, FilterView):
    request: AuthenticatedHttpRequest
    table_pagination = pagination(50)

    def get_filterset_kwargs(self, filterset_class: type[FilterSet]) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["request"] = self.request
        return kwargs


class MeetingListView(ScopedListMixin):
    template_name = "evaluations/list.html"
    table_class = MeetingTable
    filterset_class = MeetingFilter
    export_name = "meetings"
    extra_context = {"title": gettext_lazy("Review meetings")}

    def get_queryset(self) -> QuerySet[CountedMeeting]:
        return selectors.meetings(user=self.request.user).order_by(
            "-year", "-quarter", "community__code"
        )


class RatingListView(ScopedListMixin):
    template_name = "evaluations/list.html"
    table_class = RatingTable
    filterset_class = RatingFilter
    export_name = "results"
    extra_context = {"title": gettext_lazy("Review results")}

    def get_queryset(self) -> QuerySet[ScoredRating]:
        return selectors.ratings(user=self.request.user).order_by(
            "-meeting__year", "-meeting__quarter", "meeting__community__code", "official__code"
        )


class RecommendationListView(ScopedListMixin):
    template_name = "evaluations/list.html"
    table_class = RecommendationTable
    filterset_class = RecommendationFilter
    export_name = "recommendations"
    extra_context = {"title": gettext_lazy("Replacement recommendations")}

    def get_queryset(self) -> QuerySet[Recommendation]:
        return selectors.recommendations(user=self.request.user).order_by(
            "-opened_by__meeting__year", "-opened_by__meeting__quarter"
        )
