"""The bounded paginators of core/pagination.py: whatever ?page= and ?per_page= say, every
list shows a page and asks the database for a sane slice."""

import pytest
from django.test import Client
from django.urls import reverse

from core.pagination import MAX_PER_PAGE
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
    "rankings:survey_list",
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
