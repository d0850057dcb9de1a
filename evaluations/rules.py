"""The review rules of DOMAIN.md ("Quarterly review"), one set for forms, imports and models.

Each function returns ``{field: message}``; empty means the values are acceptable.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.utils.translation import gettext as _

COUNT_FIELDS = ("very_satisfied", "satisfied", "basically_satisfied", "unsatisfied")


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    end = (
        datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    ) - datetime.timedelta(days=1)
    return start, end


def meeting_errors(*, roll: int, present: int | None) -> dict[str, str]:
    """Present is at least 1 and at most the roll."""
    if present is None:
        return {}
    if present < 1:
        return {"present": _("At least one representative must be present.")}
    if present > roll:
        return {
            "present": _(
                "%(present)s present is more than the %(roll)s representatives on the roll."
            )
            % {"present": present, "roll": roll}
        }
    return {}


def tally_errors(*, present: int | None, counts: Mapping[str, int | None]) -> dict[str, str]:
    """Whole numbers >= 0 whose sum (the valid votes) is at most the number present."""
    errors = {}
    for field in COUNT_FIELDS:
        value = counts.get(field)
        if value is not None and value < 0:
            errors[field] = _("A vote count cannot be negative.")
    if errors or present is None or any(counts.get(f) is None for f in COUNT_FIELDS):
        return errors
    total = sum(counts[f] or 0 for f in COUNT_FIELDS)
    if total > present:
        errors["unsatisfied"] = _(
            "The four counts add up to %(total)s, "
            "more than the %(present)s representatives present."
        ) % {"total": total, "present": present}
    return errors
