"""The publication page (publication/views.py): preview, confirm and withdraw, for
officials; publications out of date marked with the action to publish again."""

import pytest
from django.urls import reverse
from django.utils import timezone

from publication import services
from publication.models import Publication

from .helpers import review

pytestmark = pytest.mark.django_db

QUARTER = {"kind": "quarter", "year": 2009, "quarter": 1}


def confirm(client, data):
    """Preview, then confirm the preview as its form does."""
    shown = client.post(reverse("publication:publish"), data).context["shown"]
    return client.post(
        reverse("publication:publish"), {**data, "digest": shown.digest, "confirm": "yes"}
    )


def test_a_district_official_publishes_a_quarter_from_the_page(client, area_a, official_a):
    client.force_login(official_a)
    response = confirm(client, QUARTER)
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert (publication.district, publication.published_by) == (official_a.district, official_a)
    page = client.get(reverse("publication:manage")).content.decode()
    assert "2009 Q1" in page


def test_the_form_first_shows_what_the_public_will_see_and_publishes_nothing(
    client, area_a, official_a
):
    client.force_login(official_a)
    response = client.post(reverse("publication:publish"), QUARTER)
    assert response.status_code == 200
    page = response.content.decode()
    assert "公示警官A" in page and "No review meeting was held." in page
    assert "4 of 5 communities" in page
    assert 'name="confirm" value="yes"' in page
    assert "秘密意见" not in page
    assert not Publication.objects.exists()


def test_a_confirmation_after_the_data_changed_shows_the_new_preview_and_publishes_nothing(
    client, area_a, official_a
):
    client.force_login(official_a)
    shown = client.post(reverse("publication:publish"), QUARTER).context["shown"]
    review(area_a.community, area_a.official, 2009, 1, (0, 0, 0, 10))
    response = client.post(
        reverse("publication:publish"), {**QUARTER, "digest": shown.digest, "confirm": "yes"}
    )
    assert response.status_code == 409
    assert "The data changed after your preview" in response.content.decode()
    assert response.context["shown"].digest != shown.digest
    assert not Publication.objects.exists()


def test_an_empty_quarter_is_refused_with_a_clear_error_naming_the_field(
    client, area_a, official_a
):
    client.force_login(official_a)
    response = client.post(reverse("publication:publish"), {**QUARTER, "quarter": 3})
    assert response.status_code == 400
    assert "no results to publish" in response.context["quarter_form"].errors["quarter"][0]
    assert not Publication.objects.exists()


def test_the_forms_offer_the_last_complete_quarter_and_year_with_data(
    client, area_a, official_a, city_official
):
    client.force_login(official_a)
    form = client.get(reverse("publication:manage")).context["quarter_form"]
    assert (form.initial["year"], form.initial["quarter"]) == (2009, 2)
    client.force_login(city_official)
    assert client.get(reverse("publication:manage")).context["year_form"].initial["year"] == 2009


def test_a_publication_whose_data_changed_is_marked_out_of_date_with_the_action_to_publish_again(
    client, area_a, official_a
):
    publication = services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    review(area_a.community, area_a.official, 2009, 1, (0, 0, 0, 10))
    client.force_login(official_a)
    page = client.get(reverse("publication:manage")).content.decode()
    assert "out of date: changed since publication on" in page
    assert timezone.localtime(publication.published_at).strftime("%Y-%m-%d %H:%M") in page
    assert 'data-testid="republish"' in page


def test_an_unchanged_publication_is_not_marked_out_of_date(client, area_a, official_a):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    client.force_login(official_a)
    page = client.get(reverse("publication:manage")).content.decode()
    assert "out of date" not in page and 'data-testid="republish"' not in page


def test_a_rankings_publication_whose_year_changed_is_marked_out_of_date(
    client, area_a, city_official
):
    services.publication_publish_rankings(user=city_official, year=2009)
    review(area_a.community, area_a.official, 2009, 2, (0, 0, 0, 10))
    client.force_login(city_official)
    page = client.get(reverse("publication:manage")).content.decode()
    assert "out of date: changed since publication on" in page


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
    response = client.post(reverse("publication:publish"), {**QUARTER, "confirm": "yes"})
    assert response.status_code == 403
    assert not Publication.objects.exists()


def test_a_city_official_publishes_and_withdraws_the_rankings(client, area_a, city_official):
    client.force_login(city_official)
    confirm(client, {"kind": "rankings", "year": 2009})
    publication = Publication.objects.get()
    client.post(reverse("publication:withdraw", args=[publication.pk]))
    publication.refresh_from_db()
    assert publication.withdrawn_by == city_official


def test_the_page_lists_only_the_users_districts_publications(
    client, area_a, area_b, official_a, official_b
):
    client.force_login(official_b)
    confirm(client, QUARTER)
    assert Publication.objects.filter(district=official_b.district).exists()
    client.force_login(official_a)
    page = client.get(reverse("publication:manage")).content.decode()
    assert "乙区" not in page
