"""The review pages of evaluations/views/meetings.py: the entry form, the quarter board, the
meeting page, discarding a draft, and their scoping."""

import datetime

import pytest
from django.urls import reverse

from evaluations.models import Meeting, Recommendation
from tests import factories
from tests.evaluations.helpers import count_queries, edit_url, form_data

pytestmark = pytest.mark.django_db


# ---- the entry form --------------------------------------------------------------------


def test_staff_submit_a_meeting_and_land_on_its_results(client, staff_a1, posted):
    client.force_login(staff_a1)
    response = client.post(edit_url("DA-1-0"), form_data(posted["a"]))
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("evaluations:meeting", args=[meeting.pk])
    assert (meeting.status, meeting.present, meeting.submitted_by) == ("submitted", 8, staff_a1)
    assert meeting.promised == "组织夜间巡逻"


def test_a_draft_is_saved_as_draft(client, staff_a1, posted):
    client.force_login(staff_a1)
    client.post(edit_url("DA-1-0"), form_data(posted["a"], action="draft"))
    assert Meeting.objects.get().status == "draft"


def test_a_tally_above_present_is_refused_naming_the_field_and_keeping_what_was_typed(
    client, staff_a1, posted
):
    client.force_login(staff_a1)
    response = client.post(
        edit_url("DA-1-0"), form_data(posted["a"], counts=(5, 2, 1, 1), present=8)
    )
    form = response.context["form"]
    assert form.errors[f"{posted['a'].pk}-unsatisfied"] == [
        "The four counts add up to 9, more than the 8 representatives present."
    ]
    assert form[f"{posted['a'].pk}-very_satisfied"].value() == "5"
    assert form["asked"].value() == "翻墙入室盗窃"
    assert not Meeting.objects.exists()


def test_present_above_the_roll_is_refused(client, staff_a1, posted):
    client.force_login(staff_a1)
    response = client.post(
        edit_url("DA-1-0"), form_data(posted["a"], present=11, counts=(1, 0, 0, 0))
    )
    assert "11 present is more than the 10" in response.context["form"].errors["present"][0]
    assert not Meeting.objects.exists()


def test_a_meeting_in_the_future_is_refused(client, staff_a1, posted):
    client.force_login(staff_a1)
    response = client.post(
        edit_url("DA-1-0", 2099, 1), form_data(posted["a"], held_on="2099-01-10")
    )
    assert "held_on" in response.context["form"].errors


def test_the_form_offers_the_officials_posted_in_the_quarter(client, staff_a1, posted, city):
    factories.PostingFactory(
        community=city.a1[0],
        start_date=datetime.date(2010, 1, 1),
        official=factories.OfficialFactory(code="LATE"),
    )
    client.force_login(staff_a1)
    postings = client.get(edit_url("DA-1-0")).context["form"].postings
    assert [p.official.code for p in postings] == ["PA"]


def test_a_correction_is_shown_in_the_meeting_history_with_who(client, staff_a1, meetings, posted):
    client.force_login(staff_a1)
    client.post(
        edit_url("DA-1-0", 2009, 2),
        form_data(
            posted["a"],
            present=10,
            counts=(10, 0, 0, 0),
            held_on="2009-06-01",
            version=meetings["a"].version,
        ),
    )
    history = client.get(reverse("evaluations:meeting", args=[meetings["a"].pk])).context["history"]
    latest = history[0]
    assert (latest["who"], latest["what"], latest["type"]) == (staff_a1, "rating", "~")
    assert {"field": "very_satisfied", "old": 0, "new": 10} in latest["changes"]


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


# ---- discarding a draft -----------------------------------------------------------------


def test_staff_discard_a_draft_entered_by_mistake(client, staff_a1, posted):
    client.force_login(staff_a1)
    client.post(edit_url("DA-1-0"), form_data(posted["a"], action="draft"))
    meeting = Meeting.objects.get()
    response = client.post(reverse("evaluations:meeting_discard", args=[meeting.pk]))
    assert response.status_code == 302
    assert not Meeting.objects.exists()
    assert Meeting.history.filter(id=meeting.pk, history_type="-").get().history_user == staff_a1


def test_a_submitted_meeting_cannot_be_discarded(client, staff_a1, meetings):
    client.force_login(staff_a1)
    client.post(reverse("evaluations:meeting_discard", args=[meetings["a"].pk]))
    assert Meeting.objects.filter(pk=meetings["a"].pk).exists()


def test_a_district_official_cannot_discard_a_draft(client, official_a, staff_a1, posted):
    client.force_login(staff_a1)
    client.post(edit_url("DA-1-0"), form_data(posted["a"], action="draft"))
    client.force_login(official_a)
    meeting = Meeting.objects.get()
    response = client.post(reverse("evaluations:meeting_discard", args=[meeting.pk]))
    assert response.status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.parametrize("user_fixture", ["staff_a1", "official_a"])
def test_posts_about_another_streets_meeting_are_404_and_change_nothing(
    client, request, user_fixture, meetings
):
    client.force_login(request.getfixturevalue(user_fixture))
    other = meetings["b"]
    discard = client.post(reverse("evaluations:meeting_discard", args=[other.pk]))
    intake = client.post(
        reverse("grievances:meeting_intake", args=[other.pk]), {"kind": "complaint", "summary": "x"}
    )
    assert (discard.status_code, intake.status_code) == (404, 404)
    assert Meeting.objects.filter(pk=other.pk).exists()
    assert not other.grievances.exists()


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
