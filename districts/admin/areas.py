"""Areas and their departments in the admin; the ranking inputs are set at city level only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from ..models import Community, Department, District, Street
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
