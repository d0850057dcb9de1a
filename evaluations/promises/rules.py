"""DOMAIN.md "Promises": the due date's limits and the verdict, one set of rules for the
entry page, the import, the admin and the services. Each ``*_errors`` function returns
``{field: message}``; empty means the values are acceptable."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from ..rules import quarter_bounds


def _quarter_after(year: int, quarter: int, n: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + n
    return index // 4, index % 4 + 1


def default_due_on(year: int, quarter: int) -> datetime.date:
    """The last day of the quarter after the meeting's."""
    return quarter_bounds(*_quarter_after(year, quarter, 1))[1]


def latest_due_on(year: int, quarter: int) -> datetime.date:
    """The last day of the second quarter after the meeting's."""
    return quarter_bounds(*_quarter_after(year, quarter, 2))[1]


def due_errors(
    *, held_on: datetime.date, year: int, quarter: int, due_on: datetime.date | None
) -> dict[str, str]:
    """A date after the meeting, no later than :func:`latest_due_on`."""
    if due_on is None:
        return {"due_on": _("Give the date the promise is due.")}
    latest = latest_due_on(year, quarter)
    if due_on <= held_on:
        return {
            "due_on": _("The due date must come after the meeting (held on %(held_on)s).")
            % {"held_on": held_on.isoformat()}
        }
    if due_on > latest:
        return {
            "due_on": _(
                "The due date can be no later than %(latest)s, "
                "the last day of the second quarter after the meeting's."
            )
            % {"latest": latest.isoformat()}
        }
    return {}


def verdict_errors(
    *,
    made: tuple[int, int],
    judged: tuple[int, int],
    present: int,
    kept: int | None,
    not_kept: int | None,
) -> dict[str, str]:
    """The judging meeting is later than the promise's; two whole counts whose sum is at
    most that meeting's present."""
    errors: dict[str, str] = {}
    if judged <= made:
        errors["judged_at"] = _(
            "A promise is judged at a later meeting than the one it was made at."
        )
    for field, value in (("kept_votes", kept), ("not_kept_votes", not_kept)):
        if value is None:
            errors[field] = _("Enter the count (0 if nobody).")
        elif value < 0:
            errors[field] = _("A vote count cannot be negative.")
    if errors or kept is None or not_kept is None:
        return errors
    if kept + not_kept > present:
        errors["not_kept_votes"] = _(
            "Kept and not kept add up to %(total)s, more than the %(present)s "
            "representatives present."
        ) % {"total": kept + not_kept, "present": present}
    return errors


def is_kept(kept: int, not_kept: int) -> bool:
    """Kept if more representatives said kept than not kept; a tie is not kept."""
    return kept > not_kept


def done_on_errors(
    *, held_on: datetime.date, done_on: datetime.date | None, today: datetime.date
) -> dict[str, str]:
    """Reported done on a day from the meeting to today (none: not reported done)."""
    if done_on is None:
        return {}
    if done_on < held_on:
        return {"done_on": _("It cannot be done before the meeting it was promised at.")}
    if done_on > today:
        return {"done_on": _("The date cannot be in the future.")}
    return {}
