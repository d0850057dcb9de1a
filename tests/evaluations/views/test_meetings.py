"""The review pages of evaluations/views/meetings.py: the quarter board, the meeting page,
discarding a draft, and their scoping (the entry form: test_entry.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import rules, services
from evaluations.models import Meeting, Recommendation
from tests import factories
from tests.evaluations.helpers import count_queries, edit_url, form_data, next_quarter

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


def test_a_draft_with_items_raised_at_it_is_kept_and_the_refusal_says_why(client, staff_a1, posted):
    client.force_login(staff_a1)
    client.post(edit_url("DA-1-0"), form_data(posted["a"], action="draft"))
    meeting = Meeting.objects.get()
    factories.GrievanceFactory(community=meeting.community, meeting=meeting, source="meeting")
    response = client.post(reverse("evaluations:meeting_discard", args=[meeting.pk]), follow=True)
    assert response.redirect_chain == [(reverse("evaluations:meeting", args=[meeting.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Draft saved. It counts nowhere until submitted.",  # from the entry, not shown yet
        "Items were recorded at this meeting; it cannot be discarded.",
    ]
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert meeting.ratings.count() == 1
    assert not Meeting.history.filter(history_type="-").exists()


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
    client.get(url)  # the first view after a save also looks up the next community
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


# ---- after a save: the next community of the quarter board to enter ----------------------


def entered_without_the_form(community):
    services.meeting_save(
        community=community,
        year=2009,
        quarter=3,
        held_on=datetime.date(2009, 9, 1),
        present=5,
        tallies=[],
        submit=False,
    )


def next_community(response):
    return response.context["next_community"], response.content.decode()


def test_after_a_save_the_next_community_without_a_meeting_that_quarter_is_offered(
    client, staff_a1, posted, city
):
    entered_without_the_form(city.a1[1])  # the next on the board has one already
    client.force_login(staff_a1)
    response = client.post(edit_url("DA-1-0"), form_data(posted["a"]), follow=True)
    following, page = next_community(response)
    assert following == city.a1[2]
    assert f'href="{edit_url("DA-1-2")}"' in page


def test_after_the_last_community_of_the_board_the_offer_starts_again_from_the_top(
    client, staff_a1, posted, city
):
    official = factories.PostingFactory(community=city.a1[2]).official
    client.force_login(staff_a1)
    response = client.post(edit_url("DA-1-2"), form_data(official), follow=True)
    assert next_community(response)[0] == city.a1[0]


def test_when_every_community_has_its_meeting_the_page_says_so(client, staff_a1, posted, city):
    for community in city.a1[1:]:
        entered_without_the_form(community)
    client.force_login(staff_a1)
    response = client.post(edit_url("DA-1-0"), form_data(posted["a"]), follow=True)
    following, page = next_community(response)
    assert following is None
    assert "Every community of this quarter has a meeting." in page


def test_a_meeting_page_opened_without_a_save_offers_no_next_community(client, staff_a1, meetings):
    client.force_login(staff_a1)
    response = client.get(reverse("evaluations:meeting", args=[meetings["a"].pk]))
    assert response.context["next_community"] is None
    assert b'data-testid="next-community"' not in response.content


# ---- the promises of a meeting -------------------------------------------------------------


@pytest.fixture
def promised(city, posted):
    from evaluations.promises import services as promise_services
    from tests.evaluations.promises.helpers import meeting, promise

    official = posted["a"]
    first = promise(meeting(city.a1[0], official, 2009, 2), official, text="安装路灯")
    judging = meeting(city.a1[0], official, 2009, 3)
    promise_services.promise_judge(
        promise=first, meeting=judging, kept_votes=2, not_kept_votes=5, user=None
    )
    promise(judging, official, text="组织夜间巡逻")
    return judging


def test_the_meeting_page_lists_its_promises_and_the_verdicts_given_there(
    client, staff_a1, promised
):
    client.force_login(staff_a1)
    body = client.get(reverse("evaluations:meeting", args=[promised.pk])).content.decode()
    made = body.split('data-testid="promises-made"')[1].split("</table>")[0]
    assert "组织夜间巡逻" in made and "2009-12-31" in made and "overdue" in made  # as of today
    given = body.split('data-testid="verdicts-given"')[1].split("</table>")[0]
    assert "2009 Q2 #1" in given and 'data-testid="verdict-not-kept"' in given


def test_the_meeting_history_shows_promises_made_and_verdicts_given(client, staff_a1, promised):
    client.force_login(staff_a1)
    history = client.get(reverse("evaluations:meeting", args=[promised.pk])).context["history"]
    kinds = {(e["what"], e["official"]) for e in history}
    assert {("promise", "2009 Q3 #1"), ("verdict", "2009 Q2 #1")} <= kinds


def test_another_streets_meeting_with_promises_is_404(client, staff_b1, promised):
    client.force_login(staff_b1)
    response = client.get(reverse("evaluations:meeting", args=[promised.pk]))
    assert response.status_code == 404
    assert "组织夜间巡逻" not in response.content.decode()


def test_the_meeting_page_reads_the_same_for_1_and_10_promises(client, staff_a1, promised, posted):

    from evaluations.promises import services as promise_services

    police = factories.DepartmentFactory(street=promised.community.street, key="police")
    client.force_login(staff_a1)
    url = reverse("evaluations:meeting", args=[promised.pk])
    one = count_queries(client, url)
    for n in range(9):
        promise_services.promise_make(  # owned by a department: its name reads its street
            meeting=promised, department=police, text=f"承诺{n}", due_on=datetime.date(2009, 12, 1)
        )
    assert count_queries(client, url) == one
