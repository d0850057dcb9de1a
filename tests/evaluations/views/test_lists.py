"""The review lists of evaluations/views/lists.py (meetings, results, recommendations):
exactly the user's area, the exports, titles in the request's language, and constant query
counts."""

import pytest
from django.urls import reverse

from tests import factories
from tests.evaluations.helpers import count_queries, unsatisfied_twice

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize(
    "url", ["/reviews/meetings/", "/reviews/results/", "/reviews/recommendations/"]
)
def test_list_titles_follow_the_language_of_the_request(client, staff_a1, url):
    import re

    def heading():
        return re.search(r"<h1>(.*?)</h1>", client.get(url).content.decode()).group(1)

    client.force_login(staff_a1)
    english = heading()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    chinese = heading()
    assert english.isascii()
    assert all(ord(ch) > 0x2E7F for ch in chinese if not ch.isspace())


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


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/reviews/?year=2009&quarter=2", 10),
        ("/reviews/meetings/", 12),
        ("/reviews/results/", 12),
        ("/reviews/recommendations/", 8),
        # + the grievance policy ("due soon"), "waiting for you", open recommendations, the
        # promises overdue and due soon and the plans missing (a list and its count in one)
        ("/", 19),
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


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("evaluations:meeting_list", {"year": str(2**63)}),
        ("evaluations:rating_list", {"year": "1e400"}),
    ],
)
def test_a_list_filtered_by_a_year_past_every_column_shows_the_page(
    client, city_official, city, url_name, params
):
    client.force_login(city_official)
    assert client.get(reverse(url_name), params).status_code == 200


@pytest.mark.parametrize("url_name", ["evaluations:rating_list", "evaluations:recommendation_list"])
def test_an_officials_name_in_a_list_leads_to_their_case_file(
    client, city, staff_a1, meetings, url_name
):
    from evaluations.models import Recommendation

    official = Recommendation.objects.get(community=city.a1[0]).official
    client.force_login(staff_a1)
    page = client.get(reverse(url_name)).content.decode()
    assert reverse("rankings:case_file", args=[official.code]) in page
