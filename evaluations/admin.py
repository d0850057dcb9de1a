"""Admin for the policy and a read-only view of reviews and promises.

Meetings are entered and corrected on the meeting form (or imported), never edited here:
that way quorum, vote rules, history and recommendations always follow one path. Promises
and their progress notes likewise: made, reported done and judged on their pages or by the
``promises`` import, so the owner, due date and verdict rules hold (as grievances). The
notes are shown under their promise: they keep no history of their own, which the
admin's history pages need.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from core.yearly import YearlyPolicyAdminMixin
from districts.admin import RankingInputsAdmin, ReadOnlyScopedAdmin, ScopedAdmin
from districts.permissions import may_manage

from . import services
from .models import Meeting, Policy, Promise, PromiseNote, Rating, Recommendation, Survey


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


class PromiseNoteInline(admin.TabularInline):
    model = PromiseNote
    extra = 0
    fields = ("written_on", "text", "author")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # the promise shown is in the administrator's scope already (ScopedAdmin)
        return may_manage(request.user)


@admin.register(Promise)
class PromiseAdmin(ReadOnlyScopedAdmin):
    list_display = (
        "meeting",
        "number",
        "official",
        "department",
        "due_on",
        "done_on",
        "judged_at",
        "kept_votes",
        "not_kept_votes",
    )
    list_filter = ("meeting__year", "meeting__quarter")
    search_fields = ("meeting__community__code", "meeting__community__name", "text")
    list_select_related = (
        "meeting__community",
        "official",
        "department__street",
        "department__community",
        "judged_at__community",
    )
    inlines = [PromiseNoteInline]
