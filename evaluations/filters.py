import django_filters
from django.utils.translation import gettext_lazy as _

from districts.filters import AreaChoiceFilter
from districts.models import Community, District, OfficialRole, Street
from districts.scoping import visible

from .models import Level, Meeting


def visible_streets(request):  # type: ignore[no-untyped-def]
    return visible(request.user if request else None, Street.objects.all())


def visible_communities(request):  # type: ignore[no-untyped-def]
    return visible(request.user if request else None, Community.objects.all())


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
    counted = django_filters.BooleanFilter(label=_("Counted only"), method="only_counted")
    district = AreaChoiceFilter(
        label=_("District"),
        field_name="meeting__community__street__district",
        queryset=lambda r: visible(r.user if r else None, District.objects.all()),
    )
    street = AreaChoiceFilter(
        label=_("Street"), field_name="meeting__community__street", queryset=visible_streets
    )
    community = AreaChoiceFilter(
        label=_("Community"), field_name="meeting__community", queryset=visible_communities
    )

    def only_counted(self, queryset, name, value):  # type: ignore[no-untyped-def]
        """The ratings review satisfaction (R) is the mean of."""
        return queryset.filter(counts=True, votes__gt=0) if value else queryset


class RecommendationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        method="by_state",
        choices=[("open", _("open")), ("closed", _("closed")), ("withdrawn", _("withdrawn"))],
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=OfficialRole.choices)

    def by_state(self, queryset, name, value):  # type: ignore[no-untyped-def]
        if value == "open":
            return queryset.open()
        if value == "withdrawn":
            return queryset.withdrawn()
        return queryset.closed()
