"""The review rules of DOMAIN.md ("Quarterly review"), one set for forms, imports and models.

Each function returns ``{field: message}``; empty means the values are acceptable.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import ROUND_CEILING, Decimal

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
    """Whole numbers >= 0 whose sum (the valid votes) is at most the number present.

    Too many votes is the error of the count that takes the running total past the
    number present (very satisfied first, as on the form), not of whichever comes last."""
    errors = {}
    for field in COUNT_FIELDS:
        value = counts.get(field)
        if value is not None and value < 0:
            errors[field] = _("A vote count cannot be negative.")
    if errors or present is None or any(counts.get(f) is None for f in COUNT_FIELDS):
        return errors
    total = sum(counts[f] or 0 for f in COUNT_FIELDS)
    if total > present:
        errors[over_count_field(present=present, counts=counts)] = _(
            "The four counts add up to %(total)s, "
            "more than the %(present)s representatives present."
        ) % {"total": total, "present": present}
    return errors


def over_count_field(*, present: int, counts: Mapping[str, int | None]) -> str:
    """The count at which the running total of the four first exceeds ``present``."""
    running = 0
    for field in COUNT_FIELDS:
        running += counts.get(field) or 0
        if running > present:
            return field
    return COUNT_FIELDS[-1]


def quarter_started(year: int, quarter: int, *, today: datetime.date) -> bool:
    """A quarter has begun on its first day (DOMAIN.md "Quarterly review", rule 7)."""
    return quarter_bounds(year, quarter)[0] <= today


def period_errors(
    *, year: int | None, quarter: int | None, held_on: datetime.date | None, today: datetime.date
) -> dict[str, str]:
    """A meeting belongs to a quarter that has begun, and is held inside it, not later
    than today (DOMAIN.md "Quarterly review", rule 7). The one home of the rule: the
    meeting form, the reviews import, the service and ``Meeting.clean`` call it."""
    errors: dict[str, str] = {}
    if year is None or quarter is None or not 1 <= quarter <= 4:
        return errors
    if not datetime.MINYEAR <= year < datetime.MAXYEAR:
        return errors  # no calendar quarter: the year's own range check reports it
    start, end = quarter_bounds(year, quarter)
    if not quarter_started(year, quarter, today=today):
        errors["quarter"] = _(
            "%(year)s Q%(quarter)s has not started yet: a meeting can be entered from %(start)s on."
        ) % {"year": year, "quarter": quarter, "start": start.isoformat()}
    if held_on is None:
        return errors
    if held_on > today:
        errors["held_on"] = _("The meeting cannot be held in the future (today is %(today)s).") % {
            "today": today.isoformat()
        }
    elif not start <= held_on <= end:
        errors["held_on"] = _(
            "A meeting of %(year)s Q%(quarter)s is held between %(start)s and %(end)s; "
            "%(day)s is outside that quarter."
        ) % {
            "year": year,
            "quarter": quarter,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "day": held_on.isoformat(),
        }
    return errors


def quorum_needed(*, roll: int, share: Decimal) -> int:
    """How many present make a quorum: ceil(roll x share), exact (DOMAIN.md rule 2)."""
    return int((Decimal(roll) * share).to_integral_value(rounding=ROUND_CEILING))
