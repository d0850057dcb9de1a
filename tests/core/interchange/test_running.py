"""core/interchange/running.py: a file imported all or nothing, every error reported
with its row and column, a dry run that says what a real run would do."""

import io

import pytest
from django.db import DataError

from core import interchange
from core.interchange import ImportFailed
from districts.models import District

from .helpers import HEADER, districts, errors, many, run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kind")]


def test_an_export_only_kind_is_refused_before_its_file_is_read(kind):
    kind.importable = False
    with pytest.raises(ImportFailed) as excinfo:
        interchange.run_import("test_districts", b"\xff\xfe not even text")
    assert [str(e) for e in excinfo.value.errors] == ["file: test_districts is export-only."]


def test_a_file_imports_every_row_and_reports_what_it_created():
    report = run(HEADER, "DA,甲区,yes", "DB,乙区,no")
    assert districts() == [("DA", "甲区", True), ("DB", "乙区", False)]
    assert report.lines() == [
        "test_districts: 2 rows read.",
        "districts: 2 created, 0 updated, 0 unchanged.",
    ]


def test_every_field_error_is_reported_with_its_row_and_column():
    assert errors(HEADER, "DA,甲区,maybe", ",乙区,no") == [
        "row 2, main_urban: Select a valid choice. maybe is not one of the available choices.",
        "row 3, code: This field is required.",
    ]


def test_a_rule_of_the_whole_row_is_reported_on_the_row_without_a_column():
    assert errors(HEADER, "RESERVED,保留,no") == ["row 2: this code is reserved."]


def test_a_row_with_a_field_error_is_still_checked_against_the_others():
    assert errors(HEADER, "DA,甲区,maybe", "DA,乙区,no") == [
        "row 2, main_urban: Select a valid choice. maybe is not one of the available choices.",
        "row 3, code: DA is already on row 2.",
    ]


def test_errors_are_listed_by_row_then_column_whichever_check_found_them():
    assert errors(HEADER, "DA,甲区,yes", "DA,,maybe") == [
        "row 3, code: DA is already on row 2.",
        "row 3, main_urban: Select a valid choice. maybe is not one of the available choices.",
        "row 3, name: This field is required.",
    ]


def test_one_bad_row_rejects_the_whole_file():
    errors(HEADER, "DA,甲区,yes", "DB,乙区,maybe")
    assert districts() == []


def test_a_database_error_while_writing_rolls_back_the_rows_already_written():
    with pytest.raises(DataError):
        run(HEADER, "DA,甲区,yes", f"{'D' * 33},太长,no")  # 33 characters: too long for the column
    assert districts() == []


def test_a_dry_run_reports_what_a_real_run_would_do_and_saves_nothing():
    District.objects.create(code="DA", name="甲区", main_urban=True)
    report = run(HEADER, "DA,甲区,no", "DB,乙区,no", dry_run=True)
    assert report.lines() == [
        "test_districts: 2 rows read.",
        "districts: 1 created, 1 updated, 0 unchanged.",
        "Dry run: nothing was saved.",
    ]
    assert districts() == [("DA", "甲区", True)]


def test_every_error_of_a_file_many_chunks_long_is_reported_and_nothing_is_saved():
    with pytest.raises(ImportFailed) as excinfo:
        interchange.run_import("test_districts", io.BytesIO(many(700, main_urban="maybe")))
    assert len(excinfo.value.errors) == 700
    assert str(excinfo.value.errors[-1]).startswith("row 701, main_urban:")
    assert districts() == []
