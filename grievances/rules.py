"""Grievance consistency rules (DOMAIN.md, "Grievances"), one set for forms and imports,
and the filters behind every figure, one set for figures and the lists they link to."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workdays import add_working_days

from .models import Grievance, GrievancePolicy, HandBack

# Sane dates (a typo such as 0001-01-01 or 9999-12-31 is refused, not stored): no date
# before EARLIEST, none in the future but a deadline, and no deadline more than
# DEADLINE_YEARS ahead (an old open item may be referred today, with a deadline from today).
EARLIEST = datetime.date(2000, 1, 1)
DEADLINE_YEARS = 3


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def date_range_errors(d: dict[str, Any], today: datetime.date | None = None) -> dict[str, str]:
    """Each date within its sane range: from EARLIEST to today, a deadline to at most
    DEADLINE_YEARS after today."""
    today = timezone.localdate() if today is None else today
    errors: dict[str, str] = {}
    for field in ("received_on", "resolved_on", "answered_on", "deadline"):
        value = d.get(field)
        if value is None:
            continue
        if value < EARLIEST:
            errors[field] = _("Dates before %(date)s are not accepted.") % {
                "date": EARLIEST.isoformat()
            }
        elif field == "deadline" and value > years_after(today, DEADLINE_YEARS):
            errors[field] = _("A deadline more than %(years)s years ahead is not accepted.") % {
                "years": DEADLINE_YEARS
            }
        elif field != "deadline" and value > today:
            errors[field] = _("This date is in the future.")
    return errors


def consistency_errors(d: dict[str, Any], today: datetime.date | None = None) -> dict[str, str]:
    """``d`` holds received_on, disposition, department, deadline, resolved_on, answered_on."""
    errors = date_range_errors(d, today)
    received = d.get("received_on")
    disposition = d.get("disposition") or ""
    resolved = d.get("resolved_on")
    if received is None:
        return errors
    for field in ("resolved_on", "answered_on", "deadline"):
        value = d.get(field)
        if value is not None and value < received:
            errors.setdefault(
                field,
                _("This date is before the date received (%(date)s).")
                % {"date": received.isoformat()},
            )
    if disposition == "on_the_spot" and resolved != received:
        errors.setdefault(
            "resolved_on",
            _("Handled on the spot means resolved the day it was received (%(date)s).")
            % {"date": received.isoformat()},
        )
    elif disposition == "afterwards" and (resolved is None or resolved <= received):
        errors.setdefault(
            "resolved_on", _("Resolved afterwards means resolved on a date after it was received.")
        )
    elif disposition == "referred":
        if not d.get("department"):
            errors["department"] = _("A referral needs the responsible department.")
        if d.get("deadline") is None:
            errors.setdefault("deadline", _("A referral needs a deadline."))
    elif disposition == "" and resolved is not None:
        errors.setdefault(
            "disposition",
            _("A resolved item needs its disposition: on the spot, afterwards or referred."),
        )
    return errors


OPEN = Q(resolved_on__isnull=True)


class _Filters(dict[str, Q]):
    """figure_filters' rows; "due soon" reads the year's policy, so it is built only when
    asked for (a list filtered by another status makes no extra query)."""

    def __init__(self, today: datetime.date, filters: dict[str, Q]) -> None:
        super().__init__(filters)
        self.today = today

    def __missing__(self, key: str) -> Q:
        if key != "due_soon":
            raise KeyError(key)
        self[key] = Grievance.due_soon_q(self.today)
        return self[key]

    def __contains__(self, key: object) -> bool:
        return key == "due_soon" or super().__contains__(key)


def figure_filters(today: datetime.date) -> dict[str, Q]:
    """Each figure's rows. The figures count these; their links list these."""
    # total = on the spot + afterwards + referred + unaccounted, each item in exactly one;
    # referred = referred resolved + referred open (DOMAIN.md)
    referred = Q(disposition="referred", department__isnull=False, deadline__isnull=False)
    return _Filters(
        today,
        {
            "total": Q(),
            "on_the_spot": Q(disposition="on_the_spot"),
            "afterwards": Q(disposition="afterwards"),
            "referred": referred,
            "referred_resolved": referred & ~OPEN,
            "referred_open": referred & OPEN,
            "unaccounted": (OPEN & ~Q(disposition="referred"))
            | (Q(disposition="referred") & (Q(department__isnull=True) | Q(deadline__isnull=True))),
            "overdue": Grievance.overdue_q(today),
            # escalated by "today" (the figures command's --as-of looks back in time)
            "escalated_district": Q(escalated_to_district_at__date__lte=today),
            "escalated_city": Q(escalated_to_city_at__date__lte=today),
            "verdicts": Q(verdict__in=["satisfied", "basically_satisfied", "unsatisfied"]),
            "satisfied_verdicts": Q(verdict__in=["satisfied", "basically_satisfied"]),
            "resolved": Q(resolved_on__isnull=False),
            "answered": Q(answered_on__isnull=False),
            "key_disputes": Q(key_dispute=True),
            "key_disputes_resolved": Q(key_dispute=True, resolved_on__isnull=False),
            # work lists
            "open": OPEN,
            # escalated and still open: what the district (the city) has to follow up
            "escalated_district_open": OPEN & Q(escalated_to_district_at__date__lte=today),
            "escalated_city_open": OPEN & Q(escalated_to_city_at__date__lte=today),
            # a problem item (sent back 3 times, reopened twice) escalated to the district,
            # still open: what the district follows up (services.problems)
            "problem_open": OPEN & Q(problem_escalated_at__date__lte=today),
            # resolved, but the resident has not heard back yet: still on the to-do list
            "unanswered": Q(resolved_on__isnull=False, answered_on__isnull=True),
            "due_this_week": OPEN
            & Q(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=7)),
            # hand-overs (grievances.handovers): what waits for the street's staff ...
            "proposed": OPEN & Q(proposed_at__isnull=False),
            "reopened_by_resident": OPEN & Q(handed_back=HandBack.REOPENED_BY_RESIDENT),
            # ... and for the department the item is referred to
            "sent_back": OPEN & Q(handed_back=HandBack.SENT_BACK),
            "reopened": OPEN
            & Q(handed_back__in=[HandBack.REOPENED, HandBack.REOPENED_BY_RESIDENT]),
        },
    )


def deadline_days_errors(days: int | None, policy: GrievancePolicy) -> dict[str, str]:
    """A referral's deadline in working days, within the year's limits."""
    if days is None:
        return {"working_days": _("A referral needs a deadline.")}
    low, high = policy.deadline_min_days, policy.deadline_max_days
    if not low <= days <= high:
        return {
            "working_days": _(
                "Between %(low)s and %(high)s working days, as the %(year)s policy allows."
            )
            % {"low": low, "high": high, "year": policy.year}
        }
    return {}


def referral_deadline(
    *, referred_on: datetime.date, key_dispute: bool, days: int | None = None
) -> tuple[datetime.date, int]:
    """The deadline of a referral made on ``referred_on``: ``days`` working days later, or
    the year's default for the item's kind (7 ordinary, 15 key dispute). Returns the date
    and the number of working days it was counted with."""
    policy = GrievancePolicy.for_year(referred_on.year)
    if days is None:
        days = policy.default_deadline_days(key_dispute=key_dispute)
    return add_working_days(referred_on, days), days
