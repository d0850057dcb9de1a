"""What waits for the signed-in person (issue 21): the "waiting for you" block of each
home, gathered from every app that hands work from one party to the next.

Each source gives, for a user and a day, its lines (grievances.handovers.Waiting: what,
how many, and the list the count opens), each counted from the same rule as that list.
A new kind of hand-over (a promise due, an improvement plan missing) is one more source
here, in the same shape; the homes need nothing else.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from districts.models import User
from evaluations.promises.plans import plans_escalated
from grievances import handovers

Source = Callable[..., list[handovers.Waiting]]


def plans_waiting(*, user: User, today: datetime.date) -> list[handovers.Waiting]:
    """District officials: the improvement plans escalated to their district and still
    missing (evaluations.promises.plans.plans_escalated), the list the count opens being
    the missing plans filtered by the same rule (one query)."""
    if handovers.audience(user) != handovers.DISTRICT:
        return []
    return [
        handovers.Waiting(
            "plans_escalated",
            _("improvement plans missing, escalated to your district"),
            plans_escalated(user=user).count(),
            reverse("evaluations:plans_missing") + "?escalated=yes",
        )
    ]


SOURCES: list[Source] = [handovers.waiting, plans_waiting]


def waiting_for(*, user: User, today: datetime.date) -> list[handovers.Waiting]:
    """Every source's lines for ``user``, in the order of SOURCES (one query a source)."""
    return [line for source in SOURCES for line in source(user=user, today=today)]
