"""The policy pages of evaluations/views/policy.py: city officials edit this year's."""

import datetime

import pytest
from django.urls import reverse

from evaluations.models import Policy

pytestmark = pytest.mark.django_db


def test_only_city_officials_edit_the_policy(client, official_a, city_official):
    year = datetime.date.today().year
    client.force_login(official_a)
    assert client.get(reverse("evaluations:policy_edit", args=[year])).status_code == 403
    client.force_login(city_official)
    assert client.get(reverse("evaluations:policy_edit", args=[year])).status_code == 200


def test_a_past_years_policy_cannot_be_edited(client, city_official):
    client.force_login(city_official)
    response = client.get(reverse("evaluations:policy_edit", args=[2009]))
    assert response.status_code == 302


def test_a_policy_year_past_the_column_is_not_found(client, city_official):
    client.force_login(city_official)
    url = reverse("evaluations:policy_edit", args=[10**12])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert not Policy.objects.filter(year__gt=3000).exists()


def test_a_refused_policy_page_says_the_policy_belongs_to_the_city(client, staff_a1):
    client.force_login(staff_a1)
    response = client.get(reverse("evaluations:policy_edit", args=[datetime.date.today().year]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "only city officials change it" in page
    assert "street office&#x27;s staff" not in page
