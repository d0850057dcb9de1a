"""The read-only API (api/views.py): a token carries exactly its user's scope; without a
token only what is published; over every API URL."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from api.models import ApiToken, RateWindow
from publication import services as publication_services
from tests import factories
from tests.districts.scope_matrix import url_names

from .helpers import bearer

pytestmark = pytest.mark.django_db

API_URLS = sorted(n for n in url_names() if n.startswith("api:") and n not in ("api:docs",))
LISTS = [
    "api:districts",
    "api:streets",
    "api:communities",
    "api:officials",
    "api:meetings",
    "api:grievances",
    "api:surveys",
]
QUERY = {
    "api:rankings": {"year": 2009, "level": "street"},
    "api:figures": {"year": 2009, "by": "community"},
    "api:promise_figures": {"year": 2009, "by": "community"},
}


def url(name, publication_pk=1):
    takes_pk = name in ("api:publication", "api:promise")
    return reverse(name, args=[publication_pk] if takes_pk else [])


def get(client, name, headers=None, **params):
    return client.get(url(name), {**QUERY.get(name, {}), **params}, **(headers or {}))


def leaked(response, area):
    text = response.content.decode()
    return [
        s for s in [*area.secrets, *area.names, area.street.code, area.community.code] if s in text
    ]


def test_every_api_url_is_covered():
    assert set(API_URLS) == {*LISTS, "api:schema", "api:rankings", "api:figures"} | {
        "api:publications",
        "api:publication",
        "api:promises",  # the promises' own tests: tests/api/test_promises.py
        "api:promise",
        "api:promise_figures",
        "api:published_promises",
    }


@pytest.mark.parametrize("name", API_URLS)
def test_without_a_token_nothing_unpublished_is_reachable(client, area_a, area_b, name):
    response = get(client, name)
    assert response.status_code in (200, 401, 404), response.status_code
    assert leaked(response, area_a) == [] and leaked(response, area_b) == []


@pytest.mark.parametrize("name", API_URLS)
def test_a_withdrawn_publication_is_unreachable_even_with_its_old_etag(
    client, area_a, official_a, city_official, name
):
    quarter = publication_services.publication_publish_quarter(
        user=official_a, year=2009, quarter=1
    )
    rankings = publication_services.publication_publish_rankings(user=city_official, year=2009)
    shown = client.get(url(name, quarter.pk), QUERY.get(name, {}))
    publication_services.publication_withdraw(user=official_a, publication=quarter)
    publication_services.publication_withdraw(user=city_official, publication=rankings)
    response = client.get(
        url(name, quarter.pk), QUERY.get(name, {}), HTTP_IF_NONE_MATCH=shown.get("ETag", "")
    )
    assert response.status_code in (200, 401, 404)
    assert leaked(response, area_a) == []


@pytest.mark.parametrize("name", API_URLS)
def test_a_district_officials_token_reaches_nothing_of_another_district(
    client, area_a, area_b, official_a, name
):
    response = get(client, name, bearer(official_a))
    assert response.status_code in (200, 404)
    assert leaked(response, area_b) == []


@pytest.mark.parametrize("name", API_URLS)
def test_a_street_staff_token_reaches_nothing_of_the_next_street(client, city, staff_a1, name):
    from tests.publication.helpers import fill

    fill(city.street_a1, "A1")
    next_door = fill(city.street_a2, "A2")
    response = get(client, name, bearer(staff_a1))
    assert response.status_code in (200, 404)
    assert leaked(response, next_door) == []


@pytest.mark.parametrize("name", LISTS)
def test_a_token_reaches_its_own_districts_data(client, area_a, official_a, name):
    """The control: the lists above are not empty for everyone."""
    response = get(client, name, bearer(official_a))
    assert response.status_code == 200
    assert response.json()["results"]


def test_meetings_carry_ratings_with_scores_and_levels(client, area_a, official_a):
    data = get(client, "api:meetings", bearer(official_a), year=2009, quarter=1).json()
    (meeting,) = data["results"]
    (rating,) = meeting["ratings"]
    assert meeting["quorum"] is True and meeting["status"] == "submitted"
    assert rating["very_satisfied"] == 7 and rating["votes"] == 10
    assert rating["score"] == 92.0 and rating["level"] == "very_satisfied"


def test_filters_by_year_quarter_and_area_code(client, area_a, official_a):
    headers = bearer(official_a)
    assert len(get(client, "api:meetings", headers, year=2009).json()["results"]) == 3
    assert len(get(client, "api:meetings", headers, quarter=2).json()["results"]) == 1
    other = get(client, "api:meetings", headers, community="DA-2-0").json()["results"]
    assert other == []
    grievances = get(client, "api:grievances", headers, year=2009, quarter=1).json()
    assert len(grievances["results"]) == 2
    assert get(client, "api:grievances", headers, quarter=2).json()["results"] == []


def test_a_revoked_token_is_refused_as_problem_json(client, area_a, official_a):
    headers = bearer(official_a)
    ApiToken.objects.update(revoked_at="2010-01-01T00:00:00Z")
    response = get(client, "api:meetings", headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


def test_a_token_of_a_deactivated_user_is_refused(client, area_a, official_a):
    headers = bearer(official_a)
    official_a.is_active = False
    official_a.save()
    assert get(client, "api:meetings", headers).status_code == 401


def test_a_bad_parameter_is_a_problem_naming_it(client, official_a):
    response = client.get(url("api:rankings"), {"year": "20x9", "level": "county"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()["errors"]) == {"year", "level"}


def command_rows(*args):
    out = io.StringIO()
    call_command("rankings", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue(), parse_float=Decimal)


@pytest.mark.parametrize(
    "params",
    [
        {"level": "district"},
        {"level": "street"},
        {"level": "street", "district": "DA"},
    ],
)
def test_published_rankings_are_the_commands_rows(client, area_a, area_b, city_official, params):
    publication_services.publication_publish_rankings(user=city_official, year=2009)
    response = client.get(url("api:rankings"), {"year": 2009, **params})
    args = ["2009", "--level", params["level"]]
    if "district" in params:
        args += ["--district", params["district"]]
    assert json.loads(response.content, parse_float=Decimal)["results"] == command_rows(*args)


def test_a_city_token_gets_the_commands_rows_computed_now(client, area_a, area_b, city_official):
    response = get(client, "api:rankings", bearer(city_official), year=2009, level="district")
    assert json.loads(response.content, parse_float=Decimal)["results"] == command_rows(
        "2009", "--level", "district"
    )


def test_unpublished_rankings_are_404_without_a_token(client, area_a):
    response = client.get(url("api:rankings"), {"year": 2009, "level": "district"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_department_token_gets_404_for_unpublished_rankings(client, area_a, dept_a1):
    response = get(client, "api:rankings", bearer(dept_a1), year=2009, level="district")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_department_token_gets_the_published_rankings_as_a_visitor_does(
    client, area_a, area_b, city_official, dept_a1
):
    publication_services.publication_publish_rankings(user=city_official, year=2009)
    response = get(client, "api:rankings", bearer(dept_a1), year=2009, level="district")
    assert response.json()["published_at"] is not None
    assert (
        response.json()
        == client.get(url("api:rankings"), {"year": 2009, "level": "district"}).json()
    )


def test_published_quarters_are_readable_without_a_token(client, area_a, official_a):
    publication = publication_services.publication_publish_quarter(
        user=official_a, year=2009, quarter=1
    )
    listed = client.get(url("api:publications")).json()["results"]
    assert [p["id"] for p in listed] == [publication.pk]
    content = client.get(url("api:publication", publication.pk)).json()["content"]
    assert "公示警官A" in json.dumps(content, ensure_ascii=False)
    assert "秘密意见" not in json.dumps(content, ensure_ascii=False)


def test_lists_answer_with_an_etag_and_304_when_unchanged(client, area_a, official_a):
    headers = bearer(official_a)
    first = get(client, "api:meetings", headers)
    assert first["ETag"]
    assert "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    again = get(client, "api:meetings", {**headers, "HTTP_IF_NONE_MATCH": first["ETag"]})
    assert again.status_code == 304


def test_cursor_pagination_walks_every_row_once(client, area_a, official_a):
    headers = bearer(official_a)
    page = get(client, "api:communities", headers, page_size=2).json()
    codes = [c["code"] for c in page["results"]]
    while page["next"]:
        page = client.get(page["next"], **headers).json()
        codes += [c["code"] for c in page["results"]]
    assert codes == ["DA-1-0", "DA-1-1", "DA-1-2", "DA-2-0", "DA-2-1"]


def test_a_bad_cursor_is_a_problem_not_a_500(client, official_a):
    response = get(client, "api:communities", bearer(official_a), cursor="not-a-cursor")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_the_rate_limit_is_counted_in_the_database_and_answers_429(client, settings, city):
    settings.API_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 2
    assert [client.get(url("api:publications")).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    response = client.get(url("api:publications"))
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"]
    assert RateWindow.objects.get().count == 4


def test_a_token_user_is_limited_apart_from_anonymous_visitors(client, settings, official_a):
    settings.API_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 1
    client.get(url("api:publications"))
    assert client.get(url("api:publications")).status_code == 429
    assert get(client, "api:districts", bearer(official_a)).status_code == 200


def grow(city, n):
    """n more reviewed communities with grievances in district A's first street."""
    from tests.publication.helpers import review

    for i in range(n):
        community = factories.CommunityFactory(
            street=city.street_a1, code=f"DA-1-X{i}", representatives=20
        )
        official = factories.PostingFactory(
            community=community,
            role="director",
            start_date="2008-01-01",
            official=factories.OfficialFactory(code=f"OF-X{i}"),
        ).official
        review(community, official, 2009, 1, (5, 3, 1, 1))
        factories.GrievanceFactory(community=community)


@pytest.mark.parametrize("name", [*LISTS, "api:publications", "api:figures"])
def test_list_endpoints_cost_the_same_queries_at_two_sizes(
    client, city, area_a, official_a, django_assert_num_queries, name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = bearer(official_a)
    get(client, name, headers)  # warm-up: the token's last use, this minute's counter
    with CaptureQueriesContext(connection) as small:
        assert get(client, name, headers).status_code == 200
    grow(city, 6)
    with django_assert_num_queries(len(small)):
        assert get(client, name, headers).status_code == 200


@pytest.mark.parametrize(
    "args",
    [
        ["2010", "--level", "district"],
        ["2009", "--level", "district"],
        ["2010", "--level", "street"],
        ["2009", "--level", "street", "--district", "JLP"],
    ],
)
def test_the_demos_published_rankings_are_the_commands_rows_without_a_token(client, demo, args):
    params = {"year": args[0], "level": args[2]}
    if "--district" in args:
        params["district"] = args[4]
    response = client.get(url("api:rankings"), params)
    assert response.status_code == 200
    assert json.loads(response.content, parse_float=Decimal)["results"] == command_rows(*args)


def test_the_demo_publishes_its_districts_quarters_up_to_2010_q2(client, demo):
    from publication.selectors import current_quarters

    quarters = {(p.district.code, p.year, p.quarter) for p in current_quarters()}
    assert ("JB", 2010, 2) in quarters and ("JLP", 2009, 3) in quarters
    assert max((y, q) for _d, y, q in quarters) == (2010, 2)


def test_the_figures_are_the_figures_commands_rows_for_the_same_year(client, city, city_official):
    from django.utils import timezone

    factories.GrievanceFactory(
        community=city.a1[0], disposition="on_the_spot", resolved_on="2009-03-01"
    )
    factories.GrievanceFactory(community=city.b1[0], key_dispute=True, kind="dispute")
    out = io.StringIO()
    call_command(
        "figures",
        "2009-01-01",
        "2009-12-31",
        "--by",
        "community",
        "--as-of",
        timezone.localdate().isoformat(),
        "--format",
        "json",
        stdout=out,
    )
    command = json.loads(out.getvalue(), parse_float=Decimal)
    response = get(client, "api:figures", bearer(city_official))
    results = json.loads(response.content, parse_float=Decimal)["results"]
    assert [{k: row[k] for k in command[0]} for row in results] == command


def test_a_published_bulletin_is_readable_without_a_token_with_its_month(
    client, bulletins, official_a
):
    from tests.fixtures.bulletins import SECRET

    publication = publication_services.publication_publish_bulletin(
        user=official_a, bulletin=bulletins.a
    )
    listed = client.get(url("api:publications"), {"kind": "bulletin"}).json()["results"]
    assert [(p["id"], p["kind"], p["month"]) for p in listed] == [(publication.pk, "bulletin", 4)]
    content = client.get(url("api:publication", publication.pk)).json()["content"]
    assert content["departments"][0]["key"] == "judicial"
    assert SECRET not in json.dumps(content, ensure_ascii=False)
