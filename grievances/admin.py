"""Grievances in the admin: a scoped, read-only view. Every change goes through the
steps on the grievance's page (or the import), so the timeline and the rules hold."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from districts.admin import ReadOnlyScopedAdmin

from .models import FollowUp, Grievance


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ("at", "user", "kind", "text")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Grievance)
class GrievanceAdmin(ReadOnlyScopedAdmin):
    list_display = (
        "reference",
        "community",
        "kind",
        "key_dispute",
        "received_on",
        "disposition",
        "deadline",
        "resolved_on",
        "answered_on",
    )
    list_filter = ("kind", "key_dispute", "disposition")
    search_fields = ("reference", "summary", "community__code", "community__name")
    list_select_related = ("community",)
    date_hierarchy = "received_on"
    inlines = [FollowUpInline]
