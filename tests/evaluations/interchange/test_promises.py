"""The promises kind (evaluations/interchange/promises.py) on real files: import, export,
corrections kept in the history, and a bad file refused whole with row numbers."""

from pathlib import Path

import pytest

from core import interchange
from evaluations.models import Meeting, Promise
from evaluations.promises import services
from tests import factories

from .helpers import REVIEWS, do_import, export, refused, write

pytestmark = pytest.mark.django_db

HEADER = (
    "community_code,year,quarter,number,owner,text,due_on,done_on,"
    "judged_year,judged_quarter,kept_votes,not_kept_votes"
)
PROMISES = [
    HEADER,
    "DA-1-0,2009,1,1,P1,组织夜间巡逻,2009-06-10,2009-05-01,2009,2,6,2",
    "DA-1-0,2009,1,2,street-dept:police,修复小区围墙,2009-06-30,,,,,",
    "DA-1-0,2009,2,1,D1,增设路灯,2009-09-30,,,,,",
]


@pytest.fixture
def reviewed(officials, city, tmp_path):
    """DA-1-0's meetings of 2009 Q1 (8 present) and Q2 (9 present), and street DA-1's
    police station."""
    do_import("reviews", write(tmp_path, "reviews.csv", REVIEWS))
    return factories.DepartmentFactory(street=city.street_a1, key="police")


def promises_file(tmp_path, *rows, name="promises.csv"):
    return write(tmp_path, name, [HEADER, *rows])


def test_promises_import_creates_promises_with_owner_and_verdict(reviewed, tmp_path):
    do_import("promises", write(tmp_path, "p.csv", PROMISES))
    patrol = Promise.objects.get(meeting__quarter=1, number=1)
    assert (patrol.official.code, patrol.judged_at.quarter, patrol.is_kept) == ("P1", 2, True)
    wall = Promise.objects.get(meeting__quarter=1, number=2)
    assert (wall.department, wall.official, wall.judged_at) == (reviewed, None, None)


def test_importing_the_same_promises_twice_changes_nothing(reviewed, tmp_path):
    path = write(tmp_path, "p.csv", PROMISES)
    do_import("promises", path)
    history = Promise.history.count()
    output = do_import("promises", path)
    assert Promise.history.count() == history
    assert "promises: 0 created, 0 updated, 3 unchanged" in output


def test_a_changed_promise_is_an_update_kept_in_the_history(reviewed, tmp_path):
    do_import("promises", write(tmp_path, "p.csv", PROMISES))
    changed = [*PROMISES[:3], "DA-1-0,2009,2,1,D1,增设路灯和监控,2009-09-30,,,,,"]
    output = do_import("promises", write(tmp_path, "changed.csv", changed))
    promise = Promise.objects.get(meeting__quarter=2, number=1)
    assert [h.text for h in promise.history.all()] == ["增设路灯和监控", "增设路灯"]
    assert (promise.version, "1 updated" in output) == (2, True)


def test_a_dry_run_writes_nothing(reviewed, tmp_path):
    source = Path(write(tmp_path, "p.csv", PROMISES)).read_bytes()
    report = interchange.run_import("promises", source, dry_run=True)
    assert report.created["promises"] == 3
    assert (Promise.objects.count(), Promise.history.count()) == (0, 0)


def test_promises_export_import_into_an_empty_installation_export_gives_the_same_rows(
    reviewed, tmp_path
):
    do_import("promises", write(tmp_path, "p.csv", PROMISES))
    first = export("promises")
    Promise.objects.all().delete()
    do_import("promises", write(tmp_path, "exported.csv", first.splitlines()))
    assert export("promises") == first
    assert first.splitlines() == PROMISES


def test_promises_export_of_a_year_has_the_promises_made_in_it(reviewed, tmp_path):
    do_import("promises", write(tmp_path, "p.csv", PROMISES))
    assert export("promises", "--year", "2010").splitlines() == [HEADER]


def test_an_import_leaves_a_renewal_link_as_it_is(reviewed, tmp_path):
    first = PROMISES[:2]
    not_kept = "DA-1-0,2009,1,1,P1,组织夜间巡逻,2009-06-10,,2009,2,2,6"
    do_import("promises", write(tmp_path, "p.csv", [first[0], not_kept]))
    renewal = services.promise_renew(
        promise=Promise.objects.get(), due_on=Promise.objects.get().due_on.replace(month=9)
    )
    do_import("promises", write(tmp_path, "again.csv", [first[0], not_kept]))
    renewal.refresh_from_db()
    assert renewal.renews == Promise.objects.get(meeting__quarter=1)


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("DA-9-9,2009,1,1,P1,巡逻,2009-06-10,,,,,", "community_code", "unknown community"),
        ("DA-1-0,2009,3,1,P1,巡逻,2009-09-10,,,,,", "quarter", "no submitted meeting"),
        ("DA-1-0,2009,1,1,P9,巡逻,2009-06-10,,,,,", "owner", "unknown official P9"),
        ("DA-1-0,2009,1,1,P2,巡逻,2009-06-10,,,,,", "owner", "was not reviewed"),
        ("DA-1-0,2009,1,1,dept:police,巡逻,2009-06-10,,,,,", "owner", "no department"),
        ("DA-1-0,2009,1,1,P1,巡逻,2009-03-20,,,,,", "due_on", "must come after the meeting"),
        ("DA-1-0,2009,1,1,P1,巡逻,2009-10-01,,,,,", "due_on", "no later than 2009-09-30"),
        ("DA-1-0,2009,1,1,P1,巡逻,2009-06-10,2009-03-01,,,,", "done_on", "before the meeting"),
        ("DA-1-0,2009,1,1,P1,巡逻,2009-06-10,2999-01-01,,,,", "done_on", "in the future"),
        ("DA-1-0,2009,1,1,P1,巡逻,2009-06-10,,2009,2,6,", "not_kept_votes", "all four"),
        ("DA-1-0,2009,1,1,P1,巡逻,2009-06-10,,2009,3,6,1", "judged_quarter", "no submitted"),
        ("DA-1-0,2009,2,1,P1,巡逻,2009-09-10,,2009,1,6,1", "judged_quarter", "later meeting"),
        ("DA-1-0,2009,1,1,P1,巡逻,2009-06-10,,2009,2,6,4", "not_kept_votes", "more than the 9"),
        ("DA-1-0,2009,1,1,P1,巡逻,2009-06-10,,2009,2,-1,4", "kept_votes", "greater than"),
        ("DA-1-0,2009,1,0,P1,巡逻,2009-06-10,,,,,", "number", "greater than"),
        ("DA-1-0,2009,1,1,P1,巡逻,2009-6-10,,,,,", "due_on", "YYYY-MM-DD"),
    ],
)
def test_a_bad_row_is_refused_with_its_row_number_and_column(
    reviewed, tmp_path, row, column, message
):
    err = refused("promises", promises_file(tmp_path, PROMISES[3], row))
    assert f"row 3, {column}: " in err
    assert message in err
    assert Promise.objects.count() == 0


def test_a_promise_twice_in_a_file_is_refused_on_its_second_row(reviewed, tmp_path):
    err = refused("promises", promises_file(tmp_path, PROMISES[3], PROMISES[3]))
    assert "row 3, number: promise 1 of this meeting is already on row 2." in err


def test_a_promise_of_a_draft_meeting_is_refused(reviewed, tmp_path):
    Meeting.objects.filter(quarter=2).update(status=Meeting.Status.DRAFT)
    err = refused("promises", promises_file(tmp_path, PROMISES[3]))
    assert "row 2, quarter: DA-1-0 has no submitted meeting in 2009 Q2." in err


def test_a_bad_file_reports_every_error_and_writes_nothing(reviewed, tmp_path):
    err = refused(
        "promises",
        promises_file(
            tmp_path,
            PROMISES[1],
            "DA-1-0,2009,1,2,P9,巡逻,2009-06-10,,,,,",
            "DA-1-0,2009,2,1,D1,巡逻,2010-06-10,,,,,",
        ),
    )
    assert "row 3, owner" in err and "row 4, due_on" in err
    assert Promise.objects.count() == 0


def test_a_verdict_a_renewal_was_made_on_cannot_be_taken_back_by_import(reviewed, tmp_path):
    not_kept = "DA-1-0,2009,1,1,P1,组织夜间巡逻,2009-06-10,,2009,2,2,6"
    do_import("promises", promises_file(tmp_path, not_kept))
    services.promise_renew(promise=Promise.objects.get(), due_on=_renewal_due())
    err = refused("promises", promises_file(tmp_path, PROMISES[1], name="kept.csv"))
    assert "row 2, judged_quarter: The promise was renewed on this verdict" in err


def _renewal_due():
    import datetime

    return datetime.date(2009, 9, 30)


def test_an_import_by_a_district_administrator_reaches_only_their_district(
    reviewed, city, tmp_path
):
    admin = factories.AdministratorFactory(district=city.district_b)
    source = Path(promises_file(tmp_path, PROMISES[3])).read_bytes()
    with pytest.raises(interchange.ImportFailed) as failed:
        interchange.run_import("promises", source, user=admin)
    assert "unknown community DA-1-0" in str(failed.value)
