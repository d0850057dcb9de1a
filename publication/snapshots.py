"""What a publication freezes: the public part of a quarter's review results, of a
year's rankings (DOMAIN.md, "Publication") and of a district's monthly departments'
bulletin (DOMAIN.md, "Departments answer for their work").

Only what the public may see goes in: officials' names, roles and levels, the number of
representatives present, area rankings and grievance counts, the promises made at each
meeting and the verdicts given at it (DOMAIN.md "Promises" rule 5: the meeting's totals of
kept / not kept, never one person's vote). Never rating vote counts, grievance summaries
or anything about residents. Decimals are kept as text with two decimals, so
the snapshot is exact JSON.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Prefetch, Subquery

from districts.models import Community, District
from evaluations.expressions import meeting_quorum
from evaluations.models import Meeting, Promise, Rating
from evaluations.rules import quarter_bounds
from evaluations.selectors import rounded, scored
from grievances.models import Bulletin, Grievance
from grievances.selectors import bulletin_rows, figures_by
from rankings import output as ranking_output
from rankings.assessment import assess

GRIEVANCE_COUNTS = (
    "total",
    "on_the_spot",
    "afterwards",
    "referred",
    "resolved",
    "answered",
    "key_disputes",
    "key_disputes_resolved",
    "overdue",
)


def _text(value: Any) -> Any:
    return f"{value:.2f}" if isinstance(value, Decimal) else value


def grievance_counts(row: dict[str, Any] | None) -> dict[str, int]:
    """The public counts of one area's figures (no rates, no rows behind them)."""
    if row is None:
        return dict.fromkeys(GRIEVANCE_COUNTS, 0)
    referred = row["total"] - row["on_the_spot"] - row["afterwards"] - row["unaccounted"]
    return {name: int(referred if name == "referred" else row[name]) for name in GRIEVANCE_COUNTS}


def _present(**values: Any) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value}


def _owner(promise: Promise) -> dict[str, str]:
    """Who owns a promise, as the public sees it: an official's name and role at the
    meeting, or a department's area and platform key (translated where shown)."""
    if promise.official_id is not None and promise.official is not None:
        return {
            "kind": "official",
            "name": promise.official.name,
            "role": getattr(promise, "role", None) or "",
        }
    department = promise.department
    assert department is not None  # one owner (promise_one_owner)
    area = department.street or department.community
    return {"kind": "department", "name": area.name if area else "", "role": department.key}


def quarter_promises(
    district: District, year: int, quarter: int
) -> tuple[dict[int, list[dict[str, Any]]], dict[int, list[dict[str, Any]]]]:
    """By meeting id: the promises made at the district's submitted meetings of the
    quarter, and the verdicts given at them (two queries)."""
    role = Rating.objects.filter(meeting=OuterRef("meeting"), official=OuterRef("official"))
    promises = Promise.objects.select_related(
        "meeting", "official", "department__street", "department__community"
    ).annotate(role=Subquery(role.values("role")[:1]))
    at = {"community__street__district": district, "year": year, "quarter": quarter}
    made: dict[int, list[dict[str, Any]]] = {}
    for p in promises.filter(
        **{f"meeting__{k}": v for k, v in at.items()}, meeting__status=Meeting.Status.SUBMITTED
    ).order_by("meeting_id", "number"):
        made.setdefault(p.meeting_id, []).append(
            {"number": p.number, "owner": _owner(p), "text": p.text, "due_on": str(p.due_on)}
        )
    verdicts: dict[int, list[dict[str, Any]]] = {}
    judged = promises.filter(
        **{f"judged_at__{k}": v for k, v in at.items()}, judged_at__status=Meeting.Status.SUBMITTED
    ).order_by("meeting__year", "meeting__quarter", "number")
    for p in judged:
        assert p.judged_at_id is not None
        verdicts.setdefault(p.judged_at_id, []).append(
            {
                "made_in": p.meeting.period,
                "number": p.number,
                "owner": _owner(p),
                "text": p.text,
                "kept": p.is_kept,
                "kept_votes": p.kept_votes,
                "not_kept_votes": p.not_kept_votes,
            }
        )
    return made, verdicts


def quarter_snapshot(
    district: District, year: int, quarter: int, today: datetime.date
) -> dict[str, Any]:
    """Every community of the district with its submitted meeting of the quarter (if any),
    its officials' levels (blank where the meeting does not count) and the counts of the
    grievances it received in the quarter."""
    ratings = scored(Rating.objects.select_related("official")).order_by("role", "official__code")
    meetings = (
        Meeting.objects.filter(year=year, quarter=quarter, status=Meeting.Status.SUBMITTED)
        .annotate(quorum=meeting_quorum())
        .prefetch_related(Prefetch("ratings", queryset=ratings, to_attr="scored_ratings"))
    )
    communities = (
        Community.objects.filter(street__district=district)
        .select_related("street")
        .prefetch_related(Prefetch("meetings", queryset=meetings, to_attr="published"))
        .order_by("street__code", "code")
    )
    start, end = quarter_bounds(year, quarter)
    received = Grievance.objects.filter(
        community__street__district=district, received_on__gte=start, received_on__lte=end
    )
    figures = {
        row["community__code"]: row for row in figures_by(received, today, level="community")
    }
    made, verdicts = quarter_promises(district, year, quarter)
    rows = []
    for community in communities:
        meeting = community.published[0] if community.published else None
        rows.append(
            {
                "code": community.code,
                "name": community.name,
                "street_code": community.street.code,
                "street_name": community.street.name,
                "meeting": None
                if meeting is None
                else {
                    "held_on": meeting.held_on.isoformat(),
                    "roll": meeting.roll,
                    "present": meeting.present,
                    "quorum": meeting.quorum,
                    "officials": [
                        {
                            "code": rating.official.code,
                            "name": rating.official.name,
                            "role": rating.role,
                            "level": rating.counted_level,
                        }
                        for rating in meeting.scored_ratings
                    ],
                    # only where there are some: a quarter without promises has the
                    # snapshot it had before they were kept (not "out of date")
                    **_present(promises=made.get(meeting.pk), verdicts=verdicts.get(meeting.pk)),
                },
                "grievances": grievance_counts(figures.get(community.code)),
            }
        )
    return {
        "district": {"code": district.code, "name": district.name},
        "year": year,
        "quarter": quarter,
        "communities": rows,
    }


def rankings_snapshot(year: int) -> dict[str, Any]:
    """The year's ranking of districts and, district by district, of their streets: the
    rows of ``manage.py rankings`` (rankings/output.py), numbers as two-decimal text."""
    districts = assess(year, "district")
    streets = assess(year, "street")
    return {
        "year": year,
        "districts": [
            {"main_urban": r.main_urban, **{k: _text(v) for k, v in row.items()}}
            for r, row in zip(districts, ranking_output.rows(districts, "district"), strict=True)
        ],
        "streets": [
            {
                "district_code": r.district_code,
                "district_name": r.district_name,
                **{k: _text(v) for k, v in row.items()},
            }
            for r, row in zip(streets, ranking_output.rows(streets, "street"), strict=True)
        ],
    }


def output_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Snapshot rows back as the rows of ``manage.py rankings`` (same keys, Decimals)."""
    out = []
    for row in rows:
        item: dict[str, Any] = {}
        for column in ranking_output.COLUMNS:
            value = row[column]
            numeric = column not in ("rank", "main_urban_rank", "code", "name", "flags")
            item[column] = Decimal(value) if numeric and value is not None else value
        out.append(item)
    return out


BULLETIN_FIGURES = (
    "referred",
    "accepted_on_time",
    "acceptance_due",
    "resolved_on_time",
    "resolution_due",
    "sent_back",
    "reopened",
    "problem_items",
    "verdicts",
    "satisfied_verdicts",
)


def bulletin_snapshot(bulletin: Bulletin) -> dict[str, Any]:
    """A district's monthly departments' bulletin as generated: its thresholds and, per
    department below one, the department's area and platform key, its counts and rates
    (two-decimal text, half-up). Departments and figures only: no item, no summary,
    nothing about residents."""
    return {
        "district": {"code": bulletin.district.code, "name": bulletin.district.name},
        "year": bulletin.year,
        "month": bulletin.month,
        "as_of": bulletin.as_of.isoformat(),
        "satisfaction_threshold": _text(bulletin.satisfaction_threshold),
        "on_time_threshold": _text(bulletin.on_time_threshold),
        "assessed": bulletin.assessed,
        "departments": [
            {
                "area_code": row["area_code"],
                "area_name": row["area_name"],
                "street_name": row["street_name"],
                "key": row["key"],
                **{name: row[name] for name in BULLETIN_FIGURES},
                "on_time_rate": _rate_text(row["on_time_rate"]),
                "satisfaction": _rate_text(row["satisfaction"]),
                "below_satisfaction": row["below_satisfaction"],
                "below_on_time": row["below_on_time"],
            }
            for row in bulletin_rows(bulletin)
        ],
    }


def _rate_text(value: Decimal | None) -> str | None:
    shown = rounded(value)
    return None if shown is None else f"{shown:.2f}"
