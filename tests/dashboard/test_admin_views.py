"""CSV import and export in the admin (dashboard/admin_views.py): the same framework as the
commands, scoped to the administrator. An upload is stored and imported by the worker
(dashboard/uploads.py); its status page shows the report or every error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dashboard.models import ImportUpload
from districts.models import Community
from tests import factories
from tests.districts.interchange.test_areas import GOOD, HEADER
from tools.bench_files import city_csv

pytestmark = pytest.mark.django_db


def upload_file(client, data: bytes, kind="areas", dry_run=False):
    payload = {"kind": kind, "file": SimpleUploadedFile(f"{kind}.csv", data, "text/csv")}
    payload["dry_run"] = "yes" if dry_run else "no"
    return client.post(reverse("admin_import_csv"), payload)


def imported(client, run_worker, data: bytes, **kwargs):
    """Upload through the page, let the worker run the job, then read the status page."""
    response = upload_file(client, data, **kwargs)
    assert response.status_code == 302, response.context and response.context["form"].errors
    run_worker()
    return client.get(response["Location"])


def upload(client, run_worker, lines, dry_run=False):
    return imported(client, run_worker, ("\n".join(lines) + "\n").encode(), dry_run=dry_run)


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


def areas_rows(count: int) -> bytes:
    lines = city_csv(prefix="Z").split(b"\n")
    assert len(lines) > count + 1
    return b"\n".join(lines[: count + 1]) + b"\n"


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


def test_a_file_over_the_old_page_limit_is_imported_by_the_worker(client, superuser, run_worker):
    client.force_login(superuser)
    page = imported(client, run_worker, areas_rows(2500))
    assert page.context["report"].rows == 2500
    assert Community.objects.filter(code__startswith="Z").exists()


def test_the_file_is_cleared_from_the_database_once_the_job_has_run(client, superuser, run_worker):
    client.force_login(superuser)
    response = upload_file(client, ("\n".join([HEADER, *GOOD]) + "\n").encode())
    stored = ImportUpload.objects.get()
    assert bytes(stored.data).startswith(HEADER.encode())
    run_worker()
    stored.refresh_from_db()
    assert (bytes(stored.data), stored.report["rows"]) == (b"", 3)
    assert client.get(response["Location"]).status_code == 200


def test_the_file_of_a_failed_import_is_cleared_too(client, superuser, run_worker):
    client.force_login(superuser)
    upload(client, run_worker, [HEADER, GOOD[0], GOOD[0]])
    assert bytes(ImportUpload.objects.get().data) == b""


def test_another_administrator_gets_404_on_an_uploads_status_page(
    client, admin_a, admin_city, run_worker
):
    client.force_login(admin_a)
    location = upload_file(client, ("\n".join([HEADER, *GOOD]) + "\n").encode())["Location"]
    run_worker()
    client.force_login(admin_city)
    assert client.get(location).status_code == 404


def test_a_superuser_may_follow_any_administrators_upload(client, admin_a, superuser):
    client.force_login(admin_a)
    location = upload_file(client, ("\n".join([HEADER, *GOOD]) + "\n").encode())["Location"]
    client.force_login(superuser)
    assert client.get(location).status_code == 200


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(client, superuser, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(superuser)
    response = upload_file(client, areas_rows(1) + b"\n" * (1024 * 1024))
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The file is larger than 1 MB."]
    assert not ImportUpload.objects.exists()


def test_blank_lines_do_not_count_as_rows(client, superuser, run_worker):
    client.force_login(superuser)
    data = (HEADER + "\n" + "\n" * 1005 + "\n".join(GOOD) + "\n").encode()
    page = imported(client, run_worker, data)
    assert page.context["report"].created["communities"] == 3
    assert (page.context["state"].done, page.context["state"].total) == (3, 3)


def test_an_upload_spooled_to_disk_is_imported_from_the_file(
    client, superuser, settings, run_worker
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64  # every upload goes to a temporary file
    client.force_login(superuser)
    page = imported(client, run_worker, ("\n".join([HEADER, *GOOD]) + "\n").encode())
    assert page.context["report"].created["communities"] == 3
    assert Community.objects.filter(code__startswith="JB-WLD").count() == 2


def test_the_page_says_any_number_of_rows_goes_through_the_worker(client, superuser):
    client.force_login(superuser)
    body = client.get(reverse("admin_import_csv")).content.decode()
    assert "any number of rows: it is imported in the background by the worker" in body
    assert "rows here" not in body


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


def test_the_admin_index_links_to_the_csv_pages_only_for_administrators(client, city, superuser):
    staff_with_admin_access = factories.StreetStaffFactory(
        username="clerk", street=city.street_a1, is_staff=True
    )
    client.force_login(staff_with_admin_access)
    assert reverse("admin_import_csv") not in client.get(reverse("admin:index")).content.decode()
    client.force_login(superuser)
    assert reverse("admin_import_csv") in client.get(reverse("admin:index")).content.decode()


def test_an_error_quoting_a_nul_character_from_the_file_is_kept_and_shown(
    client, superuser, run_worker
):
    client.force_login(superuser)
    page = upload(client, run_worker, [HEADER + ",bad\x00", *(g + ",x" for g in GOOD)])
    assert page.context["state"].status == "SUCCESSFUL"
    assert any(e.row == 1 and e.column == "bad\ufffd" for e in page.context["errors"])
    assert not Community.objects.filter(code__startswith="JB-WLD").exists()


def test_an_upload_in_chinese_is_followed_and_reported_in_chinese(client, superuser, run_worker):
    client.force_login(superuser)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    data = ("\n".join([HEADER, GOOD[0], GOOD[0]]) + "\n").encode()
    location = upload_file(client, data)["Location"]
    assert "文件已排队" in client.get(location).content.decode()
    run_worker()
    body = client.get(location).content.decode()
    assert "CSV 导入：areas" in body
    assert "编码 JB-WLD-01 重复：已出现在第 2 行。" in body


def test_a_job_that_breaks_says_it_failed_and_its_file_is_cleared_too(
    client, superuser, run_worker, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("core.interchange.run_import", broken)
    client.force_login(superuser)
    page = upload(client, run_worker, [HEADER, *GOOD])
    assert page.context["state"].status == "FAILED"
    assert "RuntimeError: the database went away" in page.content.decode()
    assert (page.context["report"], page.context["errors"]) == (None, None)
    assert bytes(ImportUpload.objects.get().data) == b""
