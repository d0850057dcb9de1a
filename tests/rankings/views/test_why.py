"""The "why" page of a flagged area and an official's case file (rankings/views/why.py):
what they say, whom they open to, and a constant number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

from ..helpers import D, open_items, survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def da_last(city):
    """DA last of the city in 2009 on S alone (80 against DB's 90), 2008 for the trend."""
    survey(city.street_a1, 2008, 85, 0, 15, 0)
    survey(city.street_b1, 2008, 90, 0, 10, 0)
    survey(city.street_a1, 2009, 80, 0, 20, 0)
    survey(city.street_b1, 2009, 90, 0, 10, 0)


# ---- why ----------------------------------------------------------------------------------


def why(client, user, code="DA", year=2009):
    client.force_login(user)
    return client.get(reverse("rankings:why_district", args=[code]), {"year": year})


def test_the_why_page_compares_each_component_with_the_best_and_the_median(
    client, city_official, da_last
):
    line = why(client, city_official).context["x"].lines[0]
    assert (line.key, line.value, line.best, line.median) == (
        "safety_index",
        Decimal(80),
        Decimal(90),
        Decimal(85),
    )


def test_the_why_page_counts_the_composite_points_a_component_cost(client, city_official, da_last):
    # S is the only component present: all the weight is its own, 10 points behind the best
    assert why(client, city_official).context["x"].lines[0].cost == Decimal(10)


def test_the_why_page_gives_the_change_since_last_year(client, city_official, da_last):
    line = why(client, city_official).context["x"].lines[0]
    assert (line.previous, line.change) == (Decimal(85), Decimal(-5))


def test_overlapping_safety_intervals_are_not_distinguishable(client, city, city_official):
    survey(city.street_a1, 2009, 8, 0, 2, 0)  # 80 of 10
    survey(city.street_b1, 2009, 9, 0, 1, 0)  # 90 of 10
    x = why(client, city_official).context["x"]
    assert (x.above.code, x.distinguishable) == ("DB", False)
    assert "cannot be told apart" in why(client, city_official).content.decode()


def test_separate_safety_intervals_are_distinguishable(client, city, city_official):
    survey(city.street_a1, 2009, 600, 0, 400, 0)  # 60 of 1000
    survey(city.street_b1, 2009, 900, 0, 100, 0)  # 90 of 1000
    assert why(client, city_official).context["x"].distinguishable is True


def test_the_why_page_links_the_open_grievances_behind_it(client, city, city_official, da_last):
    items = open_items(city.a1[0], 2)
    body = why(client, city_official).content.decode()
    for item in items:
        assert item.get_absolute_url() in body


def test_the_why_page_of_another_district_is_404_for_a_district_official(
    client, official_a, da_last
):
    assert why(client, official_a, "DB").status_code == 404


def test_a_flagged_row_of_the_ranking_links_its_why_page(client, city_official, da_last):
    client.force_login(city_official)
    body = client.get(reverse("rankings:city"), {"year": 2009}).content.decode()
    assert reverse("rankings:why_district", args=["DA"]) + "?year=2009" in body


def test_the_why_page_makes_a_constant_number_of_queries(client, city, city_official, da_last):
    client.force_login(city_official)
    counts = []
    for n in (1, 6):
        open_items(city.a1[n % 3], n)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("rankings:why_district", args=["DA"]), {"year": 2009})
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# ---- the case file -------------------------------------------------------------------------


def case(client, user, code):
    client.force_login(user)
    return client.get(reverse("rankings:case_file", args=[code]))


def test_the_case_file_holds_every_quarter_with_whether_it_counted(
    client, official_a, review, officer
):
    review(2009, 1, vs=5)
    review(2009, 2, vs=1, present=9, submit=False)  # a draft does not count
    ratings = {
        (r.meeting.quarter, bool(r.counted_level))
        for r in case(client, official_a, officer.code).context["case"].ratings
    }
    assert ratings == {(1, True), (2, False)}


def test_the_case_file_shows_the_unsatisfied_streak_and_its_recommendation(
    client, official_a, review, officer
):
    review(2009, 1, u=5)
    review(2009, 2, u=5)
    context = case(client, official_a, officer.code).context
    assert [[r.meeting.quarter for r in run] for run in context["case"].streaks] == [[1, 2]]
    assert context["case"].recommendations.count() == 1


def test_the_case_file_lists_the_grievances_of_the_community_while_posted(
    client, city, official_a, community
):
    official = factories.OfficialFactory(code="OF-X", name="李主任")
    factories.PostingFactory(
        official=official, community=community, start_date=D(2009, 1, 1), end_date=D(2009, 6, 30)
    )
    during = factories.GrievanceFactory(community=community, received_on=D(2009, 3, 1))
    factories.GrievanceFactory(community=community, received_on=D(2009, 8, 1))  # after
    factories.GrievanceFactory(community=city.a1[1], received_on=D(2009, 3, 1))  # elsewhere
    assert list(case(client, official_a, "OF-X").context["case"].grievances) == [during]


def test_the_case_file_of_an_official_outside_the_area_is_404(client, official_a, posted):
    assert case(client, official_a, posted["b"].code).status_code == 404


def test_the_officials_page_links_the_case_file(client, official_a, officer):
    client.force_login(official_a)
    body = client.get(reverse("evaluations:official", args=[officer.code])).content.decode()
    assert reverse("rankings:case_file", args=[officer.code]) in body


def test_the_case_file_makes_a_constant_number_of_queries(
    client, official_a, review, officer, community
):
    client.force_login(official_a)
    counts = []
    for quarter, items in ((1, 1), (2, 5)):
        review(2009, quarter, u=5)
        open_items(community, items)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("rankings:case_file", args=[officer.code]))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# ---- problem items (issue 25) ---------------------------------------------------------------


def test_the_why_pages_open_grievances_carry_the_problem_items_badge(
    client, city, city_official, da_last, police_a1
):
    from tests.grievances.helpers import make_problem

    problem, _other = open_items(city.a1[0], 2)
    make_problem(problem, police_a1)
    body = why(client, city_official).content.decode()
    assert body.count('data-testid="problem-badge"') == 1


def test_the_case_files_grievances_carry_the_problem_items_badge(
    client, city, official_a, community, police_a1
):
    from tests.grievances.helpers import make_problem

    official = factories.OfficialFactory(code="OF-P", name="王主任")
    factories.PostingFactory(official=official, community=community, start_date=D(2009, 1, 1))
    items = [
        factories.GrievanceFactory(community=community, received_on=D(2009, 3, n)) for n in (1, 2)
    ]
    make_problem(items[1], police_a1)
    response = case(client, official_a, "OF-P")
    assert [g.is_problem for g in response.context["case"].grievances] == [False, True]
    assert response.content.decode().count('data-testid="problem-badge"') == 1


# ---- promises on the case file and the why page (issue 20) ------------------------------


def test_the_case_file_lists_every_promise_the_official_owned_with_its_verdict(
    client, official_a, community, officer
):
    from tests.evaluations.promises.story import promise_story

    promise_story(community, officer, 4)
    response = case(client, official_a, officer.code)
    rows = response.content.decode().split('data-testid="case-promises"')[1].split("</table>")[0]
    assert rows.count("data-promise=") == 4
    assert [p.state for p in response.context["promise_list"]] == [
        "kept",
        "not_kept",
        "kept",
        "overdue",
    ]
    assert "5 kept, 1 not kept" in rows


def test_the_case_file_gives_the_keeping_rate_of_each_year_half_up(
    client, official_a, community, officer
):
    from tests.evaluations.promises.story import promise_story

    promise_story(community, officer, 4)
    body = case(client, official_a, officer.code).content.decode()
    year = body.split('data-year="2009"')[1].split("</tr>")[0]
    assert '<td class="num" data-testid="keeping-rate">66.67%</td>' in year


def test_the_case_file_of_another_districts_official_shows_no_promise_of_it(
    client, official_b, community, officer
):
    from tests.evaluations.promises.story import promise_story

    promise_story(community, officer)
    assert case(client, official_b, officer.code).status_code == 404


def test_the_case_file_costs_the_same_queries_with_1_or_20_promises(
    client, official_a, community, officer
):
    from tests.evaluations.promises.helpers import promise
    from tests.evaluations.promises.story import promise_story

    q3, _q4, _made = promise_story(community, officer, 1)
    client.force_login(official_a)
    counts = []
    for extra in (0, 19):
        for _n in range(extra):
            promise(q3, officer)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("rankings:case_file", args=[officer.code]))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_why_page_explains_the_promises_of_the_year_with_a_link_to_each(
    client, city_official, community, officer, da_last
):
    from tests.evaluations.promises.story import promise_story

    _q3, _q4, made = promise_story(community, officer, 4)
    response = why(client, city_official)
    body = response.content.decode()
    figures = body.split('data-testid="why-promise-figures"')[1].split("</dl>")[0]
    assert '<dd data-figure="made">4</dd>' in figures
    assert '<dd data-figure="kept">2</dd>' in figures
    assert '<dd data-figure="not_kept">1</dd>' in figures
    assert '<dd data-figure="keeping_rate">66.67%</dd>' in figures
    from evaluations.templatetags.promise_tags import promise_url

    assert all(f'href="{promise_url(p)}"' in body for p in made)


def test_the_why_page_of_another_area_shows_none_of_its_promises(
    client, city, official_b, officer, community
):
    from tests.evaluations.promises.story import promise_story

    survey(city.street_a1, 2009, 80, 0, 20, 0)
    promise_story(community, officer)
    client.force_login(official_b)
    assert (
        client.get(reverse("rankings:why_street", args=["DA-1"]), {"year": 2009}).status_code == 404
    )


def test_the_why_page_costs_the_same_queries_with_1_or_20_promises(
    client, city_official, community, officer, da_last
):
    from tests.evaluations.promises.helpers import promise
    from tests.evaluations.promises.story import promise_story

    q3, _q4, _made = promise_story(community, officer, 1)
    client.force_login(city_official)
    counts = []
    for extra in (0, 19):
        for _n in range(extra):
            promise(q3, officer)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("rankings:why_district", args=["DA"]), {"year": 2009})
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
