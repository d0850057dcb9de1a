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

from districts.models import User
from grievances import handovers

Source = Callable[..., list[handovers.Waiting]]

SOURCES: list[Source] = [handovers.waiting]


def waiting_for(*, user: User, today: datetime.date) -> list[handovers.Waiting]:
    """Every source's lines for ``user``, in the order of SOURCES (one query a source)."""
    return [line for source in SOURCES for line in source(user=user, today=today)]
