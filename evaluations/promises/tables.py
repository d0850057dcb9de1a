"""The promise list and the missing improvement plans, as tables (CSV/XLSX clean)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import DateColumn

from ..models import Promise, PromiseState

STATE_LABELS = dict(PromiseState.choices)
STATE_BADGE = {"pending": "", "overdue": "danger", "kept": "ok", "not_kept": "warn"}


def owner_name(promise: Promise) -> str:
    if promise.official_id:
        return promise.official.name if promise.official else ""
    return str(promise.department.get_key_display()) if promise.department else ""


class PromiseTable(tables.Table):
    promise = tables.Column(verbose_name=_("Promise"), empty_values=(), orderable=False)
    community = tables.Column(verbose_name=_("Community"), accessor="meeting__community__name")
    owner = tables.Column(verbose_name=_("Owner"), empty_values=(), orderable=False)
    text = tables.Column(verbose_name=_("What will be done"), orderable=False)
    due_on = DateColumn(verbose_name=_("Due on"), format="Y-m-d")
    done_on = DateColumn(verbose_name=_("Reported done on"), format="Y-m-d")
    state = tables.Column(verbose_name=_("State"))

    class Meta:
        model = Promise
        fields = ()
        sequence = ("promise", "community", "owner", "text", "due_on", "done_on", "state")

    def render_promise(self, record: Promise) -> str:
        return format_html(
            '<a href="{}">{} #{}</a>',
            record.get_absolute_url(),
            record.meeting.period,
            record.number,
        )

    def value_promise(self, record: Promise) -> str:
        return f"{record.meeting.period} #{record.number}"

    def render_owner(self, record: Promise) -> str:
        return owner_name(record)

    def render_state(self, value: str) -> str:
        return format_html(
            '<span class="badge {}">{}</span>', STATE_BADGE.get(value, ""), STATE_LABELS[value]
        )

    def value_state(self, value: str) -> str:
        return str(STATE_LABELS[value])


class PlanTable(tables.Table):
    meeting = tables.Column(
        verbose_name=_("Meeting"),
        accessor="meeting__community__name",
        order_by=("meeting__community__code", "meeting__year", "meeting__quarter"),
    )
    held_on = DateColumn(verbose_name=_("Held on"), accessor="meeting__held_on", format="Y-m-d")
    official = tables.Column(verbose_name=_("Official"), accessor="official__name")
    role = tables.Column(verbose_name=_("Role"))
    escalated_at = DateColumn(verbose_name=_("Escalated to the district"), format="Y-m-d")

    class Meta:
        fields = ()
        sequence = ("meeting", "held_on", "official", "role", "escalated_at")

    def render_meeting(self, record: Any) -> str:
        return format_html(
            '<a href="{}">{} · {}</a>',
            reverse("evaluations:meeting", args=[record.meeting_id]),
            record.meeting.community.name,
            record.meeting.period,
        )

    def value_meeting(self, record: Any) -> str:
        return f"{record.meeting.community.name} {record.meeting.period}"
