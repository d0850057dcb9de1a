"""What publication adds to lower pages (publication/apps.py): a district's page says
which of its published quarters are out of date."""

import pytest
from django.urls import reverse

from publication import services

from .helpers import review

pytestmark = pytest.mark.django_db


def test_the_district_page_marks_a_published_quarter_changed_since(client, area_a, official_a):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    services.publication_publish_quarter(user=official_a, year=2009, quarter=2)
    review(area_a.community, area_a.official, 2009, 1, (0, 0, 0, 10))
    client.force_login(official_a)
    page = client.get(reverse("districts:district", args=["DA"])).content.decode()
    section = page[page.index('data-testid="district-publications"') :]
    assert section.count("out of date: changed since publication on") == 1
    assert section.count('data-testid="republish"') == 1
    assert "up to date" in section


def test_a_city_official_sees_the_mark_without_the_action_to_publish(
    client, area_a, official_a, city_official
):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    review(area_a.community, area_a.official, 2009, 1, (0, 0, 0, 10))
    client.force_login(city_official)
    page = client.get(reverse("districts:district", args=["DA"])).content.decode()
    assert "out of date: changed since publication on" in page
    assert 'data-testid="republish"' not in page
