"""api/promises.py: a token's promises (list, one, figures) in its user's scope; without a
token the promises of published quarters only, as published."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publication import services as publication_services
from tests import factories
from tests.evaluations.promises.helpers import promise
from tests.evaluations.promises.story import promise_story

from .helpers import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(city):
    """Promises in DA-1-0 (district A: 4, two kept, one not kept) and DB-1-0 (B: 3)."""
    made = {}
    for key, community, n in (("a", city.a1[0], 4), ("b", city.b1[0], 3)):
        official = factories.PostingFactory(
            community=community, official=factories.OfficialFactory(code=f"O{key.upper()}")
        ).official
        made[key] = promise_story(community, official, n)
    return made


def get(client, name, headers=None, *args, **params):
    return client.get(reverse(name, args=args), params, **(headers or {}))


def test_a_token_lists_the_promises_of_its_scope_with_their_state(client, official_a, stories):
    results = get(client, "api:promises", bearer(official_a)).json()["results"]
    assert [(r["community"], r["state"]) for r in results] == [
        ("DA-1-0", "kept"),
        ("DA-1-0", "not_kept"),
        ("DA-1-0", "kept"),
        ("DA-1-0", "overdue"),
    ]
    assert (results[0]["kept_votes"], results[0]["not_kept_votes"]) == (5, 1)


def test_the_promises_filter_by_official_and_period(client, official_a, stories):
    headers = bearer(official_a)
    assert len(get(client, "api:promises", headers, official="OA").json()["results"]) == 4
    assert get(client, "api:promises", headers, official="OB").json()["results"] == []
    assert get(client, "api:promises", headers, year=2009, quarter=4).json()["results"] == []


def test_a_promise_of_another_district_is_404_by_its_id(client, official_a, stories):
    _q3, _q4, (theirs, *_rest) = stories["b"]
    _q3, _q4, (mine, *_rest) = stories["a"]
    headers = bearer(official_a)
    assert get(client, "api:promise", headers, mine.pk).json()["text"] == mine.text
    assert get(client, "api:promise", headers, theirs.pk).status_code == 404


def test_without_a_token_the_promises_are_401(client, stories):
    assert get(client, "api:promises").status_code == 401
    assert get(client, "api:promise_figures", None, year=2009).status_code == 401


def test_the_figures_are_those_of_the_tokens_scope_with_an_exact_rate(client, official_a, stories):
    data = get(
        client,
        "api:promise_figures",
        bearer(official_a),
        year=2009,
        by="official",
        as_of="2010-02-01",
    ).json()
    assert data["results"] == [
        {
            "code": "OA",
            "name": data["results"][0]["name"],
            "made": 4,
            "judged": 3,
            "kept": 2,
            "not_kept": 1,
            "overdue": 1,
            "keeping_rate": 66.67,
        }
    ]


def test_bad_figures_parameters_are_a_problem_naming_them(client, official_a):
    response = get(client, "api:promise_figures", bearer(official_a), year="x", by="moon")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"year", "by"}


def test_the_published_promises_need_no_token_and_show_only_published_quarters(
    client, official_a, stories
):
    assert get(client, "api:published_promises").json()["results"] == []
    publication_services.publication_publish_quarter(user=official_a, year=2009, quarter=3)
    (published,) = get(client, "api:published_promises").json()["results"]
    assert (published["district"], published["year"], published["quarter"]) == ("DA", 2009, 3)
    assert [c["code"] for c in published["communities"]] == ["DA-1-0"]
    assert len(published["communities"][0]["promises"]) == 4


def test_the_published_verdicts_carry_the_meetings_totals(client, official_a, stories):
    publication_services.publication_publish_quarter(user=official_a, year=2009, quarter=4)
    (published,) = get(client, "api:published_promises", None, quarter=4).json()["results"]
    verdict = published["communities"][0]["verdicts"][0]
    assert (verdict["kept"], verdict["kept_votes"], verdict["not_kept_votes"]) == (True, 5, 1)


@pytest.mark.parametrize("name", ["api:promises", "api:promise_figures"])
def test_the_promise_endpoints_cost_the_same_queries_with_1_or_20_promises(
    client, city, official_a, name
):
    official = factories.PostingFactory(community=city.a1[0]).official
    q3, _q4, _made = promise_story(city.a1[0], official, 1)
    headers = bearer(official_a)
    get(client, name, headers, year=2009)  # warm-up: the token's last use, this minute's counter
    counts = []
    for extra in (0, 19):
        for _n in range(extra):
            promise(q3, official)
        with CaptureQueriesContext(connection) as ctx:
            assert get(client, name, headers, year=2009).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_published_promises_cost_the_same_queries_with_1_or_20_promises(
    client, city, official_a
):
    official = factories.PostingFactory(community=city.a1[0]).official
    q3, _q4, _made = promise_story(city.a1[0], official, 1)
    counts = []
    for extra in (0, 19):
        for _n in range(extra):
            promise(q3, official)
        publication_services.publication_publish_quarter(user=official_a, year=2009, quarter=3)
        get(client, "api:published_promises")  # this minute's counter
        with CaptureQueriesContext(connection) as ctx:
            response = get(client, "api:published_promises")
        counts.append(len(ctx.captured_queries))
    assert len(response.json()["results"][0]["communities"][0]["promises"]) == 20
    assert counts[0] == counts[1]


def test_a_departments_token_lists_only_the_promises_its_department_owns(
    client, city, dept_a1, police_a1, stories
):
    from evaluations.promises import services

    q3, _q4, _made = stories["a"]
    owned = services.promise_make(
        meeting=q3, department=police_a1, text="派出所的承诺", due_on=q3.held_on.replace(month=12)
    )
    results = get(client, "api:promises", bearer(dept_a1)).json()["results"]
    assert [r["id"] for r in results] == [owned.pk]
    assert results[0]["department"] == "police"
