"""The review filters of evaluations/filters.py offer only the user's areas."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_street_filter_of_the_results_offers_only_visible_streets(client, official_a, city):
    client.force_login(official_a)
    form = client.get(reverse("evaluations:rating_list")).context["filter"].form
    assert sorted(form.fields["street"].queryset.values_list("code", flat=True)) == ["DA-1", "DA-2"]
