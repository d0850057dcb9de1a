"""Admin for the policy and a read-only view of reviews.

Meetings are entered and corrected on the meeting form (or imported), never edited here:
that way quorum, vote rules, history and recommendations always follow one path.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from core.yearly import YearlyPolicyAdminMixin
from districts.admin import RankingInputsAdmin, ReadOnlyScopedAdmin, ScopedAdmin

from . import services
from .models import Meeting, Policy, Rating, Recommendation, Survey


@admin.register(Policy)
class PolicyAdmin(YearlyPolicyAdminMixin, ScopedAdmin):
    """A change here (or a revert from the history) goes through the service: a new
    version, and a policy form opened before it is refused (core.yearly)."""

    list_display = (
        "year",
        "quorum_share",
        "very_satisfied_min",
        "satisfied_min",
        "basically_satisfied_min",
        "city_safety_minimum",
    )
    policy_save = services.policy_save


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = (
        "official",
        "role",
        "very_satisfied",
        "satisfied",
        "basically_satisfied",
        "unsatisfied",
    )
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyScopedAdmin):
    list_display = ("community", "year", "quarter", "held_on", "present", "roll", "status")
    list_filter = ("status", "year", "quarter")
    search_fields = ("community__code", "community__name")
    list_select_related = ("community",)
    inlines = [RatingInline]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyScopedAdmin):
    list_display = ("official", "role", "community", "sent_on", "outcome", "withdrawn_at")
    list_select_related = ("official", "community")


@admin.register(Survey)
class SurveyAdmin(RankingInputsAdmin):
    """City administrators correct surveys here; every change is kept in the history.
    District administrators see their district's surveys, read-only: surveys rank them."""

    list_display = ("street", "year", "safe", "fairly_safe", "not_very_safe", "unsafe")
    list_filter = ("year",)
    search_fields = ("street__code", "street__name")
    list_select_related = ("street",)
