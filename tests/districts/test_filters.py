"""The area filters of districts/filters.py offer only the user's areas and refuse
another's."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_the_street_filter_offers_only_visible_streets(client, official_a):
    client.force_login(official_a)
    form = client.get(reverse("districts:community_list")).context["filter"].form
    assert codes(form.fields["street"].queryset) == ["DA-1", "DA-2"]


def test_filtering_by_another_districts_street_is_refused_and_shows_nothing(
    client, official_a, city
):
    client.force_login(official_a)
    response = client.get(reverse("districts:community_list"), {"street": city.street_b1.code})
    assert response.context["filter"].form.errors["street"]
    assert "DB-1-0" not in response.content.decode()
