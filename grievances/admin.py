"""Grievances in the admin: a scoped, read-only view. Every change goes through the
steps on the grievance's page (or the import), so the timeline and the rules hold."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from core.workdays import calendar_note
from core.yearly import YearlyPolicyAdminMixin
from districts.admin import ReadOnlyScopedAdmin, ScopedAdmin

from . import services
from .models import FollowUp, Grievance, GrievancePolicy


class CalendarNoteMixin:
    """The change list says how far the official calendar reaches (core.workdays)."""

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "subtitle": calendar_note()}
        return super().changelist_view(request, extra_context)  # type: ignore[misc]


@admin.register(GrievancePolicy)
class GrievancePolicyAdmin(YearlyPolicyAdminMixin, CalendarNoteMixin, ScopedAdmin):
    list_display = (
        "year",
        "ordinary_deadline_days",
        "key_dispute_deadline_days",
        "deadline_min_days",
        "deadline_max_days",
        "due_soon_days",
        "city_escalation_days",
        "unsatisfied_verdict_reopens",
        "department_satisfaction_threshold",
        "department_on_time_threshold",
    )

    policy_save = services.grievance_policy_save


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ("at", "user", "by_resident", "kind", "text")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Grievance)
class GrievanceAdmin(CalendarNoteMixin, ReadOnlyScopedAdmin):
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
        "escalated_to_district_at",
        "escalated_to_city_at",
        "problem_escalated_at",
    )
    list_filter = ("kind", "key_dispute", "disposition")
    search_fields = ("reference", "summary", "community__code", "community__name")
    list_select_related = ("community",)
    date_hierarchy = "received_on"
    inlines = [FollowUpInline]
