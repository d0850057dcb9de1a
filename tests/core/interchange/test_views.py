"""CSV import and export in the admin (core/interchange/views.py): the same framework as
the commands, scoped to the administrator. An upload is stored and imported by the worker
(core/interchange/uploads.py); its status page shows the report or every error."""

import pytest
from django.urls import reverse

from districts.models import Community
from tests.districts.interchange.test_areas import GOOD, HEADER

from .upload_helpers import areas_rows, imported, upload, upload_file

pytestmark = pytest.mark.django_db


def test_a_superuser_imports_areas_from_the_admin(client, superuser, run_worker):
    client.force_login(superuser)
    response = upload(client, run_worker, [HEADER, *GOOD])
    assert response.status_code == 200
    assert response.context["report"].created["communities"] == 3
    assert Community.objects.filter(code__startswith="JB-WLD").count() == 2


def test_the_admin_import_shows_every_error_with_its_row_and_saves_nothing(
    client, superuser, run_worker
):
    client.force_login(superuser)
    before = Community.objects.count()
    response = upload(client, run_worker, [HEADER, GOOD[0], GOOD[0]])
    assert [str(e) for e in response.context["errors"]] == [
        "row 3, community_code: duplicate code JB-WLD-01: already on row 2."
    ]
    assert "1 error; nothing was imported." in response.content.decode()
    assert Community.objects.count() == before


def test_a_district_administrator_cannot_import_into_another_district(client, admin_a, run_worker):
    client.force_login(admin_a)
    response = upload(client, run_worker, [HEADER, *GOOD])
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


def test_an_upload_waits_for_the_worker_and_says_so(client, superuser):
    client.force_login(superuser)
    response = upload_file(client, ("\n".join([HEADER, *GOOD]) + "\n").encode())
    page = client.get(response["Location"])
    assert page.context["state"].status == "READY"
    body = page.content.decode()
    assert "waiting for the worker" in body
    assert '<meta http-equiv="refresh" content="3">' in body
    assert not Community.objects.filter(code__startswith="JB-WLD").exists()


def test_a_finished_import_shows_its_progress_and_stops_reloading(client, superuser, run_worker):
    client.force_login(superuser)
    page = imported(client, run_worker, areas_rows(2500))
    state = page.context["state"]
    assert (state.status, state.done, state.total, state.percent) == ("SUCCESSFUL", 2500, 2500, 100)
    body = page.content.decode()
    assert "2500 / 2500 (100%)" in body
    assert 'http-equiv="refresh"' not in body


def test_another_administrator_gets_404_on_an_uploads_status_page(
    client, admin_a, admin_city, run_worker
):
    client.force_login(admin_a)
    location = upload_file(client, ("\n".join([HEADER, *GOOD]) + "\n").encode())["Location"]
    run_worker()
    client.force_login(admin_city)
    assert client.get(location).status_code == 404


def test_the_page_says_any_number_of_rows_goes_through_the_worker(client, superuser):
    client.force_login(superuser)
    body = client.get(reverse("admin_import_csv")).content.decode()
    assert "any number of rows: it is imported in the background by the worker" in body
    assert "rows here" not in body


def test_a_check_says_plainly_that_nothing_was_saved(client, superuser, run_worker):
    client.force_login(superuser)
    page = upload(client, run_worker, [HEADER, *GOOD], dry_run=True).content.decode()
    assert "Checked only: nothing was saved." in page
    assert not Community.objects.filter(code__startswith="JB-WLD").exists()


def test_an_import_says_plainly_that_it_saved(client, superuser, run_worker):
    client.force_login(superuser)
    page = upload(client, run_worker, [HEADER, *GOOD]).content.decode()
    assert "Saved: the changes above are in the database." in page


def test_importing_the_same_file_again_says_there_was_nothing_to_save(
    client, superuser, run_worker
):
    client.force_login(superuser)
    upload(client, run_worker, [HEADER, *GOOD])
    page = upload(client, run_worker, [HEADER, *GOOD]).content.decode()
    assert "Nothing to save: every row already matched what is stored." in page
