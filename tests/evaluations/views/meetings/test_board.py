"""The meeting page's constant query count, and the quarter board of
evaluations/views/meetings.py: garbage or future quarters show the current one."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import rules
from evaluations.models import Meeting
from tests.evaluations.helpers import count_queries, edit_url, form_data, next_quarter

pytestmark = pytest.mark.django_db


# ---- constant query counts --------------------------------------------------------------


def test_the_meeting_page_makes_the_same_number_of_queries_for_long_and_short_histories(
    client, staff_a1, meetings, posted
):
    client.force_login(staff_a1)
    url = reverse("evaluations:meeting", args=[meetings["a"].pk])
    short = count_queries(client, url)
    for n in range(4):
        client.post(
            edit_url("DA-1-0", 2009, 2),
            form_data(
                posted["a"],
                present=10,
                counts=(n, 0, 0, 10 - n),
                held_on="2009-06-01",
                version=Meeting.objects.get(pk=meetings["a"].pk).version,
            ),
        )
    assert count_queries(client, url) == short


@pytest.mark.parametrize(
    "params",
    [{"year": "abc", "quarter": "９"}, {"year": str(10**12), "quarter": str(2**63)}],
)
def test_the_quarter_board_with_a_garbage_year_or_quarter_shows_the_current_one(
    client, city_official, city, params
):
    client.force_login(city_official)
    assert client.get(reverse("evaluations:board"), params).status_code == 200


def test_the_quarter_board_asked_for_a_quarter_that_has_not_started_shows_the_current_one(
    client, staff_a1, city
):
    client.force_login(staff_a1)
    year, quarter = next_quarter()
    response = client.get(reverse("evaluations:board"), {"year": year, "quarter": quarter})
    assert (response.context["year"], response.context["quarter"]) == rules.quarter_of(
        timezone.localdate()
    )


def test_the_quarter_board_of_this_quarter_links_to_no_quarter_that_has_not_started(
    client, staff_a1, city
):
    client.force_login(staff_a1)
    year, quarter = next_quarter()
    body = client.get(reverse("evaluations:board")).content.decode()
    assert f"year={year}&amp;quarter={quarter}" not in body
    assert f"/{year}/{quarter}/" not in body


def test_the_quarter_board_of_a_past_quarter_links_to_the_next(client, staff_a1, city):
    client.force_login(staff_a1)
    body = client.get(reverse("evaluations:board"), {"year": 2009, "quarter": 4}).content.decode()
    assert "year=2010&amp;quarter=1" in body
