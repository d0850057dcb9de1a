"""The meeting pack (dashboard/pack.py): what was raised since the last meeting and the
officials' levels, for the user's own communities only."""

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
D = datetime.date


def test_another_streets_meeting_pack_is_404(client, staff_a1, items):
    client.force_login(staff_a1)
    assert client.get(reverse("dashboard:pack", args=["DB-1-0"])).status_code == 404


def test_the_meeting_pack_lists_items_since_the_last_meeting_and_open_ones(
    client, staff_a1, city, items
):
    from evaluations import services as review_services
    from tests.factories import PostingFactory

    official = PostingFactory(community=city.a1[0]).official
    review_services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=1,
        held_on=D(2009, 2, 20),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=True,
    )
    client.force_login(staff_a1)
    response = client.get(reverse("dashboard:pack", args=["DA-1-0"]))
    assert [g.reference for g in response.context["since"]] == [
        "A1-2009-0000",
        "A1-2009-0001",
        "A1-2009-0002",
    ]
    assert response.context["officials"][0]["levels"][0].counted_level == "very_satisfied"
