"""The record as a django-tables2 table: one row per department, every number a link
to the items behind it (``grievances:department_items``), rates half-up to 2 places on
the page and in the downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from evaluations.selectors import rounded

from .figures import RATES

# the record's columns: (figure, heading)
COLUMNS = (
    ("referred", _("Referred")),
    ("accepted_on_time", _("Accepted on time")),
    ("acceptance_rate", _("On-time acceptance")),
    ("resolved_on_time", _("Resolved on time")),
    ("on_time_rate", _("On-time resolution")),
    ("sent_back", _("Sent back")),
    ("reopened", _("Reopened")),
    ("satisfaction", _("Satisfaction")),
    ("problem_items", _("Problem items")),
)


def shown(figure: str, value: Any) -> str:
    """A figure as the page shows it: a rate half-up with %, — without a denominator."""
    if figure in RATES:
        return "—" if value is None else f"{rounded(value):.2f}%"
    return str(value)


class FigureColumn(tables.Column):
    """A figure, linked to its items by the table's ``items_url(figure, department)``."""

    def __init__(self, figure: str, *, verbose_name: Any) -> None:
        super().__init__(
            accessor=figure,
            verbose_name=verbose_name,
            orderable=False,
            # a phone reads each row as a card (app.css .card-rows), each number labelled
            attrs={"td": {"class": "num", "data-label": verbose_name}, "th": {"class": "num"}},
        )
        self.figure = figure

    def render(self, value: Any, record: Any, table: Any) -> str:
        return format_html(
            '<a href="{}" data-figure="{}">{}</a>',
            table.items_url(self.figure, record.pk),
            self.figure,
            shown(self.figure, value),
        )

    def value(self, value: Any) -> Any:
        if self.figure in RATES:
            return "" if value is None else f"{rounded(value):.2f}"
        return value


class DepartmentRecordTable(tables.Table):
    code = tables.Column(
        verbose_name=_("Area"), orderable=False, attrs={"td": {"class": "record-area"}}
    )
    department = tables.Column(
        verbose_name=_("Department"),
        accessor="key",
        orderable=False,
        attrs={"td": {"class": "record-department"}},
    )

    def __init__(
        self, *args: Any, items_url: Callable[[str, int | None], str], **kwargs: Any
    ) -> None:
        self.items_url = items_url
        super().__init__(*args, **kwargs)

    class Meta:
        orderable = False
        attrs = {"class": "table record card-rows", "data-testid": "department-record"}
        row_attrs = {"data-department": lambda record: record.pk}

    def render_code(self, record: Any) -> str:
        return format_html("{} <small>{}</small>", record.area_name, record.code)

    def value_code(self, record: Any) -> str:
        return str(record.code)

    def render_department(self, record: Any) -> str:
        return str(record.get_key_display())

    def value_department(self, record: Any) -> str:
        return str(record.get_key_display())


for _figure, _heading in COLUMNS:
    DepartmentRecordTable.base_columns[_figure] = FigureColumn(_figure, verbose_name=_heading)
