"""Officials and their postings in the admin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from ..models import Official, Posting

if TYPE_CHECKING:
    pass
from .base import ScopedAdmin, ScopedChoicesMixin


class PostingInline(ScopedChoicesMixin, admin.TabularInline):
    model = Posting
    extra = 1
    fields = ("community", "role", "organisation", "start_date", "end_date")
    autocomplete_fields = ("community",)


@admin.register(Official)
class OfficialAdmin(ScopedAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    inlines = [PostingInline]


@admin.register(Posting)
class PostingAdmin(ScopedAdmin):
    list_display = ("official", "role", "community", "organisation", "start_date", "end_date")
    list_filter = ("role",)
    search_fields = ("official__code", "official__name", "community__code", "community__name")
    list_select_related = ("official", "community")
    autocomplete_fields = ("official", "community")
