"""The bounded paginators of core/pagination.py: whatever ?page= and ?per_page= say, every
list shows a page and asks the database for a sane slice."""

import pytest
from django.test import Client
from django.urls import reverse

from core.pagination import MAX_PER_PAGE
from grievances.models import Grievance
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


LISTS = [
    "grievances:list",
    "evaluations:meeting_list",
    "evaluations:rating_list",
    "evaluations:recommendation_list",
    "districts:district_list",
    "districts:street_list",
    "districts:community_list",
    "evaluations:survey_list",
]


@pytest.mark.parametrize("page", [str(2**63), "9" * 30, "abc", "-1", "0", "１２３"])
@pytest.mark.parametrize("url_name", LISTS)
def test_any_page_number_shows_a_page(client, city_official, city, url_name, page):
    client.force_login(city_official)
    assert client.get(reverse(url_name), {"page": page}).status_code == 200


@pytest.mark.parametrize("per_page", [str(10**12), "-5", "0"])
def test_any_page_size_shows_a_bounded_page(client, city_official, city, per_page):
    factories.GrievanceFactory.create_batch(3, community=city.a1[0])
    client.force_login(city_official)
    response = client.get(reverse("grievances:list"), {"per_page": per_page, "page": 2})
    assert response.status_code == 200
    assert 1 <= response.context["table"].paginator.per_page <= MAX_PER_PAGE


def pages_of(client, per_page, **params):
    refs, page = [], 1
    while True:
        response = client.get(
            reverse("grievances:list"), {"per_page": per_page, "page": page, **params}
        )
        table = response.context["table"]
        refs += [row.record.reference for row in table.page.object_list]
        if not table.page.has_next():
            return refs
        page += 1


@pytest.mark.parametrize("sort", ["", "-received_on", "received_on", "community", "-kind"])
def test_a_keys_first_list_shows_every_row_once_though_sort_keys_tie(
    client, city_official, city, sort
):
    import datetime

    for i in range(12):  # seven items received on one day, five on another
        factories.GrievanceFactory(
            community=city.a1[i % 3], received_on=datetime.date(2009, 3, 1 + (i >= 7))
        )
    client.force_login(city_official)
    refs = pages_of(client, 2, **({"sort": sort} if sort else {}))
    assert sorted(refs) == sorted(Grievance.objects.values_list("reference", flat=True))


def test_a_deep_page_of_a_keys_first_list_takes_the_queries_of_the_first(
    client, city_official, city
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    factories.GrievanceFactory.create_batch(9, community=city.a1[0])
    client.force_login(city_official)
    counts = []
    for page in (1, 4):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("grievances:list"), {"per_page": 2, "page": page})
        assert response.context["table"].page.number == page
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_head_of_a_list_comes_with_the_count_of_all_its_rows_in_one_query(
    django_assert_num_queries,
):
    from core.pagination import head_and_count
    from districts.models import District
    from tests.factories import DistrictFactory

    DistrictFactory.create_batch(7)
    with django_assert_num_queries(1):
        rows, count = head_and_count(District.objects.order_by("code"), 3)
    assert (len(rows), count) == (3, 7)


@pytest.mark.django_db
def test_an_empty_list_has_a_count_of_zero():
    from core.pagination import head_and_count
    from districts.models import District

    assert head_and_count(District.objects.all(), 3) == ([], 0)
