from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.extensions import link
from core.tables import DateColumn

from .models import Level, Meeting, Rating, Recommendation, Survey
from .selectors import rounded

if TYPE_CHECKING:
    from .selectors import ScoredRating

LEVEL_LABELS = dict(Level.choices)
LEVEL_BADGE = {
    "very_satisfied": "ok",
    "satisfied": "ok",
    "basically_satisfied": "warn",
    "unsatisfied": "danger",
}


def level_badge(level: str | None) -> str:
    if not level:
        return "—"
    return format_html('<span class="badge {}">{}</span>', LEVEL_BADGE[level], LEVEL_LABELS[level])


def _case_file_link(code: str) -> str:
    """`` <a>case file</a>`` after an official's name: their case file, where an app above
    provides it (rankings)."""
    address = link("official_case_file", code)
    if not address:
        return ""
    return format_html(' <a class="small" href="{}">{}</a>', address, _("case file"))


class MeetingTable(tables.Table):
    period = tables.Column(
        verbose_name=_("Quarter"),
        accessor="year",
        order_by=("year", "quarter"),
        linkify=lambda record: record.get_absolute_url(),
    )
    community = tables.Column(
        verbose_name=_("Community"), accessor="community__name", order_by=("community__code",)
    )
    street = tables.Column(
        verbose_name=_("Street"),
        accessor="community__street__name",
        order_by=("community__street__code",),
    )
    held_on = DateColumn(verbose_name=_("Held on"), format="Y-m-d")
    roll = tables.Column(verbose_name=_("Roll"), attrs={"td": {"class": "num"}})
    present = tables.Column(verbose_name=_("Present"), attrs={"td": {"class": "num"}})
    quorum = tables.BooleanColumn(verbose_name=_("Quorum"))
    status = tables.Column(verbose_name=_("Status"))
    rating_count = tables.Column(verbose_name=_("Officials rated"), attrs={"td": {"class": "num"}})

    class Meta:
        model = Meeting
        fields = ()
        sequence = (
            "period",
            "community",
            "street",
            "held_on",
            "roll",
            "present",
            "quorum",
            "status",
            "rating_count",
        )

    def render_period(self, record: Meeting) -> str:
        return record.period

    def value_period(self, record: Meeting) -> str:
        return record.period


class RatingTable(tables.Table):
    period = tables.Column(
        verbose_name=_("Quarter"),
        accessor="meeting__year",
        order_by=("meeting__year", "meeting__quarter"),
    )
    community = tables.Column(
        verbose_name=_("Community"),
        accessor="meeting__community__name",
        order_by=("meeting__community__code",),
    )
    official = tables.Column(
        verbose_name=_("Official"), accessor="official__name", order_by=("official__code",)
    )
    role = tables.Column(verbose_name=_("Role"))
    very_satisfied = tables.Column(attrs={"td": {"class": "num"}})
    satisfied = tables.Column(attrs={"td": {"class": "num"}})
    basically_satisfied = tables.Column(attrs={"td": {"class": "num"}})
    unsatisfied = tables.Column(attrs={"td": {"class": "num"}})
    score = tables.Column(verbose_name=_("Score"), attrs={"td": {"class": "num"}})
    counted_level = tables.Column(verbose_name=_("Level"), order_by=("counted_level",))

    class Meta:
        model = Rating
        fields = ()
        sequence = (
            "period",
            "community",
            "official",
            "role",
            "very_satisfied",
            "satisfied",
            "basically_satisfied",
            "unsatisfied",
            "score",
            "counted_level",
        )

    def render_period(self, record: Rating) -> str:
        return format_html(
            '<a href="{}">{}</a>', record.meeting.get_absolute_url(), record.meeting.period
        )

    def value_period(self, record: Rating) -> str:
        return record.meeting.period

    def render_official(self, record: Rating) -> str:
        return format_html(
            '<a href="{}">{}</a>{}',
            record.official.get_absolute_url(),
            record.official.name,
            _case_file_link(record.official.code),
        )

    def value_official(self, record: Rating) -> str:
        return record.official.name  # as the page shows it; the data sheet has the code

    def render_score(self, value: Decimal | float) -> Decimal | None:
        return rounded(value)

    # the XLSX's data sheet: codes, the year and the quarter, the score rounded half-up
    data_names = {
        "period": ("year", "quarter"),
        "community": ("community_code",),
        "official": ("official_code",),
    }

    def data_period(self, record: Rating) -> tuple[int, int]:
        return record.meeting.year, record.meeting.quarter

    def data_community(self, record: Rating) -> str:
        return record.meeting.community.code

    def data_official(self, record: Rating) -> str:
        return record.official.code

    def data_score(self, record: ScoredRating) -> Decimal | None:
        return rounded(record.score)

    def value_score(self, record: ScoredRating) -> str:
        score = rounded(record.score)
        return "" if score is None else f"{score:.2f}"

    def render_counted_level(self, value: str) -> str:
        return level_badge(value)

    def value_counted_level(self, record: ScoredRating) -> str:
        # the word in the page's language; the XLSX's data sheet keeps the key
        return str(Level(record.counted_level).label) if record.counted_level else ""


class RecommendationTable(tables.Table):
    official = tables.Column(
        verbose_name=_("Official"),
        accessor="official__name",
    )
    role = tables.Column(verbose_name=_("Role"))
    community = tables.Column(verbose_name=_("Community"), accessor="community__name")
    opened = tables.Column(
        verbose_name=_("Opened by"),
        accessor="opened_by__meeting__year",
        order_by=("opened_by__meeting__year", "opened_by__meeting__quarter"),
    )
    addressed_to = tables.Column(verbose_name=_("Addressed to"))
    sent_on = DateColumn(verbose_name=_("Sent on"), format="Y-m-d")
    state = tables.Column(verbose_name=_("State"), empty_values=(), orderable=False)

    class Meta:
        model = Recommendation
        fields = ()
        sequence = ("official", "role", "community", "opened", "addressed_to", "sent_on", "state")

    def render_official(self, record: Recommendation, value: str) -> str:
        return format_html(
            '<a href="{}">{}</a>{}',
            record.get_absolute_url(),
            value,
            _case_file_link(record.official.code),
        )

    def render_opened(self, record: Recommendation) -> str:
        return record.opened_by.meeting.period

    def value_opened(self, record: Recommendation) -> str:
        return record.opened_by.meeting.period

    def render_state(self, record: Recommendation) -> str:
        return record.state_label

    def value_state(self, record: Recommendation) -> str:
        return record.state_label


class SurveyTable(tables.Table):
    street = tables.Column(
        verbose_name=_("Street"), accessor="street__name", order_by=("street__code",)
    )
    district = tables.Column(verbose_name=_("District"), accessor="street__district__name")
    year = tables.Column(verbose_name=_("Year"))
    safe = tables.Column(attrs={"td": {"class": "num"}})
    fairly_safe = tables.Column(attrs={"td": {"class": "num"}})
    not_very_safe = tables.Column(attrs={"td": {"class": "num"}})
    unsafe = tables.Column(attrs={"td": {"class": "num"}})
    respondents = tables.Column(
        verbose_name=_("Respondents"),
        empty_values=(),
        orderable=False,
        attrs={"td": {"class": "num"}},
    )
    index = tables.Column(
        verbose_name=_("Index"),
        accessor="safety_index",
        empty_values=(),
        orderable=False,
        attrs={"td": {"class": "num"}},
    )

    class Meta:
        model = Survey
        fields = ()
        sequence = (
            "street",
            "district",
            "year",
            "safe",
            "fairly_safe",
            "not_very_safe",
            "unsafe",
            "respondents",
            "index",
        )

    def render_index(self, value: Decimal | float) -> Decimal | None:
        return rounded(value)
