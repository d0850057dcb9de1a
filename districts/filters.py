from __future__ import annotations

from typing import Any, TypeVar

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.forms import OnePassSelect

from .models import Community, District, Street, User
from .scoping import visible

M = TypeVar("M", bound=Model)


class CodeInput(forms.TextInput):
    input_type = "search"


class AreaChoiceFilter(django_filters.ModelChoiceFilter):
    """An area filter by code: a drop-down while the user's areas are few, a code box when
    they are many (a city official has 11,000 communities), always limited to their scope."""

    LIMIT = 300

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("widget", OnePassSelect)
        super().__init__(*args, **kwargs)

    @property
    def field(self) -> forms.ModelChoiceField[Any]:
        field = super().field
        if not getattr(field, "_sized", False):
            field._sized = True
            if field.queryset[: self.LIMIT + 1].count() > self.LIMIT:
                field.widget = CodeInput(attrs={"placeholder": str(_("code")), "size": 12})
        return field


def filter_user(request: HttpRequest | None) -> User | AnonymousUser:
    """Whose areas a filter's choices are: the request's user; nobody without a request."""
    return request.user if request is not None else AnonymousUser()


def visible_districts(request: HttpRequest | None) -> QuerySet[District]:
    return visible(filter_user(request), District.objects.all())


def visible_streets(request: HttpRequest | None) -> QuerySet[Street]:
    return visible(filter_user(request), Street.objects.all())


class SearchMixin(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def search(self, queryset: QuerySet[M], name: str, value: str) -> QuerySet[M]:
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class StreetFilter(SearchMixin):
    district = AreaChoiceFilter(queryset=visible_districts, label=_("District"))
    kind = django_filters.ChoiceFilter(choices=Street.Kind.choices, label=_("Kind"))

    class Meta:
        model = Street
        fields = ["q", "district", "kind"]


class CommunityFilter(SearchMixin):
    street = AreaChoiceFilter(queryset=visible_streets, label=_("Street"))
    kind = django_filters.ChoiceFilter(choices=Community.Kind.choices, label=_("Kind"))

    class Meta:
        model = Community
        fields = ["q", "street", "kind"]
