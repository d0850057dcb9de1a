"""The ``reviews`` kind (DOMAIN.md, interchange formats): one official's tally at one
meeting per row, imported with every meeting of the file written as a set, exported as
the submitted meetings' tallies."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.bulksql import AnyOf
from core.forms import INT_MAX
from core.interchange import (
    ImportReport,
    IsoDateField,
    Kind,
    Progress,
    Row,
    RowError,
)
from districts import selectors as district_selectors
from districts.interchange import code_field
from districts.models import Community, Official, Posting, User, in_post
from districts.scoping import manageable, visible

from .. import rules, services
from ..models import Meeting, Rating
from ..services.decide import roll_of
from .fields import count_field


class ReviewRowForm(forms.Form):
    """One official's tally at one meeting; the same rules as the meeting form."""

    community_code = code_field()
    year = forms.IntegerField(min_value=2000, max_value=2100)
    quarter = forms.IntegerField(min_value=1, max_value=4)
    held_on = IsoDateField()
    present = forms.IntegerField(min_value=1, max_value=INT_MAX)
    official_code = code_field()
    very_satisfied = count_field()
    satisfied = count_field()
    basically_satisfied = count_field()
    unsatisfied = count_field()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # read once: an import binds this one form to each row in turn (and asking for the
        # date was half the time of validating a row)
        self.today = timezone.localdate()
        self._periods: dict[tuple[Any, Any, Any], dict[str, str]] = {}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        period = (data.get("year"), data.get("quarter"), data.get("held_on"))
        if (errors := self._periods.get(period)) is None:  # a meeting's rows share it
            errors = rules.period_errors(
                year=period[0], quarter=period[1], held_on=period[2], today=self.today
            )
            if len(self._periods) < 100_000:
                self._periods[period] = errors
        for field, message in errors.items():
            self.add_error(field, message)
        counts = {f: data.get(f) for f in rules.COUNT_FIELDS}
        for field, message in rules.tally_errors(
            present=data.get("present"), counts=counts
        ).items():
            self.add_error(field, message)
        return data


PostingDates = tuple[datetime.date, datetime.date | None]
"""A posting's start and end."""


@dataclass
class _Known:
    """What a reviews file's rows are checked against, read in a few queries: the
    communities the user may manage (by code), the officials (by code), the rolls of the
    meetings already stored, the rosters' counts on the meetings' dates, the postings."""

    communities: dict[str, Community]
    officials: dict[str, int]
    rolls: dict[tuple[Any, ...], int]  # by (community code, year, quarter)
    roster_rolls: dict[tuple[int, datetime.date], int]  # by (community id, held on)
    postings: dict[tuple[int, str], list[PostingDates]]  # by (official id, community code)

    @classmethod
    def read(cls, rows: list[Row], user: User | None) -> _Known:
        community_qs = Community.objects.filter(
            AnyOf(F("code"), {r.data["community_code"] for r in rows if r.has("community_code")})
        )
        if user is not None:
            community_qs = manageable(user, community_qs)
        communities = {c.code: c for c in community_qs}
        ids = [c.pk for c in communities.values()]
        officials = dict(
            Official.objects.filter(
                AnyOf(F("code"), {r.data["official_code"] for r in rows if r.has("official_code")})
            )
            .order_by()
            .values_list("code", "pk")
        )
        rolls = {
            (m["community__code"], m["year"], m["quarter"]): m["roll"]
            for m in Meeting.objects.filter(AnyOf(F("community_id"), ids))
            .order_by()  # not the model's: no sort of a city's meetings by community code
            .values("community__code", "year", "quarter", "roll")
        }
        # where a community keeps a roster, the roll is its count serving on held_on
        roster_rolls = district_selectors.roster_rolls(
            (communities[r.data["community_code"]].pk, r.data["held_on"])
            for r in rows
            if r.has("community_code", "held_on") and r.data["community_code"] in communities
        )
        postings: dict[tuple[int, str], list[PostingDates]] = defaultdict(list)
        for official_id, code, start, end in (
            Posting.objects.filter(AnyOf(F("community_id"), ids))
            .order_by()
            .values_list("official_id", "community__code", "start_date", "end_date")
        ):
            postings[(official_id, code)].append((start, end))
        return cls(communities, officials, rolls, roster_rolls, postings)


class ReviewsKind(Kind):
    name = "reviews"
    verbose_name = gettext_lazy("Review meetings and votes")
    columns = (
        "community_code",
        "year",
        "quarter",
        "held_on",
        "present",
        "official_code",
        "very_satisfied",
        "satisfied",
        "basically_satisfied",
        "unsatisfied",
    )
    row_form = ReviewRowForm
    takes_year = True
    # The rows `make bench` imports of this kind (once the admin page's limit per request).
    # Measured by `make bench` on the 2-core machine as a city administrator: 600 rows (200
    # meetings) took 8.3-9.4 s new, 8.0-9.7 s all changed (15 s once, the machine busy).
    max_upload_rows = 600

    def check(self, rows: list[Row], *, user: User | None = None) -> list[RowError]:
        """The rules of a meeting save, for every row of the file, read in a few queries:
        codes known (and the community manageable by ``user``), one meeting's rows
        agreeing, an official once per meeting, present within the roll, the official
        posted there on the meeting's date."""
        known = _Known.read(rows, user)
        errors: list[RowError] = []
        first_of_meeting: dict[tuple[str, int, int], Row] = {}
        first_of_rating: dict[tuple[str, int, int, str], Row] = {}
        for row in rows:
            d = row.data
            community = (
                known.communities.get(d["community_code"]) if row.has("community_code") else None
            )
            if row.has("community_code") and community is None:
                errors.append(
                    RowError(
                        row.number,
                        "community_code",
                        _("unknown community %(code)s.") % {"code": d["community_code"]},
                    )
                )
            official_id = (
                known.officials.get(d["official_code"]) if row.has("official_code") else None
            )
            if row.has("official_code") and official_id is None:
                errors.append(
                    RowError(
                        row.number,
                        "official_code",
                        _("unknown official %(code)s.") % {"code": d["official_code"]},
                    )
                )
            if row.has("community_code", "year", "quarter"):
                errors += _repeated(row, first_of_meeting, first_of_rating)
            if community is not None and row.has("present"):
                errors += _roll_errors(row, community, known)
            if community is not None and official_id is not None and row.has("held_on"):
                errors += _posting_errors(row, official_id, known)
        return errors

    def apply(self, rows: list[Row], report: ImportReport, *, user: User | None = None) -> None:
        self.apply_with_progress(rows, report, user=user)

    def apply_with_progress(
        self,
        rows: list[Row],
        report: ImportReport,
        *,
        user: User | None = None,
        progress: Progress | None = None,
    ) -> None:
        """Every meeting of the file written as a set (:func:`services.meetings_save_bulk`):
        the same result as :func:`services.meeting_save` per meeting, in a few queries
        per 2,000 meetings instead of a dozen per meeting."""
        groups: dict[tuple[str, int, int], list[Row]] = defaultdict(list)
        for row in rows:
            groups[(row.data["community_code"], row.data["year"], row.data["quarter"])].append(row)
        communities = {
            code: (pk, representatives)
            for code, pk, representatives in Community.objects.filter(
                AnyOf(F("code"), {k[0] for k in groups})
            ).values_list("code", "pk", "representatives")
        }
        officials = dict(
            Official.objects.filter(
                AnyOf(F("code"), {r.data["official_code"] for r in rows})
            ).values_list("code", "pk")
        )
        rows_of_meeting = {key: len(group) for key, group in groups.items()}
        # where a community keeps a roster, the roll is its count serving on held_on
        roster_rolls = district_selectors.roster_rolls(
            (communities[code][0], group[0].data["held_on"])
            for (code, _year, _quarter), group in groups.items()
        )

        def meetings() -> Iterator[services.MeetingInput]:
            for (code, year, quarter), group in groups.items():
                first = group[0].data
                community_id, representatives = communities[code]
                yield services.MeetingInput(
                    community_id=community_id,
                    year=year,
                    quarter=quarter,
                    held_on=first["held_on"],
                    present=first["present"],
                    roll=representatives,
                    roster_roll=roster_rolls.get((community_id, first["held_on"])),
                    tallies=[
                        services.Tally(
                            officials[r.data["official_code"]],
                            *(r.data[f] for f in rules.COUNT_FIELDS),
                        )
                        for r in group
                    ],
                )

        keys = iter(groups)

        def written(meetings: int) -> None:
            if progress is not None:
                progress(sum(rows_of_meeting[next(keys)] for _ in range(meetings)))

        saved = services.meetings_save_bulk(meetings=meetings(), user=user, progress=written)
        meetings_label, ratings_label = _("meetings"), _("ratings")
        report.created[meetings_label] += saved.meetings_created
        report.updated[meetings_label] += saved.meetings_updated
        report.unchanged[meetings_label] += saved.meetings_unchanged
        report.created[ratings_label] += saved.ratings_created
        report.updated[ratings_label] += saved.ratings_updated
        report.unchanged[ratings_label] += saved.ratings_unchanged

    def export_rows(
        self, *, year: int | None = None, user: User | None = None
    ) -> Iterator[dict[str, Any]]:
        qs = Rating.objects.filter(meeting__status=Meeting.Status.SUBMITTED)
        if user is not None:
            qs = visible(user, qs)
        if year is not None:
            qs = qs.filter(meeting__year=year)
        for r in qs.select_related("meeting", "meeting__community", "official").order_by(
            "meeting__community__code", "meeting__year", "meeting__quarter", "official__code"
        ):
            yield {
                "community_code": r.meeting.community.code,
                "year": r.meeting.year,
                "quarter": r.meeting.quarter,
                "held_on": r.meeting.held_on.isoformat(),
                "present": r.meeting.present,
                "official_code": r.official.code,
                **{f: getattr(r, f) for f in rules.COUNT_FIELDS},
            }


def _repeated(
    row: Row,
    first_of_meeting: dict[tuple[str, int, int], Row],
    first_of_rating: dict[tuple[str, int, int, str], Row],
) -> list[RowError]:
    """A meeting's rows must agree on its date and number present, and rate an official
    once; the first row of each is remembered."""
    d = row.data
    key = (d["community_code"], d["year"], d["quarter"])
    first = first_of_meeting.setdefault(key, row)
    errors = [
        RowError(
            row.number,
            column,
            _("differs from row %(row)s of the same meeting (%(community)s %(year)s Q%(quarter)s).")
            % {"row": first.number, "community": key[0], "year": key[1], "quarter": key[2]},
        )
        for column in ("held_on", "present")
        if first is not row
        and row.has(column)
        and first.has(column)
        and first.data[column] != d[column]
    ]
    if row.has("official_code"):
        first = first_of_rating.setdefault((*key, d["official_code"]), row)
        if first is not row:
            errors.append(
                RowError(
                    row.number,
                    "official_code",
                    _("%(official)s is already rated at this meeting on row %(row)s.")
                    % {"official": d["official_code"], "row": first.number},
                )
            )
    return errors


def _roll_errors(row: Row, community: Community, known: _Known) -> list[RowError]:
    """Present within the roll the meeting is held with (:func:`roll_of`, as the save)."""
    d = row.data
    roll = roll_of(
        roster_roll=(
            known.roster_rolls.get((community.pk, d["held_on"])) if row.has("held_on") else None
        ),
        stored_roll=known.rolls.get((d["community_code"], d.get("year"), d.get("quarter"))),
        community_roll=community.representatives,
    )
    return [
        RowError(row.number, column, message)
        for column, message in rules.meeting_errors(roll=roll, present=d["present"]).items()
    ]


def _posting_errors(row: Row, official_id: int, known: _Known) -> list[RowError]:
    d = row.data
    day = d["held_on"]
    if any(
        in_post(start, end, day)
        for start, end in known.postings[(official_id, d["community_code"])]
    ):
        return []
    return [
        RowError(
            row.number,
            "official_code",
            _("%(official)s is not posted to %(community)s on %(date)s.")
            % {
                "official": d["official_code"],
                "community": d["community_code"],
                "date": day.isoformat(),
            },
        )
    ]
