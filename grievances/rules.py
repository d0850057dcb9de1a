"""Grievance consistency rules (DOMAIN.md, "Grievances"), one set for forms and imports,
and the filters behind every figure, one set for figures and the lists they link to."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Grievance


def consistency_errors(d: dict[str, Any]) -> dict[str, str]:
    """``d`` holds received_on, disposition, department, deadline, resolved_on, answered_on."""
    errors: dict[str, str] = {}
    received = d.get("received_on")
    disposition = d.get("disposition") or ""
    resolved = d.get("resolved_on")
    if received is None:
        return errors
    for field in ("resolved_on", "answered_on", "deadline"):
        value = d.get(field)
        if value is not None and value < received:
            errors[field] = _("This date is before the date received (%(date)s).") % {
                "date": received.isoformat()
            }
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


def figure_filters(today: datetime.date) -> dict[str, Q]:
    """Each figure's rows. The figures count these; their links list these."""
    return {
        "total": Q(),
        "on_the_spot": Q(disposition="on_the_spot"),
        "afterwards": Q(disposition="afterwards"),
        "referred_open": Q(disposition="referred") & OPEN,
        "unaccounted": OPEN & (Q(department__isnull=True) | Q(deadline__isnull=True)),
        "overdue": Grievance.overdue_q(today),
        "resolved": Q(resolved_on__isnull=False),
        "answered": Q(answered_on__isnull=False),
        "key_disputes": Q(key_dispute=True),
        "key_disputes_resolved": Q(key_dispute=True, resolved_on__isnull=False),
        # work lists
        "open": OPEN,
        # resolved, but the resident has not heard back yet: still on the to-do list
        "unanswered": Q(resolved_on__isnull=False, answered_on__isnull=True),
        "due_this_week": OPEN
        & Q(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=7)),
    }
