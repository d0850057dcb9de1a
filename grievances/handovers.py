"""What waits for whom (issue 21): each hand-over of a grievance from one party to the
next, the people it waits for, and how many wait, counted from the same rule as the
list each count opens.

A hand-over is a status of the grievance list (``rules.figure_filters``): its count is
``selectors.work_counts`` and its rows ``selectors.work_rows`` over the user's scoped
items, whatever the year they were received, and its link is the grievance list filtered
by that status. The services leave a notice in the inbox at each hand-over
(``services.handovers``).

To add a hand-over: a filter in ``rules.figure_filters`` (and its label in
``filters.STATUS_CHOICES``), then a :class:`Handover` here naming who it waits for. Other
apps' hand-overs (promises, improvement plans) are sources of the dashboard's "waiting
for you" block (``dashboard.waiting``), in the same shape.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from districts.models import User
from districts.scoping import department_of, scope_of

from . import selectors

STREET, DEPARTMENT, DISTRICT, CITY = "street", "department", "district", "city"


@dataclass(frozen=True)
class Handover:
    status: str  # the grievance list's status filter (rules.figure_filters)
    label: str | Promise
    waits_for: str  # STREET, DEPARTMENT, DISTRICT or CITY


HANDOVERS = (
    Handover("proposed", _("answers proposed by a department, to confirm"), STREET),
    Handover("reopened_by_resident", _("reopened by the resident"), STREET),
    Handover("sent_back", _("answers sent back to you"), DEPARTMENT),
    Handover("reopened", _("reopened, back with you"), DEPARTMENT),
    Handover("escalated_district_open", _("escalated to your district, still open"), DISTRICT),
    Handover("problem_open", _("problem items escalated to your district, still open"), DISTRICT),
    Handover("escalated_city_open", _("escalated to the city, still open"), CITY),
)


@dataclass(frozen=True)
class Waiting:
    """One line of "waiting for you": what, how many, and the list that shows them."""

    key: str
    label: str | Promise
    count: int
    url: str


def audience(user: User) -> str:
    """Whom a user is, for the hand-overs: a department's staff, or by their scope."""
    if department_of(user) is not None:
        return DEPARTMENT
    scope = scope_of(user)
    if scope.street_id:
        return STREET
    return DISTRICT if scope.district_id else CITY


def handovers_for(user: User) -> list[Handover]:
    who = audience(user)
    return [h for h in HANDOVERS if h.waits_for == who]


def list_url(status: str) -> str:
    return reverse("grievances:list") + "?" + urlencode({"status": status})


def waiting(*, user: User, today: datetime.date) -> list[Waiting]:
    """The hand-overs waiting for ``user``, each with its count and its list (one query)."""
    handovers = handovers_for(user)
    counts = selectors.work_counts(user=user, today=today, statuses=[h.status for h in handovers])
    return [Waiting(h.status, h.label, counts[h.status], list_url(h.status)) for h in handovers]
