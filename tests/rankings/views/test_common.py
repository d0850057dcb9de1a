"""What the ranking pages share (rankings/views/common.py): a garbage year or quarter in
the address opens the latest."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("rankings:league", {"year": str(10**12), "quarter": "-1"}),
        ("rankings:city", {"year": "9" * 5000}),
    ],
)
def test_a_ranking_with_a_garbage_year_or_quarter_shows_the_latest(
    client, city_official, city, url_name, params
):
    client.force_login(city_official)
    assert client.get(reverse(url_name), params).status_code == 200


@pytest.mark.parametrize(
    ("url_name", "args"),
    [
        ("rankings:city", []),
        ("rankings:league", []),
    ],
)
def test_department_staff_get_404_on_the_rankings_computed_now(
    client, city, dept_a1, staff_a1, url_name, args
):
    client.force_login(dept_a1)
    assert client.get(reverse(url_name, args=args), {"year": 2008}).status_code == 404
    client.force_login(staff_a1)  # the control: a street's own staff open the city's ranking
    assert client.get(reverse("rankings:city"), {"year": 2008}).status_code == 200
