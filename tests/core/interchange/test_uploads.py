"""The admin's uploads (core/interchange/uploads.py and its job, tasks.py): the file is
stored, imported by the worker as its uploader, then cleared; the outcome is kept for the
status page, in the uploader's language, whatever happened."""

import pytest
from django.urls import reverse

from core.models import ImportUpload
from districts.models import Community
from tests.districts.interchange.test_areas import GOOD, HEADER

from .upload_helpers import areas_rows, imported, upload, upload_file

pytestmark = pytest.mark.django_db


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


def test_a_superuser_may_follow_any_administrators_upload(client, admin_a, superuser):
    client.force_login(admin_a)
    location = upload_file(client, ("\n".join([HEADER, *GOOD]) + "\n").encode())["Location"]
    client.force_login(superuser)
    assert client.get(location).status_code == 200


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
