"""What a publication would show before it is made (issue 21, item 4): the snapshot the
public will see, its digest (so a confirmation publishes exactly what was previewed), the
warnings about an incomplete period, and the refusal of an empty one; and the periods the
publication page offers by default (the last complete quarter, the last year, with data).

A publication is a snapshot (DOMAIN.md, "Publication"): the preview is built by the same
code (:mod:`publication.snapshots`) and shown by the same templates as the notice board.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from districts.models import District
from evaluations.models import Meeting, Survey
from evaluations.rules import quarter_bounds, quarter_of

from . import snapshots


def as_of(year: int, quarter: int, today: datetime.date) -> datetime.date:
    """The day a quarter's overdue items are counted on: its last day (today while it
    runs), so publishing a past quarter again gives the same figures."""
    return min(today, quarter_bounds(year, quarter)[1])


def normal(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot as the database keeps it (JSON), to compare with a stored one."""
    result: dict[str, Any] = json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))
    return result


def digest(snapshot: dict[str, Any]) -> str:
    """A short fingerprint of what the public would see: the confirmation carries the
    previewed one, and a different one at confirmation means the data changed."""
    text = json.dumps(snapshot, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class Preview:
    """A subject as it would be published now."""

    kind: str
    year: int
    quarter: int | None
    snapshot: dict[str, Any]
    warnings: list[str] = field(default_factory=list)

    @property
    def digest(self) -> str:
        return digest(self.snapshot)


def quarter_preview(district: District, year: int, quarter: int, today: datetime.date) -> Preview:
    """The district's quarter as it would be published today; refused when no community
    of the district has a submitted meeting in it (nothing but "no meeting held")."""
    snapshot = normal(
        snapshots.quarter_snapshot(district, year, quarter, as_of(year, quarter, today))
    )
    communities = snapshot["communities"]
    met = [c for c in communities if c["meeting"] is not None]
    if not met:
        raise ValidationError(
            {
                "quarter": _(
                    "No community of %(district)s has a submitted review meeting in "
                    "%(year)s Q%(quarter)s: there are no results to publish."
                )
                % {"district": district.name, "year": year, "quarter": quarter}
            }
        )
    warnings = []
    end = quarter_bounds(year, quarter)[1]
    if today <= end:
        warnings.append(
            _(
                "The quarter is still under way (it ends on %(end)s): the communities that "
                "have not met yet will show “No review meeting was held.”"
            )
            % {"end": date_format(end, "Y-m-d")}
        )
    missing = len(communities) - len(met)
    if missing:
        warnings.append(
            ngettext(
                "%(missing)s of %(total)s communities has no submitted meeting in the "
                "quarter: the public will read “No review meeting was held.” there.",
                "%(missing)s of %(total)s communities have no submitted meeting in the "
                "quarter: the public will read “No review meeting was held.” there.",
                missing,
            )
            % {"missing": missing, "total": len(communities)}
        )
    drafts = Meeting.objects.filter(
        community__street__district=district,
        year=year,
        quarter=quarter,
        status=Meeting.Status.DRAFT,
    ).count()
    if drafts:
        warnings.append(
            ngettext(
                "%(count)s meeting of the quarter is a draft not yet submitted: it is "
                "not published.",
                "%(count)s meetings of the quarter are drafts not yet submitted: they are "
                "not published.",
                drafts,
            )
            % {"count": drafts}
        )
    no_quorum = sum(1 for c in met if not c["meeting"]["quorum"])
    if no_quorum:
        warnings.append(
            ngettext(
                "%(count)s meeting lacked quorum: it does not count, and no level is shown.",
                "%(count)s meetings lacked quorum: they do not count, and no level is shown.",
                no_quorum,
            )
            % {"count": no_quorum}
        )
    return Preview("quarter", year, quarter, snapshot, warnings)


def rankings_preview(year: int, today: datetime.date) -> Preview:
    """The year's rankings as they would be published; refused when no area has any
    figure (an all-dash ranking)."""
    snapshot = normal(snapshots.rankings_snapshot(year))
    districts = snapshot["districts"]
    if not any(row["composite"] is not None for row in districts):
        raise ValidationError(
            {
                "year": _(
                    "No district has any figure for %(year)s (no ratings, surveys or "
                    "grievances): there is nothing to rank."
                )
                % {"year": year}
            }
        )
    warnings = []
    if year >= today.year:
        warnings.append(
            _("The year %(year)s is not over yet: its figures will still change.") % {"year": year}
        )
    if all(row["satisfaction"] is None for row in districts):
        warnings.append(
            _("No review rating counts in %(year)s: review satisfaction is missing everywhere.")
            % {"year": year}
        )
    if all(row["safety_index"] is None for row in districts):
        warnings.append(
            _("No safety survey was recorded for %(year)s: the safety index is missing everywhere.")
            % {"year": year}
        )
    incomplete = sum(1 for row in districts if "incomplete_data" in row["flags"].split(";"))
    if incomplete:
        warnings.append(
            ngettext(
                "%(count)s of %(total)s districts has incomplete data.",
                "%(count)s of %(total)s districts have incomplete data.",
                incomplete,
            )
            % {"count": incomplete, "total": len(districts)}
        )
    return Preview("rankings", year, None, snapshot, warnings)


def previous_quarter(today: datetime.date) -> tuple[int, int]:
    year, quarter = quarter_of(today)
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def default_quarter(district: District | None, today: datetime.date) -> tuple[int, int]:
    """The last complete quarter in which a community of the district has a submitted
    meeting (the last complete quarter when none has)."""
    year, quarter = previous_quarter(today)
    if district is None:
        return year, quarter
    latest = (
        Meeting.objects.filter(
            community__street__district=district, status=Meeting.Status.SUBMITTED
        )
        .filter(Q(year__lt=year) | Q(year=year, quarter__lte=quarter))
        .order_by("-year", "-quarter")
        .values_list("year", "quarter")
        .first()
    )
    return latest or (year, quarter)


def default_year(today: datetime.date) -> int:
    """The last complete year with a submitted meeting or a survey (the last year with
    any, if only the current one has; else last year)."""
    years = {
        *Meeting.objects.filter(status=Meeting.Status.SUBMITTED, year__lte=today.year)
        .values_list("year", flat=True)
        .distinct(),
        *Survey.objects.filter(year__lte=today.year).values_list("year", flat=True).distinct(),
    }
    complete = [y for y in years if y < today.year]
    if complete:
        return max(complete)
    return max(years, default=today.year - 1)
