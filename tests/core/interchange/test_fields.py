"""core/interchange/fields.py: the CSV booleans, and ISO dates in every date column of
every kind."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.interchange import ImportFailed, IsoDateField, YesNoField, kinds, run_import, yes_no
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kind")]


def test_yes_and_no_are_the_only_booleans():
    field = YesNoField()
    assert (field.clean("yes"), field.clean("no")) == (True, False)
    for value in ("true", "Yes", "1", ""):
        with pytest.raises(ValidationError):
            field.clean(value)
    assert (yes_no(True), yes_no(False)) == ("yes", "no")


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
    "promises": (  # made at the meeting of 2009 Q1, judged at Q2 (the fixture posted)
        {
            "community_code": "DA-1-0",
            "year": "2009",
            "quarter": "1",
            "number": "1",
            "owner": "OF-1",
            "text": "组织夜间巡逻",
            "due_on": "2009-06-30",
            "done_on": "2009-04-01",
            "judged_year": "2009",
            "judged_quarter": "2",
            "kept_votes": "6",
            "not_kept_votes": "2",
        },
        ("due_on", "done_on"),
    ),
}

NOT_ISO = ["01/02/2010", "2010-2-1", "２０１０-０２-０１", "20100201", "2010-02-30", "2010-W05-1"]


def one_row_csv(row):
    return (",".join(row) + "\n" + ",".join(row.values()) + "\n").encode()


@pytest.fixture
def posted(city):
    """OF-1 posted to DA-1-0, rated at its submitted meetings of 2009 Q1 and Q2."""
    from evaluations import services

    official = factories.PostingFactory(
        community=city.a1[0], official=factories.OfficialFactory(code="OF-1")
    ).official
    for quarter in (1, 2):
        services.meeting_save(
            community=city.a1[0],
            year=2009,
            quarter=quarter,
            held_on=datetime.date(2009, 3 * quarter - 1, 10),
            present=8,
            tallies=[services.Tally(official.pk, 5, 2, 1, 0)],
            submit=True,
        )


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
