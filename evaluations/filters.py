from __future__ import annotations

from typing import TYPE_CHECKING

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.forms import AnyYesNoSelect
from districts.filters import AreaChoiceFilter, filter_user
from districts.models import Community, District, OfficialRole, Street
from districts.scoping import visible

from .models import Level, Meeting, RecommendationQuerySet, Survey

if TYPE_CHECKING:
    from .selectors import ScoredRating


def visible_streets(request: HttpRequest | None) -> QuerySet[Street]:
    return visible(filter_user(request), Street.objects.all())


def visible_communities(request: HttpRequest | None) -> QuerySet[Community]:
    return visible(filter_user(request), Community.objects.all())


class MeetingFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    quarter = django_filters.ChoiceFilter(
        label=_("Quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)]
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Meeting.Status.choices)
    street = AreaChoiceFilter(
        label=_("Street"), field_name="community__street", queryset=visible_streets
    )
    community = AreaChoiceFilter(label=_("Community"), queryset=visible_communities)

    class Meta:
        model = Meeting
        fields = ["year", "quarter", "status", "street", "community"]


class RatingFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), field_name="meeting__year")
    quarter = django_filters.ChoiceFilter(
        label=_("Quarter"),
        field_name="meeting__quarter",
        choices=[(q, f"Q{q}") for q in range(1, 5)],
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=OfficialRole.choices)
    level = django_filters.ChoiceFilter(
        label=_("Level"), field_name="counted_level", choices=Level.choices
    )
    counted = django_filters.BooleanFilter(
        label=_("Counted only"), method="only_counted", widget=AnyYesNoSelect
    )
    district = AreaChoiceFilter(
        label=_("District"),
        field_name="meeting__community__street__district",
        queryset=lambda r: visible(filter_user(r), District.objects.all()),
    )
    street = AreaChoiceFilter(
        label=_("Street"), field_name="meeting__community__street", queryset=visible_streets
    )
    community = AreaChoiceFilter(
        label=_("Community"), field_name="meeting__community", queryset=visible_communities
    )

    def only_counted(
        self, queryset: QuerySet[ScoredRating], name: str, value: bool | None
    ) -> QuerySet[ScoredRating]:
        """The ratings review satisfaction (R) is the mean of."""
        return queryset.filter(counts=True, votes__gt=0) if value else queryset


class RecommendationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        method="by_state",
        choices=[("open", _("open")), ("closed", _("closed")), ("withdrawn", _("withdrawn"))],
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=OfficialRole.choices)

    def by_state(
        self, queryset: RecommendationQuerySet, name: str, value: str
    ) -> RecommendationQuerySet:
        if value == "open":
            return queryset.open()
        if value == "withdrawn":
            return queryset.withdrawn()
        return queryset.closed()


class SurveyFilter(django_filters.FilterSet):
    """Filters of the safety survey list."""

    year = django_filters.NumberFilter(label=_("Year"))
    district = AreaChoiceFilter(
        label=_("District"),
        field_name="street__district",
        queryset=lambda r: visible(filter_user(r), District.objects.all()),
    )
    street = AreaChoiceFilter(label=_("Street"), queryset=visible_streets)

    class Meta:
        model = Survey
        fields = ["year", "district", "street"]
