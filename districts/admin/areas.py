"""Areas and their departments in the admin; the ranking inputs are set at city level only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.text import smart_split, unescape_string_literal

from ..models import Community, Department, District, Platform, Street
from ..services import platform_create

if TYPE_CHECKING:
    pass
from .base import RankingInputsAdmin, ScopedAdmin


@admin.register(District)
class DistrictAdmin(RankingInputsAdmin):
    list_display = ("code", "name", "main_urban", "safety_threshold")
    list_filter = ("main_urban",)
    search_fields = ("code", "name")
    city_only_add = True
    ranking_inputs = ("main_urban", "safety_threshold")


@admin.register(Street)
class StreetAdmin(ScopedAdmin):
    def save_model(
        self, request: HttpRequest, obj: Street, form: forms.ModelForm[Street], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            platform_create(streets=[obj])

    list_display = ("code", "name", "kind", "district")
    list_filter = ("kind", "district")
    search_fields = ("code", "name")
    list_select_related = ("district",)


@admin.register(Community)
class CommunityAdmin(ScopedAdmin):
    def save_model(
        self, request: HttpRequest, obj: Community, form: forms.ModelForm[Community], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            platform_create(communities=[obj])

    list_display = ("code", "name", "kind", "street", "representatives")
    list_filter = ("kind",)
    search_fields = ("code", "name", "street__name")
    list_select_related = ("street",)
    autocomplete_fields = ("street",)


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ("__str__", "key", "contact", "phone")
    list_filter = ("key",)
    search_fields = (
        "street__name",
        "street__code",
        "community__name",
        "community__code",
        "key",
        "contact",
    )
    list_select_related = ("street", "community")
    raw_id_fields = ("street", "community")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Department], search_term: str
    ) -> tuple[QuerySet[Department], bool]:
        """Each word matches a field above or the department's kind by its name, in the
        admin's language or in Chinese (信访 finds the petitions offices, 派出所 the police
        stations), as in the list and the autocomplete of the users' department."""
        condition = Q()
        for word in search_words(search_term):
            one = Q(key__in=platform_keys_named(word))
            for field in self.search_fields:
                one |= Q(**{f"{field}__icontains": word})
            condition &= one
        return queryset.filter(condition), False


def search_words(search_term: str) -> list[str]:
    """The words of a search, as Django's admin splits them (quoted phrases kept whole)."""
    words = []
    for bit in smart_split(search_term):
        if bit[:1] in ('"', "'") and bit[-1:] == bit[:1]:
            bit = unescape_string_literal(bit)
        if bit:
            words.append(bit)
    return words


def platform_keys_named(word: str) -> list[str]:
    """The platform keys whose name, in the current language or in Chinese, contains
    ``word`` (case-insensitive)."""
    word = word.casefold()
    found = []
    for key, label in Platform.choices:
        names = {str(label)}
        with translation.override("zh-hans"):
            names.add(str(label))
        if any(word in name.casefold() for name in names):
            found.append(key)
    return found
