"""The meeting entry form of evaluations/forms.py: counts within their columns."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_counts_past_the_integer_column_are_refused_by_the_meeting_form(client, staff_a1, city):
    official = factories.PostingFactory(community=city.a1[0]).official
    client.force_login(staff_a1)
    response = client.post(
        reverse("evaluations:meeting_edit", args=["DA-1-0", 2009, 1]),
        {
            "held_on": "2009-02-20",
            "present": 2**40,
            f"{official.pk}-very_satisfied": 2**40,
            f"{official.pk}-satisfied": 0,
            f"{official.pk}-basically_satisfied": 0,
            f"{official.pk}-unsatisfied": 0,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "present" in errors
    assert f"{official.pk}-very_satisfied" in errors
