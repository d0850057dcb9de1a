"""Helpers of the review tests: two unsatisfied quarters in a row, the entry form's address
and data, a page's query count, and the quarter after this one."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations import rules, services
from evaluations.models import Meeting


def held(year, quarter):
    return datetime.date(year, 3 * quarter, 1)


def unsatisfied_twice(community, official):
    for quarter in (1, 2):
        services.meeting_save(
            community=community,
            year=2009,
            quarter=quarter,
            held_on=held(2009, quarter),
            present=community.representatives,
            tallies=[services.Tally(official.pk, 0, 0, 1, community.representatives - 1)],
            submit=True,
        )
    return Meeting.objects.get(community=community, year=2009, quarter=2)


def form_data(
    official,
    *,
    present=8,
    counts=(5, 2, 1, 0),
    action="submit",
    held_on="2009-09-10",
    version=0,
):
    """The entry form as posted; ``version`` is the meeting's when the form was opened
    (0: no meeting yet)."""
    data = {
        "held_on": held_on,
        "present": present,
        "asked": "翻墙入室盗窃",
        "promised": "组织夜间巡逻",
        "action": action,
        "version": version,
        "reason": "votes counted again",  # asked only when a submitted meeting is corrected
    }
    for field, value in zip(
        ("very_satisfied", "satisfied", "basically_satisfied", "unsatisfied"),
        counts,
        strict=True,
    ):
        data[f"{official.pk}-{field}"] = value
    return data


def next_quarter():
    year, quarter = rules.quarter_of(timezone.localdate())
    return (year, quarter + 1) if quarter < 4 else (year + 1, 1)


def edit_url(code, year=2009, quarter=3):
    return reverse("evaluations:meeting_edit", args=[code, year, quarter])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def post_confirmed(client, url, data):
    """Post the entry form; when the page lists consequences for recommendations and asks
    to confirm, confirm them (as a user pressing the button again would)."""
    response = client.post(url, data)
    context = getattr(response, "context", None)
    if response.status_code == 200 and context and context.get("consequences"):
        response = client.post(url, data | {"confirm_consequences": context["consequences_key"]})
    return response
