"""The CSV framework of core/interchange/ (DOMAIN.md, "Interchange formats"), on a small
kind registered for these tests alone: districts by code, name and main_urban."""

import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import DataError

from core import interchange
from core.interchange import (
    ImportFailed,
    ImportReport,
    IsoDateField,
    Kind,
    RowError,
    YesNoField,
    kinds,
    run_import,
    yes_no,
)
from districts.models import District
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "code,name,main_urban"


class DistrictRowForm(forms.Form):
    # longer than the database column (32), so a write can fail after the checks pass
    code = forms.CharField(max_length=40)
    name = forms.CharField(max_length=100)
    main_urban = YesNoField()

    def clean(self):
        data = super().clean()
        if data.get("code") == "RESERVED":
            raise forms.ValidationError("this code is reserved.")
        return data


class DistrictsKind(Kind):
    """Districts matched by code; a code given twice in a file is an error on the later row."""

    name = "test_districts"
    columns = ("code", "name", "main_urban")
    row_form = DistrictRowForm

    def check(self, rows, *, user=None):
        first, errors = {}, []
        for row in rows:
            if row.has("code"):
                code = row.data["code"]
                if code in first:
                    errors.append(
                        RowError(row.number, "code", f"{code} is already on row {first[code]}.")
                    )
                first.setdefault(code, row.number)
        return errors

    def apply(self, rows, report, *, user=None):
        for row in rows:
            values = {"name": row.data["name"], "main_urban": row.data["main_urban"]}
            district = District.objects.filter(code=row.data["code"]).first()
            if district is None:
                District.objects.create(code=row.data["code"], **values)
                report.created["districts"] += 1
            elif any(getattr(district, k) != v for k, v in values.items()):
                District.objects.filter(pk=district.pk).update(**values)
                report.updated["districts"] += 1
            else:
                report.unchanged["districts"] += 1

    def export_rows(self, *, year=None, user=None):
        for district in District.objects.order_by("code"):
            yield {
                "code": district.code,
                "name": district.name,
                "main_urban": yes_no(district.main_urban),
            }


@pytest.fixture(autouse=True)
def kind():
    kind = DistrictsKind()
    interchange.register(kind)
    yield kind
    del interchange.registry._REGISTRY[kind.name]  # the registry has no unregister: put it back


def run(*lines, dry_run=False, encoding="utf-8"):
    data = ("\n".join(lines) + "\n").encode(encoding)
    return interchange.run_import("test_districts", data, dry_run=dry_run)


def errors(*lines, encoding="utf-8"):
    with pytest.raises(ImportFailed) as excinfo:
        run(*lines, encoding=encoding)
    return [str(error) for error in excinfo.value.errors]


def districts():
    return list(District.objects.order_by("code").values_list("code", "name", "main_urban"))


def export():
    out = io.StringIO()
    interchange.write_csv("test_districts", out)
    return out.getvalue()


# ---- the registry -----------------------------------------------------------------------


def test_a_registered_kind_is_found_by_its_name(kind):
    assert interchange.get_kind("test_districts") is kind


def test_the_kinds_of_every_app_are_registered_and_listed_by_name():
    names = list(interchange.kinds())
    assert {"areas", "officials", "reviews", "results", "surveys", "grievances"} <= set(names)
    assert names == sorted(names)


def test_an_unknown_kind_is_refused_naming_the_known_ones():
    with pytest.raises(ValueError, match=r"Unknown kind planets; known kinds: areas, grievances"):
        interchange.get_kind("planets")


def test_an_export_only_kind_is_refused_before_its_file_is_read(kind):
    kind.importable = False
    with pytest.raises(ImportFailed) as excinfo:
        interchange.run_import("test_districts", b"\xff\xfe not even text")
    assert [str(e) for e in excinfo.value.errors] == ["file: test_districts is export-only."]


# ---- reading the file ---------------------------------------------------------------------


def test_a_file_imports_every_row_and_reports_what_it_created():
    report = run(HEADER, "DA,甲区,yes", "DB,乙区,no")
    assert districts() == [("DA", "甲区", True), ("DB", "乙区", False)]
    assert report.lines() == [
        "test_districts: 2 rows read.",
        "districts: 2 created, 0 updated, 0 unchanged.",
    ]


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


# ---- checking every row: all errors, with their row numbers --------------------------------


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


# ---- all or nothing -----------------------------------------------------------------------


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


# ---- the report ---------------------------------------------------------------------------


def test_the_report_lists_each_kind_of_record_in_name_order():
    report = ImportReport(kind="areas", rows=3, dry_run=False)
    report.created["streets"] += 1
    report.unchanged["communities"] += 2
    assert report.lines() == [
        "areas: 3 rows read.",
        "communities: 0 created, 0 updated, 2 unchanged.",
        "streets: 1 created, 0 updated, 0 unchanged.",
    ]


def test_a_report_has_changed_only_when_a_record_was_created_or_updated():
    report = ImportReport(kind="areas", rows=1, dry_run=False)
    report.unchanged["communities"] += 1
    assert report.changed is False
    report.updated["communities"] += 1
    assert report.changed is True


# ---- export -------------------------------------------------------------------------------


def test_the_export_writes_the_header_and_one_line_per_row():
    District.objects.create(code="DB", name="乙区", main_urban=False)
    District.objects.create(code="DA", name="甲区", main_urban=True)
    out = io.StringIO()
    assert interchange.write_csv("test_districts", out) == 2
    assert out.getvalue() == "code,name,main_urban\nDA,甲区,yes\nDB,乙区,no\n"


def test_a_value_with_a_comma_is_quoted_and_imports_back_the_same():
    District.objects.create(code="DA", name="甲区,新区", main_urban=True)
    first = export()
    assert first.splitlines()[1] == 'DA,"甲区,新区",yes'
    District.objects.all().delete()
    interchange.run_import("test_districts", first.encode())
    assert export() == first


def test_the_streamed_export_is_the_same_text_in_chunks_of_about_64_kb():
    District.objects.bulk_create(
        District(code=f"D{n:04d}", name="x" * 40, main_urban=False) for n in range(2000)
    )
    chunks = list(interchange.iter_csv_for_people("test_districts"))
    assert len(chunks) == 2  # 2000 rows of 50 bytes: one full chunk, then the rest
    assert "".join(chunks) == export()


# ---- the CSV booleans ---------------------------------------------------------------------


def test_yes_and_no_are_the_only_booleans():
    field = YesNoField()
    assert (field.clean("yes"), field.clean("no")) == (True, False)
    for value in ("true", "Yes", "1", ""):
        with pytest.raises(ValidationError):
            field.clean(value)
    assert (yes_no(True), yes_no(False)) == ("yes", "no")


# ---- reading the file as a stream: in chunks, decoded a line at a time --------------------


class Recording(io.BytesIO):
    """A binary file that notes the size of every read asked of it."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.asked: list[int | None] = []

    def read(self, size: int | None = -1) -> bytes:
        self.asked.append(size)
        return super().read(size)


def many(count: int, main_urban: str = "no") -> bytes:
    """``count`` districts with names of 90-odd Chinese characters (about 300 bytes a row)."""
    lines = [HEADER] + [f"D{i:04d},{'长' * 90}{i},{main_urban}" for i in range(count)]
    return ("\n".join(lines) + "\n").encode()


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


def test_every_error_of_a_file_many_chunks_long_is_reported_and_nothing_is_saved():
    with pytest.raises(ImportFailed) as excinfo:
        interchange.run_import("test_districts", io.BytesIO(many(700, main_urban="maybe")))
    assert len(excinfo.value.errors) == 700
    assert str(excinfo.value.errors[-1]).startswith("row 701, main_urban:")
    assert districts() == []


DATE_ROWS = {  # kind -> (a valid row, its date columns)
    "officials": (
        {
            "official_code": "OF-2",
            "name": "李主任",
            "role": "director",
            "organisation": "居委会",
            "community_code": "DA-1-0",
            "start_date": "2009-01-01",
            "end_date": "2009-12-31",
        },
        ("start_date", "end_date"),
    ),
    "reviews": (
        {
            "community_code": "DA-1-0",
            "year": "2009",
            "quarter": "4",
            "held_on": "2009-11-20",
            "present": "8",
            "official_code": "OF-1",
            "very_satisfied": "5",
            "satisfied": "2",
            "basically_satisfied": "1",
            "unsatisfied": "0",
        },
        ("held_on",),
    ),
    "grievances": (
        {
            "reference": "IMP-2009-0001",
            "community_code": "DA-1-0",
            "received_on": "2009-03-01",
            "kind": "complaint",
            "key_dispute": "no",
            "summary": "噪音",
            "disposition": "afterwards",
            "department": "",
            "deadline": "2009-04-01",
            "resolved_on": "2009-03-05",
            "answered_on": "2009-03-06",
        },
        ("received_on", "deadline", "resolved_on", "answered_on"),
    ),
    "representatives": (
        {
            "community_code": "DA-1-0",
            "name": "王芳",
            "group": "3栋",
            "phone": "",
            "start_date": "2009-01-01",
            "end_date": "2009-12-31",
        },
        ("start_date", "end_date"),
    ),
}


NOT_ISO = ["01/02/2010", "2010-2-1", "２０１０-０２-０１", "20100201", "2010-02-30", "2010-W05-1"]


def one_row_csv(row):
    return (",".join(row) + "\n" + ",".join(row.values()) + "\n").encode()


@pytest.fixture
def posted(city):
    factories.PostingFactory(community=city.a1[0], official=factories.OfficialFactory(code="OF-1"))


def test_every_date_column_of_every_kind_is_listed_here():
    """A new kind or date column must join the table above."""
    for name, kind in kinds().items():
        if not kind.importable:
            continue
        fields = kind.row_form().fields
        dates = {n: type(f) for n, f in fields.items() if isinstance(f, forms.DateField)}
        assert dates == dict.fromkeys(DATE_ROWS[name][1] if name in DATE_ROWS else (), IsoDateField)


@pytest.mark.parametrize("kind", sorted(DATE_ROWS))
def test_the_valid_rows_import(posted, kind):
    row, _columns = DATE_ROWS[kind]
    assert run_import(kind, one_row_csv(row), dry_run=True).rows == 1


@pytest.mark.parametrize("value", NOT_ISO)
@pytest.mark.parametrize(
    ("kind", "column"),
    [(k, c) for k, (_row, columns) in sorted(DATE_ROWS.items()) for c in columns],
)
def test_a_date_that_is_not_iso_is_refused(posted, kind, column, value):
    row, _columns = DATE_ROWS[kind]
    with pytest.raises(ImportFailed) as refused:
        run_import(kind, one_row_csv(row | {column: value}), dry_run=True)
    assert [(e.row, e.column, e.message) for e in refused.value.errors] == [
        (2, column, "Enter the date as YYYY-MM-DD, for example 2009-09-30.")
    ]


# The fast path (FastClean): a row it takes is cleaned exactly as the form cleans it, and
# a row with any error is left to the form (so the messages are the form's).

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "+5",
    "5.0",
    "1e3",
    "０５",
    "٣",
    "007",
    "2147483647",
    "2147483648",
    "99999999999999999999",
    "2009-02-01",
    "2009-02-30",
    "2009-2-1",
    "20090201",
    "2009-02-01T00:00",
    "２００９-02-01",
    "yes",
    "Yes",
    "no",
    "complaint",
    "on_the_spot",
    "police",
    "C 1",
    "C_1",
    "C-1",
    "x" * 40,
    "a\x00b",
    "居民",
    "RESERVED",
]


def fast_path_cases():
    from evaluations.interchange import ReviewRowForm
    from grievances.interchange import GrievanceRowForm

    review = {
        "community_code": "C-1",
        "year": "2009",
        "quarter": "1",
        "held_on": "2009-02-01",
        "present": "30",
        "official_code": "O-1",
        "very_satisfied": "10",
        "satisfied": "5",
        "basically_satisfied": "5",
        "unsatisfied": "2",
    }
    grievance = {
        "reference": "G-1",
        "community_code": "C-1",
        "received_on": "2009-02-01",
        "kind": "complaint",
        "key_dispute": "no",
        "summary": "夜间噪音",
        "disposition": "referred",
        "department": "police",
        "deadline": "2009-03-01",
        "resolved_on": "2009-02-10",
        "answered_on": "",
    }
    district = {"code": "D1", "name": "渝中区", "main_urban": "yes"}
    for form_class, base in (
        (ReviewRowForm, review),
        (GrievanceRowForm, grievance),
        (DistrictRowForm, district),
    ):
        for column in base:
            for value in HOSTILE:
                yield form_class, {**base, column: value}


def test_the_fast_path_takes_the_row_forms_of_the_big_imports():
    from evaluations.interchange import ReviewRowForm
    from grievances.interchange import GrievanceRowForm

    for form_class in (ReviewRowForm, GrievanceRowForm):
        assert interchange.FastClean.of(form_class(data={})) is not None


def test_a_row_the_fast_path_takes_is_cleaned_exactly_as_the_form_cleans_it():
    taken = 0
    for form_class, raw in fast_path_cases():
        fast = interchange.FastClean.of(form_class(data={}))
        form = form_class(data=raw)
        cleaned = fast(raw)
        if cleaned is not None:
            taken += 1
            assert form.is_valid(), (form_class.__name__, raw, form.errors)
            assert cleaned == form.cleaned_data, (form_class.__name__, raw)
    assert taken > 100, "the fast path takes the valid rows"


def test_a_row_the_form_refuses_is_never_taken_by_the_fast_path():
    for form_class, raw in fast_path_cases():
        fast = interchange.FastClean.of(form_class(data={}))
        if not form_class(data=raw).is_valid():
            assert fast(raw) is None, (form_class.__name__, raw)


def test_a_form_with_a_clean_method_for_a_field_keeps_the_form_path():
    class WithFieldClean(forms.Form):
        code = forms.CharField()

        def clean_code(self):
            return self.cleaned_data["code"].upper()

    assert interchange.FastClean.of(WithFieldClean(data={})) is None
