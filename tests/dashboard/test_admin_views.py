"""CSV import and export in the admin (dashboard/admin_views.py): the same framework as the
commands, scoped to the administrator."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from districts.models import Community
from tests.districts.interchange.test_areas import GOOD, HEADER

pytestmark = pytest.mark.django_db


def upload(client, lines, dry_run=False):
    data = ("\n".join(lines) + "\n").encode()
    payload = {"kind": "areas", "file": SimpleUploadedFile("areas.csv", data, "text/csv")}
    if dry_run:
        payload["dry_run"] = "on"
    return client.post(reverse("admin_import_csv"), payload)


def test_a_superuser_imports_areas_from_the_admin(client, superuser):
    client.force_login(superuser)
    response = upload(client, [HEADER, *GOOD])
    assert response.status_code == 200
    assert response.context["report"].created["communities"] == 3
    assert Community.objects.filter(code__startswith="JB-WLD").count() == 2


def test_the_admin_import_shows_every_error_with_its_row_and_saves_nothing(client, superuser):
    client.force_login(superuser)
    before = Community.objects.count()
    response = upload(client, [HEADER, GOOD[0], GOOD[0]])
    assert [str(e) for e in response.context["errors"]] == [
        "row 3, community_code: duplicate code JB-WLD-01: already on row 2."
    ]
    assert Community.objects.count() == before


def test_a_district_administrator_cannot_import_into_another_district(client, admin_a):
    client.force_login(admin_a)
    response = upload(client, [HEADER, *GOOD])
    messages = [str(e) for e in response.context["errors"]]
    assert "row 2, district_code: JB is outside the area you manage." in messages
    assert not Community.objects.filter(code__startswith="JB-").exists()


def test_non_administrators_cannot_reach_the_admin_import(client, official_a):
    client.force_login(official_a)
    response = client.get(reverse("admin_import_csv"))
    assert response.status_code == 302


def test_the_admin_areas_export_of_a_district_administrator_holds_only_their_district(
    client, admin_a
):
    client.force_login(admin_a)
    response = client.get(reverse("admin_export_csv", args=["areas"]))
    body = b"".join(response.streaming_content).decode()
    assert body.count("\n") == 1 + 5
    assert "DB-1" not in body
