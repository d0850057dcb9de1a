"""The recommendation steps of evaluations/views/recommendations.py: POST only, and only by
the staff of the recommendation's street."""

import datetime

import pytest
from django.urls import reverse

from evaluations import services
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


def replaced(recommendation):
    services.recommendation_send(
        recommendation=recommendation,
        sent_on=datetime.date(2009, 7, 1),
        addressed_to="甲一派出所",
        user=None,
    )
    return services.recommendation_close(
        recommendation=recommendation,
        outcome="replaced",
        outcome_on=datetime.date(2009, 8, 1),
        reason="",
        user=None,
    )


def test_the_replacement_recommended_label_links_to_the_recommendation(client, staff_a1, meetings):
    client.force_login(staff_a1)
    recommendation = Recommendation.objects.get(community__code="DA-1-0")
    body = client.get(reverse("evaluations:meeting", args=[meetings["a"].pk])).content.decode()
    assert f'href="{recommendation.get_absolute_url()}">replacement recommended</a>' in body


def test_after_a_replaced_outcome_an_administrator_of_the_area_can_post_the_successor(
    client, admin_a, meetings
):
    recommendation = replaced(Recommendation.objects.get(community__code="DA-1-0"))
    client.force_login(admin_a)
    response = client.get(recommendation.get_absolute_url())
    successor = response.context["successor"]
    assert successor["add"] == (
        reverse("admin:districts_posting_add")
        + f"?community={recommendation.community_id}&role=police"
        + "&organisation=%E7%94%B2%E4%B8%80%E6%B4%BE%E5%87%BA%E6%89%80&start_date=2009-08-01"
    )
    posting = recommendation.official.postings.get()
    assert successor["end"] == reverse("admin:districts_posting_change", args=[posting.pk])
    assert "Post the successor" in response.content.decode()
    assert client.get(successor["add"]).status_code == 200


def test_street_staff_who_may_not_manage_postings_get_no_successor_link(client, staff_a1, meetings):
    recommendation = replaced(Recommendation.objects.get(community__code="DA-1-0"))
    client.force_login(staff_a1)
    response = client.get(recommendation.get_absolute_url())
    assert response.context["successor"] == {}
    assert "Post the successor" not in response.content.decode()


def test_a_retained_official_has_no_successor_to_post(client, admin_a, meetings):
    recommendation = Recommendation.objects.get(community__code="DA-1-0")
    client.force_login(admin_a)
    assert client.get(recommendation.get_absolute_url()).context["successor"] == {}
