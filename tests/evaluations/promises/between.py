"""Promises between meetings in the uneven city: a reviewed official in DA-1-0 (street A1)
and one in DB-1-0 (street B1), a submitted 2025 Q3 meeting each, and their promises."""

import datetime

from evaluations import services
from evaluations.models import Meeting
from evaluations.promises import services as promise_services
from tests import factories

HELD = datetime.date(2025, 8, 12)  # a Tuesday


def posted(community, code, name):
    return factories.PostingFactory(
        community=community, official=factories.OfficialFactory(code=code, name=name)
    ).official


def reviewed(community, official, *, unsatisfied=False, submit=True, held_on=HELD, quarter=3):
    present = community.representatives  # everyone: quorum whatever the roll
    counts = (0, 0, 0, present) if unsatisfied else (present - 3, 2, 1, 0)
    services.meeting_save(
        community=community,
        year=held_on.year,
        quarter=quarter,
        held_on=held_on,
        present=present,
        tallies=[services.Tally(official.pk, *counts)],
        submit=submit,
    )
    return Meeting.objects.get(community=community, year=held_on.year, quarter=quarter)


def promised(meeting, *, official=None, department=None, due_on=None, text="组织夜间巡逻"):
    return promise_services.promise_make(
        meeting=meeting,
        official=official,
        department=department,
        text=text,
        due_on=due_on or datetime.date(2025, 12, 31),
    )
