"""core.interchange reads a file as a stream: in chunks, decoded a line at a time, so a
big file is never held whole (the 90,000-row grievances file of the trust issue)."""

import csv
import io

import pytest

from core import interchange
from districts.models import Community

from ..districts.test_areas_csv import GOOD, HEADER

COLUMNS = interchange.get_kind("areas").columns


class Recording(io.BytesIO):
    """A binary file that notes the size of every read asked of it."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.asked: list[int | None] = []

    def read(self, size: int | None = -1) -> bytes:
        self.asked.append(size)
        return super().read(size)


def areas(count: int) -> bytes:
    """``count`` communities of one street, with names as long as the column allows."""
    long = "长" * 90
    lines = [HEADER] + [
        f"JB,江北区,yes,,JB-WLD,五里店街道,street,JB-WLD-{i:04d},{long}{i},community,40"
        for i in range(count)
    ]
    return ("\n".join(lines) + "\n").encode()


# A BOM, both line endings, a bare CR, a quoted field across lines, Chinese everywhere.
AWKWARD = (
    "\ufeff"
    + HEADER
    + "\r\n"
    + GOOD[0]
    + "\r\n\r\n"
    + GOOD[1].replace("万丰社区", '"万丰\r\n社区"')
    + "\r"
    + GOOD[2]
    + "\n"
).encode()


def whole_file_records(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """What the import read before it streamed: the whole text through io.StringIO."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader)
    return [
        (reader.line_num, dict(zip(header, (v.strip() for v in values), strict=True)))
        for values in reader
        if any(v.strip() for v in values)
    ]


@pytest.mark.django_db
def test_an_import_reads_its_file_in_chunks_never_whole():
    data = areas(600)
    assert len(data) > 3 * interchange.CHUNK_BYTES
    stream = Recording(data)
    report = interchange.run_import("areas", stream, dry_run=True)
    assert report.rows == 600
    assert stream.asked
    assert all(size is not None and 0 < size <= interchange.CHUNK_BYTES for size in stream.asked)


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64 * 1024])
def test_any_chunk_size_reads_the_same_rows_as_the_whole_file(monkeypatch, chunk):
    monkeypatch.setattr(interchange, "CHUNK_BYTES", chunk)
    records = list(interchange.read_records(io.BytesIO(AWKWARD), COLUMNS))
    assert records == whole_file_records(AWKWARD)
    assert [number for number, _ in records] == [2, 5, 6]
    assert records[1][1]["community_name"] == "万丰\r\n社区"


def test_bytes_and_a_file_read_the_same():
    assert list(interchange.read_records(AWKWARD, COLUMNS)) == list(
        interchange.read_records(io.BytesIO(AWKWARD), COLUMNS)
    )


def test_a_byte_that_is_not_utf8_past_the_first_chunk_names_its_line_and_byte(monkeypatch):
    monkeypatch.setattr(interchange, "CHUNK_BYTES", 16)
    data = (HEADER + "\n" + GOOD[0] + "\n").encode() + "江北".encode("gb18030") + b",x\n"
    with pytest.raises(interchange.ImportFailed) as failed:
        list(interchange.read_records(data, COLUMNS))
    bad = len((HEADER + "\n" + GOOD[0] + "\n").encode()) + 1
    assert [str(e) for e in failed.value.errors] == [
        f"row 3: the file is not UTF-8 (byte {bad}); save it as CSV UTF-8."
    ]


def test_the_byte_named_counts_the_bom():
    data = "\ufeff".encode() + HEADER.encode() + b"\n\xff\n"
    with pytest.raises(interchange.ImportFailed) as failed:
        list(interchange.read_records(data, COLUMNS))
    assert str(failed.value.errors[0]).startswith(
        f"row 2: the file is not UTF-8 (byte {3 + len(HEADER) + 2})"
    )


def test_a_file_holding_only_a_bom_is_empty():
    with pytest.raises(interchange.ImportFailed) as failed:
        list(interchange.read_records("\ufeff".encode(), COLUMNS))
    assert [str(e) for e in failed.value.errors] == ["file: the file is empty."]


def test_count_rows_counts_the_data_rows_as_the_import_reads_them():
    # not the header, not the blank line, and the quoted line break is inside one row
    assert interchange.count_rows(AWKWARD) == 3


def test_count_rows_counts_a_file_that_is_not_utf8_without_failing():
    data = (HEADER + "\n" + GOOD[0] + "\n").encode("gb18030")
    assert interchange.count_rows(data) == 1


@pytest.mark.django_db
def test_rows_with_errors_in_a_big_file_are_all_reported_and_nothing_is_saved():
    data = areas(300).replace(b",community,40\n", b",community,-1\n")
    with pytest.raises(interchange.ImportFailed) as failed:
        interchange.run_import("areas", io.BytesIO(data))
    assert len(failed.value.errors) == 300
    assert str(failed.value.errors[-1]).startswith("row 301, representatives:")
    assert not Community.objects.exists()
