"""Pages issue a constant number of queries, whatever the size of the area."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def grow(city, streets, communities_per_street):
    for s in range(streets):
        street = factories.StreetFactory(district=city.district_a, code=f"DA-X{s}")
        for c in range(communities_per_street):
            factories.CommunityFactory(street=street, code=f"DA-X{s}-{c}")


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# session read + user + the page's own queries + the sliding session's save
# (BEGIN, UPDATE, COMMIT); measured once, then held constant.
PAGES = [
    ("home", [], 23),
    ("districts:district_list", [], 7),
    ("districts:street_list", [], 9),
    ("districts:community_list", [], 9),
    ("districts:district", ["DA"], 8),
]


@pytest.mark.parametrize(("name", "args", "expected"), PAGES)
def test_a_page_makes_the_same_number_of_queries_for_a_small_and_a_large_city(
    client, city, city_official, name, args, expected
):
    client.force_login(city_official)
    url = reverse(name, args=args)
    small = queries(client, url)
    grow(city, streets=12, communities_per_street=6)
    large = queries(client, url)
    assert (small, large) == (expected, expected)
