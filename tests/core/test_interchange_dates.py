"""CSV dates are ISO (2009-09-30), nothing else (DOMAIN.md), in every date column of
every kind: not 01/02/2010, not 2010-2-1, not full-width digits, not 20100201."""

import pytest
from django import forms

from core.interchange import ImportFailed, IsoDateField, kinds, run_import
from tests import factories

pytestmark = pytest.mark.django_db

ROWS = {  # kind -> (a valid row, its date columns)
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
}
NOT_ISO = ["01/02/2010", "2010-2-1", "２０１０-０２-０１", "20100201", "2010-02-30", "2010-W05-1"]


def csv_bytes(row):
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
        assert dates == dict.fromkeys(ROWS[name][1] if name in ROWS else (), IsoDateField)


@pytest.mark.parametrize("kind", sorted(ROWS))
def test_the_valid_rows_import(posted, kind):
    row, _columns = ROWS[kind]
    assert run_import(kind, csv_bytes(row), dry_run=True).rows == 1


@pytest.mark.parametrize("value", NOT_ISO)
@pytest.mark.parametrize(
    ("kind", "column"), [(k, c) for k, (_row, columns) in sorted(ROWS.items()) for c in columns]
)
def test_a_date_that_is_not_iso_is_refused(posted, kind, column, value):
    row, _columns = ROWS[kind]
    with pytest.raises(ImportFailed) as refused:
        run_import(kind, csv_bytes(row | {column: value}), dry_run=True)
    assert [(e.row, e.column, e.message) for e in refused.value.errors] == [
        (2, column, "Enter the date as YYYY-MM-DD, for example 2009-09-30.")
    ]
