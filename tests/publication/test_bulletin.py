"""Publishing a district's monthly departments' bulletin (publication/services.py,
views.publish_bulletin, notice.bulletin): its district's officials publish and withdraw
it; the public sees the departments and their figures, never an item, a summary or a
resident."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from publication import services
from publication.models import Publication
from tests.fixtures.bulletins import SECRET

pytestmark = pytest.mark.django_db


def notice_url(bulletin):
    return reverse("notice:bulletin", args=[bulletin.district.code, 2009, 4])


def test_the_district_official_publishes_the_bulletin_from_its_page(client, bulletins, official_a):
    client.force_login(official_a)
    response = client.post(reverse("publication:publish_bulletin", args=[bulletins.a.pk]))
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert (publication.kind, publication.district, publication.month) == (
        "bulletin",
        official_a.district,
        4,
    )
    page = client.get(reverse("grievances:bulletin", args=[bulletins.a.pk])).content.decode()
    assert 'data-testid="bulletin-public"' in page
    assert 'data-testid="withdraw-bulletin"' in page


def test_the_public_sees_departments_and_figures_but_no_summary(client, bulletins, official_a):
    services.publication_publish_bulletin(user=official_a, bulletin=bulletins.a)
    client.logout()
    response = client.get(notice_url(bulletins.a) + "?lang=en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "judicial office" in page and "50.00%" in page
    assert SECRET not in page
    assert "R-2009" not in page  # no item reference either
    snapshot = Publication.objects.get().snapshot
    assert "summary" not in str(snapshot) and SECRET not in str(snapshot)


def test_the_districts_notice_page_lists_its_published_bulletins(client, bulletins, official_a):
    services.publication_publish_bulletin(user=official_a, bulletin=bulletins.a)
    page = client.get(reverse("notice:district", args=["DA"])).content.decode()
    assert notice_url(bulletins.a) in page


def test_a_withdrawn_bulletin_leaves_the_notice_board(client, bulletins, official_a):
    publication = services.publication_publish_bulletin(user=official_a, bulletin=bulletins.a)
    client.force_login(official_a)
    client.post(reverse("publication:withdraw", args=[publication.pk]))
    publication.refresh_from_db()
    assert publication.withdrawn_by == official_a
    client.logout()
    assert client.get(notice_url(bulletins.a)).status_code == 404


def test_an_unpublished_bulletin_is_not_on_the_notice_board(client, bulletins):
    assert client.get(notice_url(bulletins.a)).status_code == 404


@pytest.mark.parametrize("who", ["city_official", "official_b"])
def test_no_one_else_publishes_a_districts_bulletin(client, request, bulletins, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.publication_publish_bulletin(user=user, bulletin=bulletins.a)
    client.force_login(user)
    response = client.post(reverse("publication:publish_bulletin", args=[bulletins.a.pk]))
    assert response.status_code == (403 if who == "city_official" else 404)
    assert not Publication.objects.exists()


def test_publishing_again_replaces_the_publication_unchanged(bulletins, official_a):
    first = services.publication_publish_bulletin(user=official_a, bulletin=bulletins.a)
    services.publication_withdraw(user=official_a, publication=first)
    second = services.publication_publish_bulletin(user=official_a, bulletin=bulletins.a)
    assert (second.replaces, second.corrected) == (first, False)
