"""A correction's consequences for recommendations (evaluations/views/meetings.py),
shown before saving and written once when confirmed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import services
from evaluations.models import Meeting, Recommendation
from tests.evaluations.helpers import edit_url, form_data

pytestmark = pytest.mark.django_db


# a correction of a submitted meeting that changes no recommendation, from the request to
# the redirect (the session, the save with its history and its recommendations' sync, the
# data version): the same for any number of meetings and officials elsewhere
QUERIES_OF_A_CORRECTION = 47


# ---- consequences for recommendations, shown before saving ------------------------------


def test_a_correction_that_would_withdraw_a_recommendation_is_shown_first_and_nothing_saved(
    client, staff_a1, meetings, posted
):
    client.force_login(staff_a1)
    data = form_data(
        posted["a"], present=10, held_on="2009-06-01", version=meetings["a"].version
    )  # 5 / 2 / 1 / 0: satisfied, the streak is gone
    response = client.post(edit_url("DA-1-0", 2009, 2), data)
    assert response.status_code == 200
    consequences = response.context["consequences"]
    assert [(c.kind, c.official, c.sent) for c in consequences] == [("withdrawn", "甲警官", False)]
    body = response.content.decode()
    assert "Nothing is saved yet. Saving this entry changes replacement recommendations" in body
    assert "甲警官" in body and "Withdrawn: its unsatisfied streak no longer stands." in body
    assert Recommendation.objects.get(community__code="DA-1-0").withdrawn_at is None
    assert meetings["a"].ratings.get().unsatisfied == 9


def test_confirming_the_consequences_shown_saves_the_correction(client, staff_a1, meetings, posted):
    client.force_login(staff_a1)
    data = form_data(posted["a"], present=10, held_on="2009-06-01", version=meetings["a"].version)
    shown = client.post(edit_url("DA-1-0", 2009, 2), data).context["consequences_key"]
    response = client.post(edit_url("DA-1-0", 2009, 2), data | {"confirm_consequences": shown})
    assert response["Location"] == meetings["a"].get_absolute_url()
    assert Recommendation.objects.get(community__code="DA-1-0").withdrawn_at is not None


def test_a_confirmation_of_other_consequences_does_not_save(client, staff_a1, meetings, posted):
    client.force_login(staff_a1)
    data = form_data(posted["a"], present=10, held_on="2009-06-01", version=meetings["a"].version)
    response = client.post(edit_url("DA-1-0", 2009, 2), data | {"confirm_consequences": "0" * 32})
    assert response.status_code == 200
    assert response.context["consequences"]
    assert Recommendation.objects.get(community__code="DA-1-0").withdrawn_at is None


def test_a_correction_changing_no_recommendation_saves_at_once(client, staff_a1, meetings, posted):
    client.force_login(staff_a1)
    data = form_data(
        posted["a"],
        present=10,
        counts=(0, 0, 0, 10),
        held_on="2009-06-01",
        version=meetings["a"].version,
    )
    response = client.post(edit_url("DA-1-0", 2009, 2), data)
    assert response["Location"] == meetings["a"].get_absolute_url()


def test_a_correction_changing_no_recommendation_is_written_once_in_a_constant_number_of_queries(
    client, staff_a1, meetings, posted
):
    client.force_login(staff_a1)
    data = form_data(
        posted["a"],
        present=10,
        counts=(0, 0, 0, 10),
        held_on="2009-06-01",
        version=meetings["a"].version,
    )
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(edit_url("DA-1-0", 2009, 2), data)
    assert response.status_code == 302
    sql = [q["sql"] for q in ctx.captured_queries]
    writes = [q for q in sql if q.startswith('UPDATE "evaluations_')]
    assert len(writes) == 2  # the meeting and its one rating, not previewed and then again
    assert len(ctx.captured_queries) == QUERIES_OF_A_CORRECTION


def test_confirming_the_consequences_shown_writes_the_correction_once(
    client, staff_a1, meetings, posted
):
    client.force_login(staff_a1)
    data = form_data(posted["a"], present=10, held_on="2009-06-01", version=meetings["a"].version)
    shown = client.post(edit_url("DA-1-0", 2009, 2), data).context["consequences_key"]
    with CaptureQueriesContext(connection) as ctx:
        client.post(edit_url("DA-1-0", 2009, 2), data | {"confirm_consequences": shown})
    sql = [q["sql"] for q in ctx.captured_queries]
    writes = [q for q in sql if q.startswith('UPDATE "evaluations_meeting"')]
    assert len(writes) == 1
    assert Recommendation.objects.get(community__code="DA-1-0").withdrawn_at is not None


def test_back_filling_a_quarter_before_a_sent_recommendation_asks_to_confirm_and_keeps_it(
    client, staff_a1, meetings, posted
):
    recommendation = Recommendation.objects.get(community__code="DA-1-0")
    services.recommendation_send(
        recommendation=recommendation,
        sent_on=datetime.date(2009, 7, 1),
        addressed_to="甲一派出所",
        user=None,
    )
    client.force_login(staff_a1)
    url = reverse("evaluations:meeting_edit", args=["DA-1-0", 2008, 4])
    data = form_data(posted["a"], present=10, counts=(0, 0, 0, 10), held_on="2008-12-01")
    response = client.post(url, data)
    assert [(c.kind, c.sent) for c in response.context["consequences"]] == [("changed", True)]
    assert "(already sent)" in response.content.decode()
    assert not Meeting.objects.filter(year=2008).exists()
    client.post(url, data | {"confirm_consequences": response.context["consequences_key"]})
    recommendation.refresh_from_db()
    assert Meeting.objects.filter(year=2008).exists()
    assert (recommendation.withdrawn_at, str(recommendation.sent_on)) == (None, "2009-07-01")
    assert "stays as sent" in recommendation.history.latest().history_change_reason
