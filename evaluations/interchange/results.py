"""The ``results`` kind, export only: one row per official per meeting, with the roll,
quorum, score, level and whether it opened a recommendation (DOMAIN.md)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy

from core.interchange import Kind, yes_no
from districts.models import User

from .. import rules, selectors
from ..models import Meeting


class ResultsKind(Kind):
    """Export only: one row per official per meeting, with score, level, recommendation."""

    name = "results"
    verbose_name = gettext_lazy("Review results (export only)")
    columns = (
        "community_code",
        "year",
        "quarter",
        "official_code",
        "role",
        "roll",
        "present",
        "quorum",
        "submitted",
        "very_satisfied",
        "satisfied",
        "basically_satisfied",
        "unsatisfied",
        "score",
        "level",
        "recommendation",
    )
    takes_year = True
    importable = False

    def export_rows(
        self, *, year: int | None = None, user: User | None = None
    ) -> Iterator[dict[str, Any]]:
        qs = selectors.ratings(user=user).annotate(
            opened_recommendation=selectors.has_open_recommendation()
        )
        if year is not None:
            qs = qs.filter(meeting__year=year)
        for r in qs.order_by(
            "meeting__community__code", "meeting__year", "meeting__quarter", "official__code"
        ):
            score = selectors.rounded(r.score)
            yield {
                "community_code": r.meeting.community.code,
                "year": r.meeting.year,
                "quarter": r.meeting.quarter,
                "official_code": r.official.code,
                "role": r.role,
                "roll": r.meeting.roll,
                "present": r.meeting.present,
                "quorum": yes_no(r.quorum),
                "submitted": yes_no(r.meeting.status == Meeting.Status.SUBMITTED),
                **{f: getattr(r, f) for f in rules.COUNT_FIELDS},
                "score": "" if score is None else f"{score:.2f}",
                "level": r.counted_level or "",
                "recommendation": "yes" if r.opened_recommendation else "",
            }
