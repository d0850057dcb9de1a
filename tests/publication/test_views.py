"""The publication page (publication/views.py): publish and withdraw, for officials."""

import pytest
from django.urls import reverse

from publication.models import Publication

pytestmark = pytest.mark.django_db


def test_a_district_official_publishes_a_quarter_from_the_page(client, area_a, official_a):
    client.force_login(official_a)
    response = client.post(
        reverse("publication:publish"), {"kind": "quarter", "year": 2009, "quarter": 1}
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert (publication.district, publication.published_by) == (official_a.district, official_a)
    page = client.get(reverse("publication:manage")).content.decode()
    assert "2009 Q1" in page


def test_a_bad_year_is_refused_naming_the_field_and_nothing_is_published(client, official_a):
    client.force_login(official_a)
    response = client.post(
        reverse("publication:publish"), {"kind": "quarter", "year": 1800, "quarter": 1}
    )
    assert response.status_code == 400
    assert "year" in response.context["quarter_form"].errors
    assert not Publication.objects.exists()


def test_street_staff_cannot_publish(client, area_a, staff_a1):
    client.force_login(staff_a1)
    response = client.post(
        reverse("publication:publish"), {"kind": "quarter", "year": 2009, "quarter": 1}
    )
    assert response.status_code == 403
    assert not Publication.objects.exists()


def test_a_city_official_publishes_and_withdraws_the_rankings(client, area_a, city_official):
    client.force_login(city_official)
    client.post(reverse("publication:publish"), {"kind": "rankings", "year": 2009})
    publication = Publication.objects.get()
    client.post(reverse("publication:withdraw", args=[publication.pk]))
    publication.refresh_from_db()
    assert publication.withdrawn_by == city_official


def test_the_page_lists_only_the_users_districts_publications(
    client, area_a, area_b, official_a, official_b
):
    client.force_login(official_b)
    client.post(reverse("publication:publish"), {"kind": "quarter", "year": 2009, "quarter": 1})
    client.force_login(official_a)
    page = client.get(reverse("publication:manage")).content.decode()
    assert "乙区" not in page
