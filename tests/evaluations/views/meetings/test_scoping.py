"""The review pages of evaluations/views/meetings.py and their scoping: another street's
objects are 404, read-only roles get 403, the board lists the user's own communities."""

import pytest
from django.urls import reverse

from evaluations.models import Recommendation
from tests.evaluations.helpers import edit_url, form_data

pytestmark = pytest.mark.django_db


# ---- scoping: another street's objects are 404, read-only roles get 403 -----------------


def other_street_urls(meetings, posted):
    recommendation = Recommendation.objects.get(community__code="DB-1-0")
    return [
        reverse("evaluations:meeting", args=[meetings["b"].pk]),
        reverse("evaluations:official", args=["PB"]),
        reverse("evaluations:community", args=["DB-1-0"]),
        edit_url("DB-1-0"),
        reverse("evaluations:recommendation", args=[recommendation.pk]),
    ]


@pytest.mark.parametrize("user_fixture", ["staff_a1", "official_a"])
def test_another_streets_review_pages_are_404(client, request, user_fixture, meetings, posted):
    client.force_login(request.getfixturevalue(user_fixture))
    for url in other_street_urls(meetings, posted):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "乙警官" not in response.content.decode()


def test_a_refused_post_to_another_streets_meeting_changes_nothing(
    client, staff_a1, meetings, posted
):
    client.force_login(staff_a1)
    response = client.post(
        edit_url("DB-1-0", 2009, 2), form_data(posted["b"], present=30, counts=(30, 0, 0, 0))
    )
    assert response.status_code == 404
    assert meetings["b"].ratings.get().unsatisfied == 29


def test_a_district_official_reads_a_meeting_but_cannot_change_it(
    client, official_a, meetings, posted
):
    client.force_login(official_a)
    assert client.get(reverse("evaluations:meeting", args=[meetings["a"].pk])).status_code == 200
    response = client.post(
        edit_url("DA-1-0", 2009, 2), form_data(posted["a"], present=10, counts=(10, 0, 0, 0))
    )
    assert response.status_code == 403
    assert meetings["a"].ratings.get().unsatisfied == 9


def test_a_city_official_reads_every_meeting(client, city_official, meetings):
    client.force_login(city_official)
    for meeting in meetings.values():
        assert client.get(reverse("evaluations:meeting", args=[meeting.pk])).status_code == 200


def test_the_board_lists_only_the_users_communities_with_their_status(client, staff_a1, meetings):
    client.force_login(staff_a1)
    response = client.get(reverse("evaluations:board"), {"year": 2009, "quarter": 2})
    statuses = {row["community"].code: row["status"] for row in response.context["rows"]}
    assert statuses == {"DA-1-0": "submitted", "DA-1-1": "not_held", "DA-1-2": "not_held"}
