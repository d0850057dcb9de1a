"""``manage.py promise_figures`` (evaluations/management/commands/promise_figures.py):
DOMAIN.md's columns, half-up rates, rows of nothing left out, clear refusals."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from evaluations.promises import services
from tests.evaluations.promises.helpers import meeting, promise
from tests.factories import CommunityFactory, PostingFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("promise_figures", *args, stdout=out)
    return out.getvalue()


def judge(made, at, kept, not_kept):
    services.promise_judge(
        promise=made, meeting=at, kept_votes=kept, not_kept_votes=not_kept, user=None
    )


@pytest.fixture
def two_thirds(db):
    """A community of 2009: three promises of Q3, two judged kept and one not at Q4, and
    one promise of Q4 pending, due 2010-03-31; a second community with nothing in 2009."""
    community = CommunityFactory(code="C-1", representatives=10)
    official = PostingFactory(community=community).official
    q3 = meeting(community, official, 2009, 3)
    made = [promise(q3, official) for _ in range(3)]
    q4 = meeting(community, official, 2009, 4)
    judge(made[0], q4, 5, 1)
    judge(made[1], q4, 1, 5)
    judge(made[2], q4, 4, 1)
    promise(q4, official, due_on=datetime.date(2010, 3, 31))
    quiet = CommunityFactory(code="C-2", street=community.street)
    meeting(quiet, PostingFactory(community=quiet).official, 2010, 1)
    return community, official


def test_the_columns_are_domain_mds_and_the_rate_is_rounded_half_up(two_thirds):
    lines = run("2009", "--as-of", "2010-01-01").splitlines()
    assert lines == [
        "code,made,judged,kept,not_kept,overdue,keeping_rate",
        "C-1,4,3,2,1,0,66.67",
    ]


def test_overdue_is_as_of_the_date_given(two_thirds):
    assert run("2009", "--as-of", "2010-04-01").splitlines()[1] == "C-1,4,3,2,1,1,66.67"


def test_a_quarter_without_verdicts_has_a_blank_rate(two_thirds):
    assert run("2009", "--quarter", "3", "--as-of", "2010-01-01").splitlines()[1:] == [
        "C-1,3,0,0,0,0,"
    ]


def test_json_has_null_for_no_rate_and_two_decimals_otherwise(two_thirds):
    q3 = json.loads(run("2009", "--quarter", "3", "--format", "json", "--as-of", "2010-01-01"))
    q4 = run("2009", "--quarter", "4", "--format", "json", "--as-of", "2010-01-01")
    assert q3 == [
        {
            "code": "C-1",
            "made": 3,
            "judged": 0,
            "kept": 0,
            "not_kept": 0,
            "overdue": 0,
            "keeping_rate": None,
        }
    ]
    assert '"keeping_rate": 66.67}' in q4


def test_rows_with_every_count_zero_are_left_out(two_thirds):
    assert [line.split(",")[0] for line in run("2009", "--by", "street").splitlines()[1:]] == [
        two_thirds[0].street.code
    ]
    assert run("2011") == "code,made,judged,kept,not_kept,overdue,keeping_rate\n"


def test_by_official_gives_one_row_per_owner(two_thirds):
    _community, official = two_thirds
    assert run("2009", "--by", "official", "--as-of", "2010-01-01").splitlines()[1] == (
        f"{official.code},4,3,2,1,0,66.67"
    )


def test_a_district_limits_the_rows_to_its_promises(two_thirds):
    community, _official = two_thirds
    other = CommunityFactory(code="X-1")
    at = meeting(other, PostingFactory(community=other).official, 2009, 3)
    promise(at, at.ratings.get().official)
    district = community.street.district.code
    assert [r.split(",")[0] for r in run("2009", "--district", district).splitlines()[1:]] == [
        "C-1"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nineteen"], "YEAR"),
        (["1999"], "YEAR"),
        (["2009", "--as-of", "2009-13-01"], "--as-of"),
        (["2009", "--district", "NOPE"], "unknown district NOPE"),
    ],
)
def test_bad_arguments_are_refused_with_what_is_wrong(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("promise_figures", *args, stdout=io.StringIO())
