"""Review pages: the entry form's behaviour, and scoping for every view and export."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import services
from evaluations.models import Meeting, Recommendation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(city):
    """One police officer in DA-1-0 (street A1) and one in DB-1-0 (street B1)."""
    return {
        "a": factories.PostingFactory(
            community=city.a1[0], official=factories.OfficialFactory(code="PA", name="甲警官")
        ).official,
        "b": factories.PostingFactory(
            community=city.b1[0], official=factories.OfficialFactory(code="PB", name="乙警官")
        ).official,
    }


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


@pytest.fixture
def meetings(city, posted):
    return {
        "a": unsatisfied_twice(city.a1[0], posted["a"]),
        "b": unsatisfied_twice(city.b1[0], posted["b"]),
    }


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
    }
    for field, value in zip(
        ("very_satisfied", "satisfied", "basically_satisfied", "unsatisfied"),
        counts,
        strict=True,
    ):
        data[f"{official.pk}-{field}"] = value
    return data


def edit_url(code, year=2009, quarter=3):
    return reverse("evaluations:meeting_edit", args=[code, year, quarter])


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


def test_a_correction_that_removes_the_streak_takes_the_recommendation_off_the_dashboard(
    client, staff_a1, meetings, posted
):
    client.force_login(staff_a1)
    assert len(client.get("/").context["open_recommendations"].rows) == 1
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
    assert len(client.get("/").context["open_recommendations"].rows) == 0


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


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("staff_a1", {"DA-1-0"}),
        ("official_a", {"DA-1-0"}),
        ("official_b", {"DB-1-0"}),
        ("city_official", {"DA-1-0", "DB-1-0"}),
    ],
)
@pytest.mark.parametrize(
    "url_name",
    ["evaluations:meeting_list", "evaluations:rating_list", "evaluations:recommendation_list"],
)
def test_review_lists_hold_exactly_the_users_area(
    client, request, user_fixture, expected, url_name, meetings
):
    client.force_login(request.getfixturevalue(user_fixture))
    table = client.get(reverse(url_name)).context["table"]
    communities = set()
    for row in table.rows:
        record = row.record
        community = getattr(record, "community", None) or record.meeting.community
        communities.add(community.code)
    assert communities == expected


def test_the_results_export_of_street_staff_holds_only_their_street(client, staff_a1, meetings):
    client.force_login(staff_a1)
    response = client.get(reverse("evaluations:rating_list"), {"_export": "csv"})
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert body.count("\n") == 1 + 2
    assert "乙" not in body


def test_the_xlsx_export_opens_with_openpyxl_and_holds_the_same_rows(client, staff_a1, meetings):
    import io

    import openpyxl

    client.force_login(staff_a1)
    response = client.get(reverse("evaluations:rating_list"), {"_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 2
    assert {r[-1] for r in rows[1:]} == {"unsatisfied"}


def test_the_board_lists_only_the_users_communities_with_their_status(client, staff_a1, meetings):
    client.force_login(staff_a1)
    response = client.get(reverse("evaluations:board"), {"year": 2009, "quarter": 2})
    statuses = {row["community"].code: row["status"] for row in response.context["rows"]}
    assert statuses == {"DA-1-0": "submitted", "DA-1-1": "not_held", "DA-1-2": "not_held"}


def test_the_street_filter_of_the_results_offers_only_visible_streets(client, official_a, city):
    client.force_login(official_a)
    form = client.get(reverse("evaluations:rating_list")).context["filter"].form
    assert sorted(form.fields["street"].queryset.values_list("code", flat=True)) == ["DA-1", "DA-2"]


@pytest.mark.parametrize(
    "name", ["evaluations:recommendation_send", "evaluations:recommendation_outcome"]
)
def test_recommendation_steps_are_post_only(client, staff_a1, meetings, name):
    client.force_login(staff_a1)
    recommendation = Recommendation.objects.get(community__code="DA-1-0")
    assert client.get(reverse(name, args=[recommendation.pk])).status_code == 405


def test_staff_record_sending_and_the_outcome_of_a_recommendation(client, staff_a1, meetings):
    client.force_login(staff_a1)
    recommendation = Recommendation.objects.get(community__code="DA-1-0")
    client.post(
        reverse("evaluations:recommendation_send", args=[recommendation.pk]),
        {"sent_on": "2009-07-01", "addressed_to": "甲一派出所", "version": recommendation.version},
    )
    recommendation.refresh_from_db()
    client.post(
        reverse("evaluations:recommendation_outcome", args=[recommendation.pk]),
        {
            "outcome": "retained",
            "outcome_on": "2009-07-20",
            "reason": "",
            "version": recommendation.version,
        },
    )
    recommendation.refresh_from_db()
    assert (str(recommendation.sent_on), recommendation.outcome) == ("2009-07-01", "")
    client.post(
        reverse("evaluations:recommendation_outcome", args=[recommendation.pk]),
        {
            "outcome": "retained",
            "outcome_on": "2009-07-20",
            "reason": "整改到位",
            "version": recommendation.version,
        },
    )
    recommendation.refresh_from_db()
    assert (recommendation.outcome, recommendation.reason) == ("retained", "整改到位")


def test_a_district_official_cannot_record_an_outcome(client, official_a, meetings):
    client.force_login(official_a)
    recommendation = Recommendation.objects.get(community__code="DA-1-0")
    response = client.post(
        reverse("evaluations:recommendation_send", args=[recommendation.pk]),
        {"sent_on": "2009-07-01", "addressed_to": "x"},
    )
    assert response.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.sent_on is None


def test_staff_of_another_street_cannot_record_sending(client, staff_b1, meetings):
    client.force_login(staff_b1)
    recommendation = Recommendation.objects.get(community__code="DA-1-0")
    response = client.post(
        reverse("evaluations:recommendation_send", args=[recommendation.pk]),
        {"sent_on": "2009-07-01", "addressed_to": "x"},
    )
    assert response.status_code == 404


def test_open_recommendations_show_on_every_dashboard_of_their_area(
    client, meetings, staff_a1, official_a, official_b, city_official
):
    def open_count(user):
        client.force_login(user)
        return len(client.get("/").context["open_recommendations"].rows)

    assert [open_count(u) for u in (staff_a1, official_a, official_b, city_official)] == [
        1,
        1,
        1,
        2,
    ]


def test_only_city_officials_edit_the_policy(client, official_a, city_official):
    year = datetime.date.today().year
    client.force_login(official_a)
    assert client.get(reverse("evaluations:policy_edit", args=[year])).status_code == 403
    client.force_login(city_official)
    assert client.get(reverse("evaluations:policy_edit", args=[year])).status_code == 200


def test_a_past_years_policy_cannot_be_edited(client, city_official):
    client.force_login(city_official)
    response = client.get(reverse("evaluations:policy_edit", args=[2009]))
    assert response.status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/reviews/",
        "/reviews/meetings/",
        "/reviews/results/",
        "/reviews/recommendations/",
        "/reviews/policy/",
    ],
)
def test_anonymous_visitors_are_sent_to_login(client, city, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---- constant query counts --------------------------------------------------------------


def more_meetings(city, n):
    for i in range(n):
        community = factories.CommunityFactory(street=city.street_a1, code=f"DA-1-X{i}")
        official = factories.PostingFactory(community=community).official
        unsatisfied_twice(community, official)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/reviews/?year=2009&quarter=2", 10),
        ("/reviews/meetings/", 12),
        ("/reviews/results/", 12),
        ("/reviews/recommendations/", 8),
        ("/", 13),
    ],
)
def test_review_pages_make_the_same_number_of_queries_for_small_and_large_areas(
    client, city, staff_a1, meetings, url, expected
):
    client.force_login(staff_a1)
    small = count_queries(client, url)
    more_meetings(city, 6)
    large = count_queries(client, url)
    assert (small, large) == (expected, expected)


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


@pytest.mark.parametrize("user_fixture", ["staff_a1", "official_a"])
def test_another_streets_league_and_figures_are_404(client, request, user_fixture, city):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("rankings:league"), {"street": "DB-1"}).status_code == 404
    assert client.get(reverse("grievances:figures"), {"street": "DB-1"}).status_code == 404


def test_the_league_of_a_district_official_holds_only_their_communities(
    client, official_a, meetings
):
    client.force_login(official_a)
    rows = client.get(reverse("rankings:league"), {"year": 2009, "quarter": 2}).context["rows"]
    assert sorted(r.community.code for r in rows) == [
        "DA-1-0",
        "DA-1-1",
        "DA-1-2",
        "DA-2-0",
        "DA-2-1",
    ]
    assert [r.community.code for r in rows if r.rank] == ["DA-1-0"]
