"""The recommendation steps of evaluations/views/recommendations.py: POST only, and only by
the staff of the recommendation's street."""

import pytest
from django.urls import reverse

from evaluations.models import Recommendation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["evaluations:recommendation_send", "evaluations:recommendation_outcome"]
)
def test_recommendation_steps_are_post_only(client, staff_a1, meetings, name):
    client.force_login(staff_a1)
    recommendation = Recommendation.objects.get(community__code="DA-1-0")
    assert client.get(reverse(name, args=[recommendation.pk])).status_code == 405


def test_staff_record_sending_and_the_outcome_of_a_recommendation(client, staff_a1, meetings):
    client.force_login(staff_a1)
    recommendation = Recommendation.objects.get(community__code="DA-1-0")
    client.post(
        reverse("evaluations:recommendation_send", args=[recommendation.pk]),
        {"sent_on": "2009-07-01", "addressed_to": "甲一派出所", "version": recommendation.version},
    )
    recommendation.refresh_from_db()
    client.post(
        reverse("evaluations:recommendation_outcome", args=[recommendation.pk]),
        {
            "outcome": "retained",
            "outcome_on": "2009-07-20",
            "reason": "",
            "version": recommendation.version,
        },
    )
    recommendation.refresh_from_db()
    assert (str(recommendation.sent_on), recommendation.outcome) == ("2009-07-01", "")
    client.post(
        reverse("evaluations:recommendation_outcome", args=[recommendation.pk]),
        {
            "outcome": "retained",
            "outcome_on": "2009-07-20",
            "reason": "整改到位",
            "version": recommendation.version,
        },
    )
    recommendation.refresh_from_db()
    assert (recommendation.outcome, recommendation.reason) == ("retained", "整改到位")


def test_a_district_official_cannot_record_an_outcome(client, official_a, meetings):
    client.force_login(official_a)
    recommendation = Recommendation.objects.get(community__code="DA-1-0")
    response = client.post(
        reverse("evaluations:recommendation_send", args=[recommendation.pk]),
        {"sent_on": "2009-07-01", "addressed_to": "x"},
    )
    assert response.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.sent_on is None


def test_staff_of_another_street_cannot_record_sending(client, staff_b1, meetings):
    client.force_login(staff_b1)
    recommendation = Recommendation.objects.get(community__code="DA-1-0")
    response = client.post(
        reverse("evaluations:recommendation_send", args=[recommendation.pk]),
        {"sent_on": "2009-07-01", "addressed_to": "x"},
    )
    assert response.status_code == 404
