import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Community, District, Street
from .scoping import visible


def _user(request):  # type: ignore[no-untyped-def]
    return request.user if request is not None else None


def visible_districts(request):  # type: ignore[no-untyped-def]
    return visible(_user(request), District.objects.all())


def visible_streets(request):  # type: ignore[no-untyped-def]
    return visible(_user(request), Street.objects.all())


class SearchMixin(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def search(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class StreetFilter(SearchMixin):
    district = django_filters.ModelChoiceFilter(queryset=visible_districts, label=_("District"))
    kind = django_filters.ChoiceFilter(choices=Street.Kind.choices, label=_("Kind"))

    class Meta:
        model = Street
        fields = ["q", "district", "kind"]


class CommunityFilter(SearchMixin):
    street = django_filters.ModelChoiceFilter(queryset=visible_streets, label=_("Street"))
    kind = django_filters.ChoiceFilter(choices=Community.Kind.choices, label=_("Kind"))

    class Meta:
        model = Community
        fields = ["q", "street", "kind"]
