from __future__ import annotations

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core.tables import DateColumn

from .models import Grievance


def row_class(record: Grievance) -> str:
    return "overdue" if record.is_overdue() else ""


class GrievanceTable(tables.Table):
    reference = tables.Column(verbose_name=_("Reference"))
    received_on = DateColumn(verbose_name=_("Received"), format="Y-m-d")
    community = tables.Column(
        verbose_name=_("Community"), accessor="community__name", order_by=("community__code",)
    )
    kind = tables.Column(verbose_name=_("Kind"))
    key_dispute = tables.BooleanColumn(verbose_name=_("Key"))
    summary = tables.Column(verbose_name=_("Summary"), attrs={"td": {"class": "summary"}})
    disposition = tables.Column(verbose_name=_("Disposition"))
    department = tables.Column(
        verbose_name=_("Department"), accessor="department__key", order_by=("department__key",)
    )
    deadline = DateColumn(verbose_name=_("Deadline"), format="Y-m-d")
    resolved_on = DateColumn(verbose_name=_("Resolved"), format="Y-m-d")
    answered_on = DateColumn(verbose_name=_("Answered"), format="Y-m-d")
    # sent back 3 times or reopened twice (selectors.with_problem): a badge beside the
    # reference on the page, a yes/no column of its own in the exports
    problem = tables.BooleanColumn(
        verbose_name=_("Problem item"), accessor="is_problem", visible=False, orderable=False
    )

    class Meta:
        model = Grievance
        fields = ()
        sequence = (
            "reference",
            "received_on",
            "community",
            "kind",
            "key_dispute",
            "summary",
            "disposition",
            "department",
            "deadline",
            "resolved_on",
            "answered_on",
            "problem",
        )
        row_attrs = {"class": row_class}
        order_by = "-received_on"

    def render_reference(self, value: str, record: Grievance) -> SafeString:
        link = format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)
        if not getattr(record, "is_problem", False):
            return link
        # the badge every list shows (its one template), rendered for the few rows that have it
        return link + SafeString(render_to_string("grievances/_problem_badge.html", {"g": record}))

    def value_reference(self, value: str) -> str:
        return value

    def render_summary(self, value: str) -> str:
        return value if len(value) <= 60 else value[:60] + "…"

    def value_summary(self, value: str) -> str:
        return value

    def render_department(self, record: Grievance) -> str:
        # no query either way: the department is selected with the grievance, or is None
        return record.department.get_key_display() if record.department is not None else "—"

    # exports for people carry the words in the page's language; the keys are on the XLSX's
    # data sheet (core.export_safety.SafeTableExport reads the columns' accessors)
    def value_department(self, record: Grievance) -> str:
        return record.department.get_key_display() if record.department is not None else ""

    def value_kind(self, record: Grievance) -> str:
        return str(record.get_kind_display())

    def value_disposition(self, record: Grievance) -> str:
        return str(record.get_disposition_display()) if record.disposition else ""
