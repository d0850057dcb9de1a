"""dashboard/navigation.py: the departments' bulletins are in the navigation of those who
read them (district and city officials), not of street or department staff."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "listed"),
    [
        ("official_a", True),
        ("city_official", True),
        ("staff_a1", False),
        ("dept_a1", False),
    ],
)
def test_the_bulletins_are_in_the_navigation_of_who_reads_them(client, request, who, listed):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("account"))
    urls = [item["url"] for item in response.context["nav_items"]]
    assert (reverse("grievances:bulletins") in urls) is listed
