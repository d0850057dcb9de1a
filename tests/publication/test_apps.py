"""What publication adds to lower pages (publication/apps.py): a district's page says which
of its published quarters are out of date, the city ranking whether the year's published
rankings are."""

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


def test_the_city_ranking_marks_the_years_published_rankings_changed_since(
    client, area_a, official_a, city_official
):
    services.publication_publish_rankings(user=city_official, year=2009)
    review(area_a.community, area_a.official, 2009, 1, (0, 0, 0, 10))
    client.force_login(city_official)
    page = client.get(reverse("rankings:city"), {"year": 2009}).content.decode()
    status = page[page.index('data-testid="rankings-publication"') :]
    assert "out of date: changed since publication on" in status
    assert 'data-testid="republish"' in status


def test_the_city_ranking_says_the_published_rankings_are_up_to_date_without_an_action(
    client, area_a, city_official
):
    services.publication_publish_rankings(user=city_official, year=2009)
    client.force_login(city_official)
    page = client.get(reverse("rankings:city"), {"year": 2009}).content.decode()
    status = page[page.index('data-testid="rankings-publication"') :]
    assert "up to date" in status
    assert 'data-testid="republish"' not in page


def test_a_district_official_sees_the_city_rankings_mark_without_the_action_to_publish(
    client, area_a, official_a, city_official
):
    services.publication_publish_rankings(user=city_official, year=2009)
    review(area_a.community, area_a.official, 2009, 1, (0, 0, 0, 10))
    client.force_login(official_a)
    page = client.get(reverse("rankings:city"), {"year": 2009}).content.decode()
    assert "out of date: changed since publication on" in page
    assert 'data-testid="republish"' not in page
