"""CSV import and export in the admin (dashboard/admin_views.py): the same framework as the
commands, scoped to the administrator. The import page refuses, before any work, a file it
could not finish within the request (gunicorn ends one after 30 s), and reads what it
accepts as a stream."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import interchange
from dashboard.management.commands.bench import city_csv
from districts.models import Community
from tests import factories
from tests.districts.interchange.test_areas import GOOD, HEADER

pytestmark = pytest.mark.django_db


def upload(client, lines, dry_run=False):
    data = ("\n".join(lines) + "\n").encode()
    payload = {"kind": "areas", "file": SimpleUploadedFile("areas.csv", data, "text/csv")}
    payload["dry_run"] = "yes" if dry_run else "no"
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


LIMIT = interchange.get_kind("areas").max_upload_rows


def areas_rows(count: int) -> bytes:
    lines = city_csv(prefix="Z").split(b"\n")
    assert len(lines) > count + 1
    return b"\n".join(lines[: count + 1]) + b"\n"


def upload_file(client, data: bytes, kind="areas", dry_run=False):
    payload = {"kind": kind, "file": SimpleUploadedFile(f"{kind}.csv", data, "text/csv")}
    payload["dry_run"] = "yes" if dry_run else "no"
    return client.post(reverse("admin_import_csv"), payload)


def test_a_file_over_the_row_limit_is_refused_naming_the_limit_and_the_command(client, superuser):
    client.force_login(superuser)
    response = upload_file(client, areas_rows(LIMIT + 1))
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        f"This file has {LIMIT + 1} rows; this page imports at most {LIMIT} rows of areas "
        "at a time, to finish within the time a page is given. Import larger files on the "
        "server with: python manage.py import_csv areas FILE"
    ]
    assert response.context["report"] is None
    assert not Community.objects.filter(code__startswith="Z").exists()


def test_a_file_over_the_row_limit_is_refused_before_the_import_looks_anything_up(
    client, superuser
):
    client.force_login(superuser)
    with CaptureQueriesContext(connection) as queries:
        response = upload_file(client, areas_rows(LIMIT + 1), dry_run=True)
    assert response.context["errors"] is None
    touched = [q["sql"] for q in queries.captured_queries if "districts_" in q["sql"]]
    # only the logged-in user is read, none of the areas the import would check
    assert all('FROM "districts_user"' in sql for sql in touched), touched


def test_blank_lines_do_not_count_toward_the_row_limit(client, superuser):
    client.force_login(superuser)
    data = (HEADER + "\n" + "\n" * (LIMIT + 5) + "\n".join(GOOD) + "\n").encode()
    response = upload_file(client, data)
    assert response.context["report"].created["communities"] == 3


def test_an_upload_spooled_to_disk_is_imported_from_the_file(client, superuser, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64  # every upload goes to a temporary file
    client.force_login(superuser)
    response = upload_file(client, ("\n".join([HEADER, *GOOD]) + "\n").encode())
    assert response.context["report"].created["communities"] == 3
    assert Community.objects.filter(code__startswith="JB-WLD").count() == 2


def test_the_page_tells_each_importable_kinds_row_limit(client, superuser):
    client.force_login(superuser)
    body = client.get(reverse("admin_import_csv")).content.decode()
    for kind in interchange.kinds().values():
        if kind.importable:
            assert f"at most {kind.max_upload_rows} rows here" in body
    assert "python manage.py import_csv KIND FILE" in body


def test_the_import_page_asks_to_choose_between_checking_and_importing(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin_import_csv")).content.decode()
    assert 'type="radio" name="dry_run"' in page
    assert "checked" not in page.split('name="dry_run"', 1)[1].split("</div>", 1)[0]


def test_an_upload_without_the_choice_is_refused_and_saves_nothing(client, superuser):
    client.force_login(superuser)
    data = ("\n".join([HEADER, *GOOD]) + "\n").encode()
    response = client.post(
        reverse("admin_import_csv"),
        {"kind": "areas", "file": SimpleUploadedFile("areas.csv", data, "text/csv")},
    )
    assert response.context["form"].errors["dry_run"] == [
        "Choose whether to check only or to import."
    ]
    assert not Community.objects.filter(code__startswith="JB-WLD").exists()


def test_a_check_says_plainly_that_nothing_was_saved(client, superuser):
    client.force_login(superuser)
    page = upload(client, [HEADER, *GOOD], dry_run=True).content.decode()
    assert "Checked only: nothing was saved." in page
    assert not Community.objects.filter(code__startswith="JB-WLD").exists()


def test_an_import_says_plainly_that_it_saved(client, superuser):
    client.force_login(superuser)
    page = upload(client, [HEADER, *GOOD]).content.decode()
    assert "Saved: the changes above are in the database." in page


def test_importing_the_same_file_again_says_there_was_nothing_to_save(client, superuser):
    client.force_login(superuser)
    upload(client, [HEADER, *GOOD])
    page = upload(client, [HEADER, *GOOD]).content.decode()
    assert "Nothing to save: every row already matched what is stored." in page


def test_the_admin_index_links_to_the_csv_pages_only_for_administrators(client, city, superuser):
    staff_with_admin_access = factories.StreetStaffFactory(
        username="clerk", street=city.street_a1, is_staff=True
    )
    client.force_login(staff_with_admin_access)
    assert reverse("admin_import_csv") not in client.get(reverse("admin:index")).content.decode()
    client.force_login(superuser)
    assert reverse("admin_import_csv") in client.get(reverse("admin:index")).content.decode()
