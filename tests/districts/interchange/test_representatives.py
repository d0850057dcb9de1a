"""The representatives kind (districts/interchange/representatives.py): import and export
on real files; all-or-nothing with row numbers; idempotent; personal data kept in scope."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from core import interchange
from districts.models import Representative

pytestmark = pytest.mark.django_db

HEADER = "community_code,name,group,phone,start_date,end_date"
ROSTER = [
    HEADER,
    "DA-1-0,王芳,3栋,138 0000 0001,2009-01-01,",
    "DA-1-0,李强,5栋,,2008-01-01,2009-06-30",
    "DA-1-0,李强,5栋,,2009-09-01,",
    "DB-1-0,赵敏,一组,+86 139 0000 0002,2009-01-01,",
]


def write(tmp_path, lines, name="roster.csv"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return str(path)


def do_import(path):
    out = io.StringIO()
    call_command("import_csv", "representatives", path, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_errors(path):
    """The errors the command writes, one a line, when it refuses the file."""
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_csv", "representatives", path, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def export():
    out = io.StringIO()
    call_command("export_csv", "representatives", stdout=out)
    return out.getvalue()


def test_the_import_creates_every_term_of_the_roster(city, tmp_path):
    do_import(write(tmp_path, ROSTER))
    assert Representative.objects.count() == 4
    li = Representative.objects.get(name="李强", start_date=datetime.date(2008, 1, 1))
    assert (li.community.code, li.group, li.end_date) == (
        "DA-1-0",
        "5栋",
        datetime.date(2009, 6, 30),
    )
    assert Representative.objects.get(name="赵敏").phone == "+86 139 0000 0002"


def test_export_then_import_into_an_empty_installation_then_export_gives_the_same_rows(
    city, tmp_path
):
    do_import(write(tmp_path, ROSTER))
    first = export()
    assert first.splitlines()[0] == HEADER
    assert len(first.splitlines()) == 5
    Representative.history.all().delete()
    Representative.objects.all().delete()
    do_import(write(tmp_path, first.splitlines(), "exported.csv"))
    assert export() == first


def test_importing_the_same_file_twice_changes_nothing_the_second_time(city, tmp_path):
    path = write(tmp_path, ROSTER)
    do_import(path)
    versions = list(Representative.objects.order_by("pk").values_list("pk", "version"))
    history = Representative.history.count()
    output = do_import(path)
    assert "0 created, 0 updated, 4 unchanged" in output
    assert list(Representative.objects.order_by("pk").values_list("pk", "version")) == versions
    assert Representative.history.count() == history


def test_a_changed_value_is_an_update_matched_by_community_name_and_start_date(city, tmp_path):
    do_import(write(tmp_path, ROSTER))
    changed = [ROSTER[0], ROSTER[1].replace("3栋", "8栋")]
    output = do_import(write(tmp_path, changed, "changed.csv"))
    assert "0 created, 1 updated, 0 unchanged" in output
    wang = Representative.objects.get(name="王芳")
    assert (wang.group, wang.version, wang.history.count()) == ("8栋", 2, 2)


def test_one_bad_row_rejects_the_file_with_every_error_and_its_row(city, tmp_path):
    bad = [
        HEADER,
        "DA-1-0,王芳,3栋,,2009-01-01,",
        "XX-9,李强,,,2009-01-01,",  # unknown community
        "DA-1-0,孙丽,,call me,2009/01/01,",  # phone and date
        "DA-1-0,王芳,4栋,,2009-01-01,",  # the same term again
        "DA-1-0,周杰,,,2009-05-01,2009-04-01",  # ends before it starts
    ]
    message = import_errors(write(tmp_path, bad))
    for expected in (
        "row 3, community_code: unknown community XX-9.",
        "row 4, phone:",
        "row 4, start_date: Enter the date as YYYY-MM-DD",
        "row 5, start_date: the same representative (community, name, start date) is already "
        "on row 2.",
        "row 6, end_date: The end date is before the start date.",
    ):
        assert expected in message
    assert not Representative.objects.exists()


def test_a_missing_column_is_refused_by_name(city, tmp_path):
    errors = import_errors(write(tmp_path, ["community_code,name,start_date,end_date,phone"]))
    assert "row 1, group: missing column." in errors


def test_the_admin_page_offers_the_kind(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin_import_csv"))
    assert "representatives" in response.context["kinds"]


def test_a_district_administrator_cannot_import_names_into_another_district(
    client, city, admin_a, run_worker
):
    client.force_login(admin_a)
    data = ("\n".join(ROSTER) + "\n").encode()
    response = client.post(
        reverse("admin_import_csv"),
        {
            "kind": "representatives",
            "dry_run": "no",
            "file": SimpleUploadedFile("r.csv", data, "text/csv"),
        },
    )
    run_worker()  # the upload is imported by the worker; its page shows the outcome
    response = client.get(response["Location"])
    assert "row 5, community_code: unknown community DB-1-0." in [
        str(e) for e in response.context["errors"]
    ]
    assert not Representative.objects.exists()


def test_the_admin_export_holds_only_the_names_of_the_administrators_district(
    client, city, admin_a, tmp_path
):
    do_import(write(tmp_path, ROSTER))
    client.force_login(admin_a)
    response = client.get(reverse("admin_export_csv", args=["representatives"]))
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0] == HEADER
    assert len(body.splitlines()) == 1 + 3
    assert "赵敏" not in body and "139 0000 0002" not in body


def test_the_command_export_is_the_whole_installation(city, tmp_path):
    do_import(write(tmp_path, ROSTER))
    assert "赵敏" in export()
    assert interchange.get_kind("representatives").columns == tuple(HEADER.split(","))
