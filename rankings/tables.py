"""The table of a ranking."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from evaluations.selectors import rounded

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from .assessment import AreaResult


def change_html(record: AreaResult) -> SafeString:
    """The change in composite and rank since the year before: ▲ up, ▼ down."""
    delta, places = record.composite_change, record.rank_change
    if delta is None:
        return format_html('<span class="muted">{}</span>', _("new"))
    sign = "+" if delta > 0 else ""
    arrow = "▲" if places and places > 0 else ("▼" if places and places < 0 else "=")
    return format_html(
        '<span data-testid="composite-change">{}{}</span><br>'
        '<small class="rank-change" title="{}">{} {}</small>',
        sign,
        _score_text(delta),
        _("places gained in the ranking since last year"),
        arrow,
        abs(places) if places else "",
    )


def _score_text(value: Decimal | None) -> str:
    result = rounded(value)
    return "—" if result is None else f"{result:.2f}"


class RankingTable(tables.Table):
    """A ranking (list of AreaResult), sortable by any figure; each figure shows its
    sample and, where the user may drill down, links to the rows behind it."""

    rank = tables.Column(verbose_name=_("Rank"), default="—", attrs={"td": {"class": "num"}})
    main_urban_rank = tables.Column(
        verbose_name=_("Main urban rank"), default="—", attrs={"td": {"class": "num"}}
    )
    name = tables.Column(verbose_name=_("Area"), attrs={"td": {"class": "area"}})
    safety_index = tables.Column(verbose_name=_("S safety index"), attrs={"td": {"class": "num"}})
    satisfaction = tables.Column(
        verbose_name=_("R review satisfaction"), attrs={"td": {"class": "num"}}
    )
    grievance_resolution_rate = tables.Column(
        verbose_name=_("G grievance resolution"), attrs={"td": {"class": "num"}}
    )
    key_dispute_resolution_rate = tables.Column(
        verbose_name=_("K key dispute resolution"), attrs={"td": {"class": "num"}}
    )
    composite = tables.Column(verbose_name=_("Composite"), attrs={"td": {"class": "num composite"}})
    change = tables.Column(
        verbose_name=_("Since last year"),
        orderable=False,
        empty_values=(),
        attrs={"td": {"class": "num change"}},
    )
    flags = tables.Column(
        verbose_name=_("Flags"), orderable=False, empty_values=(), attrs={"td": {"class": "flags"}}
    )

    class Meta:
        attrs = {"class": "table ranking", "data-testid": "ranking"}
        row_attrs = {
            "data-code": lambda record: record.code,
            "class": lambda record: "flagged" if record.flags else "",
        }
        empty_text = _("Nothing to rank for this year.")

    def __init__(
        self,
        data: list[AreaResult],
        *,
        level: str,
        drill: Mapping[str, Mapping[str, str]],
        can_open: set[str],
        flag_text: Mapping[str, StrOrPromise],
        flag_label: Mapping[str, StrOrPromise],
        links: Mapping[str, str],
        **kwargs: Any,
    ) -> None:
        exclude = () if level == "district" else ("main_urban_rank",)
        super().__init__(data, exclude=exclude, **kwargs)
        self.drill, self.can_open, self.links = drill, can_open, links
        self.flag_text, self.flag_label = flag_text, flag_label
        self.columns["name"].column.verbose_name = (
            _("District") if level == "district" else _("Street")
        )

    def render_name(self, record: AreaResult) -> SafeString:
        if record.code in self.can_open:
            return format_html(
                '<a href="{}" data-testid="drill-{}">{}</a> <small class="code">{}</small>',
                self.links[record.code],
                record.code,
                record.name,
                record.code,
            )
        return format_html('{} <small class="code">{}</small>', record.name, record.code)

    def _figure(self, record: AreaResult, name: str, sample: StrOrPromise) -> SafeString:
        value = _score_text(getattr(record, name))
        if record.code in self.can_open:
            value = format_html('<a href="{}">{}</a>', self.drill[record.code][name], value)
        interval = record.intervals.get(name)
        extra = SafeString("")
        if interval is not None and getattr(record, name) is not None:
            extra = format_html(
                '<br><small class="interval" data-interval="{}" title="{}">{}</small>',
                name,
                _("95% Wilson score interval"),
                str(interval),
            )
        thin = SafeString("")
        if name in record.thin:  # beside the sample it is about, never on the value's line
            thin = format_html(
                ' <span class="badge thin" data-thin="{}" title="{}">{}</span>',
                name,
                self.flag_text["thin_data"],
                self.flag_label["thin_data"],
            )
        return format_html('{}{}<br><small class="sample">{}</small>{}', value, extra, sample, thin)

    def render_change(self, record: AreaResult) -> SafeString:
        return change_html(record)

    def render_safety_index(self, record: AreaResult, value: Decimal) -> SafeString:
        return self._figure(
            record,
            "safety_index",
            ngettext("%(n)s respondent", "%(n)s respondents", int(record.respondents or 0))
            % {"n": record.respondents},
        )

    def render_satisfaction(self, record: AreaResult, value: Decimal) -> SafeString:
        return self._figure(
            record,
            "satisfaction",
            ", ".join(
                (
                    ngettext("%(n)s rating", "%(n)s ratings", int(record.ratings or 0))
                    % {"n": record.ratings},
                    ngettext("%(n)s meeting", "%(n)s meetings", int(record.meetings or 0))
                    % {"n": record.meetings},
                )
            ),
        )

    def render_grievance_resolution_rate(self, record: AreaResult, value: Decimal) -> SafeString:
        return self._figure(
            record,
            "grievance_resolution_rate",
            ngettext("%(n)s grievance", "%(n)s grievances", int(record.grievances or 0))
            % {"n": record.grievances},
        )

    def render_key_dispute_resolution_rate(self, record: AreaResult, value: Decimal) -> SafeString:
        return self._figure(
            record,
            "key_dispute_resolution_rate",
            ngettext("%(n)s key dispute", "%(n)s key disputes", int(record.key_disputes or 0))
            % {"n": record.key_disputes},
        )

    def render_composite(self, value: Decimal) -> SafeString:
        return format_html("<strong>{}</strong>", _score_text(value))

    def render_flags(self, record: AreaResult) -> SafeString:
        return format_html_join(
            " ",
            '<span class="badge {}" title="{}" data-flag="{}">{}</span>',  # legend under the table
            (
                (
                    "warn" if f == "incomplete_data" else "danger",
                    self.flag_text[f],
                    f,
                    self.flag_label[f],
                )
                for f in record.flags
            ),
        )
