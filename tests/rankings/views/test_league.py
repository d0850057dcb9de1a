"""The community league of rankings/views/league.py: the user's communities only, a
constant number of queries, and the quarter it opens on."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


# ---- the community league ---------------------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["staff_a1", "official_a", "dept_a1"])
def test_another_streets_league_and_figures_are_404(client, request, user_fixture, city):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("rankings:league"), {"street": "DB-1"}).status_code == 404
    assert client.get(reverse("grievances:figures"), {"street": "DB-1"}).status_code == 404


def league_rows(response):
    """(code, rank) of each row of the league's table, as rendered."""
    return re.findall(
        r'<tr data-code="([^"]+)"><td class="num">([^<]*)</td>', response.content.decode()
    )


def test_the_league_of_a_district_official_holds_only_their_communities(
    client, official_a, meetings
):
    client.force_login(official_a)
    rows = league_rows(client.get(reverse("rankings:league"), {"year": 2009, "quarter": 2}))
    assert sorted(code for code, _rank in rows) == [
        "DA-1-0",
        "DA-1-1",
        "DA-1-2",
        "DA-2-0",
        "DA-2-1",
    ]
    assert [code for code, rank in rows if rank != "—"] == ["DA-1-0"]


def test_the_league_makes_the_same_number_of_queries_for_few_and_many_communities(
    client, official_a, city, meetings
):
    client.force_login(official_a)
    counts = []
    for extra in (0, 12):
        factories.CommunityFactory.create_batch(extra, street=city.street_a1)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("rankings:league"), {"year": 2009, "quarter": 2})
        assert len(league_rows(response)) == 5 + extra
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_league_of_this_year_opens_on_a_quarter_that_has_begun_even_with_future_rows(
    client, official_a, community, review, monkeypatch
):
    from evaluations.models import Meeting
    from evaluations.services.policy import policy_for_year_saved

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2010, 5, 15))  # Q2
    review(2010, 1, vs=5)
    Meeting.objects.create(  # dated in Q4, written around the rules as old data could be
        community=community,
        policy=policy_for_year_saved(2010),
        year=2010,
        quarter=4,
        held_on=datetime.date(2010, 10, 10),
        roll=10,
        present=5,
    )
    client.force_login(official_a)
    response = client.get(reverse("rankings:league"), {"year": 2010})
    assert response.context["quarter"] == 1


# ---- the keeping rate beside the level (issue 20) ---------------------------------------


def keeping_cell(response, code):
    row = response.content.decode().split(f'<tr data-code="{code}">')[1].split("</tr>")[0]
    return row.split('data-testid="keeping-rate">')[1].split("</td>")[0]


def test_the_league_shows_the_keeping_rate_of_the_quarters_verdicts(
    client, official_a, community, officer
):
    from tests.evaluations.promises.story import promise_story

    promise_story(community, officer)
    client.force_login(official_a)
    response = client.get(reverse("rankings:league"), {"year": 2009, "quarter": 4})
    assert keeping_cell(response, community.code).startswith("66.67% <small>(2 of 3)")
    assert keeping_cell(response, "DA-1-1") == "—"


def test_a_community_with_promises_made_but_none_judged_shows_a_dash_not_0_of_0(
    client, official_a, community, officer
):
    from tests.evaluations.promises.helpers import meeting, promise

    promise(meeting(community, officer, 2009, 4), officer)
    client.force_login(official_a)
    response = client.get(reverse("rankings:league"), {"year": 2009, "quarter": 4})
    assert keeping_cell(response, community.code) == "—"


def test_the_league_costs_the_same_queries_with_1_or_20_verdicts(
    client, official_a, community, officer
):
    from tests.evaluations.promises.helpers import promise
    from tests.evaluations.promises.story import judge, promise_story

    q3, q4, _made = promise_story(community, officer, 1)
    client.force_login(official_a)
    counts = []
    for extra in (0, 19):
        for _n in range(extra):
            judge(promise(q3, officer), q4, 3, 2)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("rankings:league"), {"year": 2009, "quarter": 4})
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    response = client.get(reverse("rankings:league"), {"year": 2009, "quarter": 4})
    assert keeping_cell(response, community.code).startswith("100.00% <small>(20 of 20)")


def test_a_new_verdict_renews_the_cached_leagues_keeping_rate(
    client, official_a, community, officer, cached, data_committed
):
    from tests.evaluations.promises.helpers import promise
    from tests.evaluations.promises.story import judge, promise_story

    q3, q4, _made = promise_story(community, officer)
    data_committed()
    client.force_login(official_a)
    url, params = reverse("rankings:league"), {"year": 2009, "quarter": 4}
    assert keeping_cell(client.get(url, params), community.code).startswith("66.67%")
    judge(promise(q3, officer), q4, 1, 5)
    data_committed()
    assert keeping_cell(client.get(url, params), community.code).startswith("50.00%")


def test_the_leagues_csv_has_the_keeping_rate_beside_the_level(
    client, official_a, community, officer
):
    import csv
    import io

    from tests.evaluations.promises.story import promise_story

    promise_story(community, officer)
    client.force_login(official_a)
    response = client.get(
        reverse("rankings:league"), {"year": 2009, "quarter": 4, "_export": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "Keeping rate"
    by_code = {r[2]: r[-1] for r in rows[1:]}
    assert (by_code[community.code], by_code["DA-1-1"]) == ("66.67", "")
