"""core/interchange/reading.py: the file decoded as UTF-8 a line at a time from chunks,
its header checked, its rows numbered by the line they start on."""

import io

import pytest

from core import interchange
from core.interchange import ImportFailed

from .helpers import HEADER, districts, errors, many, run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kind")]


def test_a_utf8_bom_is_accepted():
    run(HEADER, "DA,甲区,yes", encoding="utf-8-sig")
    assert districts() == [("DA", "甲区", True)]


def test_a_file_that_is_not_utf8_is_refused_naming_the_line_and_the_byte():
    bad_byte = len(f"{HEADER}\nDA,".encode()) + 1  # the first byte of 甲 in GB18030
    assert errors(HEADER, "DA,甲区,yes", encoding="gb18030") == [
        f"row 2: the file is not UTF-8 (byte {bad_byte}); save it as CSV UTF-8."
    ]


def test_an_empty_file_is_refused():
    with pytest.raises(ImportFailed) as excinfo:
        interchange.run_import("test_districts", b"")
    assert [str(e) for e in excinfo.value.errors] == ["file: the file is empty."]


def test_a_file_with_only_its_header_reads_no_rows():
    assert run(HEADER).lines() == ["test_districts: 0 rows read."]


def test_an_unknown_column_is_refused_by_name_with_the_columns_expected():
    assert errors(HEADER + ",population", "DA,甲区,yes,100") == [
        "row 1, population: unknown column; expected only: code, name, main_urban."
    ]


def test_a_missing_column_is_refused_by_name():
    assert errors("code,name", "DA,甲区") == ["row 1, main_urban: missing column."]


def test_a_column_given_twice_is_refused():
    assert errors(HEADER + ",name", "DA,甲区,yes,甲区") == [
        "row 1, name: this column appears twice."
    ]


def test_columns_come_in_any_order_and_names_and_values_are_trimmed():
    run(" main_urban , code,name", " no , DA , 甲区 ")
    assert districts() == [("DA", "甲区", False)]


def test_blank_lines_are_skipped_and_rows_keep_their_line_numbers():
    assert errors(HEADER, "DA,甲区,yes", "", ",,", "DA,乙区,no") == [
        "row 5, code: DA is already on row 2."
    ]


def test_a_row_with_more_or_fewer_fields_than_the_header_is_refused():
    assert errors(HEADER, "DA,甲区", "DB,乙区,no,extra") == [
        "row 2: this row has 2 fields but the header has 3.",
        "row 3: this row has 4 fields but the header has 3.",
    ]


def test_a_row_with_a_line_break_in_a_quoted_value_is_numbered_by_the_line_it_starts_on():
    assert errors(HEADER, 'DA,"甲\n区",maybe') == [
        "row 2, main_urban: Select a valid choice. maybe is not one of the available choices."
    ]


def test_the_row_after_a_value_with_a_line_break_keeps_the_number_of_its_line():
    assert errors(HEADER, 'DA,"甲\n区",no', "DB,乙区,maybe") == [
        "row 4, main_urban: Select a valid choice. maybe is not one of the available choices."
    ]


class Recording(io.BytesIO):
    """A binary file that notes the size of every read asked of it."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.asked: list[int | None] = []

    def read(self, size: int | None = -1) -> bytes:
        self.asked.append(size)
        return super().read(size)


# A BOM, both line endings, a blank line, a quoted value across lines, a bare CR.
AWKWARD = (
    "\ufeff" + HEADER + "\r\nDA,甲区,yes\r\n\r\n" + 'DB,"乙\r\n区",no\rDC,丙区,no\n'
).encode()

AWKWARD_RECORDS = [
    (2, {"code": "DA", "name": "甲区", "main_urban": "yes"}),
    (4, {"code": "DB", "name": "乙\r\n区", "main_urban": "no"}),
    (6, {"code": "DC", "name": "丙区", "main_urban": "no"}),
]


def test_an_import_reads_its_file_in_chunks_never_whole():
    data = many(700)
    assert len(data) > 3 * interchange.CHUNK_BYTES
    stream = Recording(data)
    report = interchange.run_import("test_districts", stream, dry_run=True)
    assert report.rows == 700
    assert stream.asked
    assert all(size is not None and 0 < size <= interchange.CHUNK_BYTES for size in stream.asked)


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64 * 1024])
def test_any_chunk_size_reads_the_same_rows_with_the_same_numbers(monkeypatch, chunk):
    monkeypatch.setattr(interchange.reading, "CHUNK_BYTES", chunk)
    columns = ("code", "name", "main_urban")
    assert list(interchange.read_records(io.BytesIO(AWKWARD), columns)) == AWKWARD_RECORDS


def test_bytes_and_a_file_object_read_the_same():
    columns = ("code", "name", "main_urban")
    assert list(interchange.read_records(AWKWARD, columns)) == AWKWARD_RECORDS


def test_a_byte_that_is_not_utf8_past_the_first_chunk_names_its_line_and_byte(monkeypatch):
    monkeypatch.setattr(interchange.reading, "CHUNK_BYTES", 16)
    good = f"{HEADER}\nDA,甲区,yes\n".encode()
    data = good + "DB,乙区,no\n".encode("gb18030")
    with pytest.raises(ImportFailed) as excinfo:
        interchange.run_import("test_districts", io.BytesIO(data))
    assert [str(e) for e in excinfo.value.errors] == [
        f"row 3: the file is not UTF-8 (byte {len(good) + 4}); save it as CSV UTF-8."
    ]


def test_the_byte_named_in_a_file_with_a_bom_counts_the_bom():
    data = "\ufeff".encode() + f"{HEADER}\n".encode() + b"\xff\n"
    with pytest.raises(ImportFailed) as excinfo:
        interchange.run_import("test_districts", data)
    assert str(excinfo.value.errors[0]).startswith(
        f"row 2: the file is not UTF-8 (byte {3 + len(HEADER) + 2})"
    )


def test_a_file_holding_only_a_bom_is_empty():
    with pytest.raises(ImportFailed) as excinfo:
        interchange.run_import("test_districts", "\ufeff".encode())
    assert [str(e) for e in excinfo.value.errors] == ["file: the file is empty."]


def test_count_rows_counts_the_data_rows_as_the_import_reads_them():
    # not the header, not the blank line; the quoted line break is inside one row
    assert interchange.count_rows(AWKWARD) == 3


def test_count_rows_counts_a_file_that_is_not_utf8_without_failing():
    assert interchange.count_rows(f"{HEADER}\nDA,甲区,yes\n".encode("gb18030")) == 1
