"""A community with an official posted, its meetings, and promises made at them."""

import datetime

from evaluations import services
from evaluations.models import Meeting
from evaluations.promises import services as promise_services


def held(year, quarter):
    return datetime.date(year, 3 * quarter - 1, 10)


def meeting(community, official, year, quarter, *, present=8, submit=True, held_on=None):
    services.meeting_save(
        community=community,
        year=year,
        quarter=quarter,
        held_on=held_on or held(year, quarter),
        present=present,
        tallies=[services.Tally(official.pk, present - 3, 2, 1, 0)],
        submit=submit,
    )
    return Meeting.objects.get(community=community, year=year, quarter=quarter)


def promise(at, official, *, due_on=None, text="组织夜间巡逻"):
    from evaluations.promises.rules import default_due_on

    return promise_services.promise_make(
        meeting=at,
        official=official,
        text=text,
        due_on=due_on or default_due_on(at.year, at.quarter),
    )
