"""grievances/management/commands/figures.py: DOMAIN.md's figures for other programs."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from grievances.management.commands.figures import COLUMNS
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def mix(city, police_a1):
    """Street DA-1, received in March 2009: 3 on the spot, 2 afterwards, 3 referred (one
    resolved, one overdue and escalated to the district, one to the city too), 1 open and
    unreferred; verdicts 2 satisfied, 1 unsatisfied, 1 not reached; 2 key disputes, 1
    resolved. Street DA-2: one item. Street DB-1: one item, outside --district DA."""
    c0, c1 = city.a1[0], city.a1[1]
    make = factories.GrievanceFactory
    day = D(2009, 3, 2)
    for n in range(3):
        make(
            community=c0,
            received_on=day,
            disposition="on_the_spot",
            resolved_on=day,
            answered_on=day,
            answer="a",
            verdict="satisfied" if n < 2 else "",
            verdict_on=day if n < 2 else None,
        )
    make(
        community=c0,
        received_on=day,
        disposition="afterwards",
        resolved_on=D(2009, 3, 5),
        key_dispute=True,
        answered_on=D(2009, 3, 5),
        answer="a",
        verdict="unsatisfied",
        verdict_on=D(2009, 3, 6),
    )
    make(
        community=c1,
        received_on=day,
        disposition="afterwards",
        resolved_on=D(2009, 3, 5),
        answered_on=D(2009, 3, 5),
        answer="a",
        verdict="not_reached",
        verdict_on=D(2009, 3, 6),
    )
    referred = {"disposition": "referred", "department": police_a1, "received_on": day}
    make(community=c0, deadline=D(2009, 3, 20), resolved_on=D(2009, 3, 19), **referred)
    make(
        community=c1,
        deadline=D(2009, 3, 10),
        key_dispute=True,
        escalated_to_district_at=timezone.make_aware(datetime.datetime(2009, 3, 11, 1)),
        **referred,
    )
    make(
        community=c1,
        deadline=D(2009, 3, 10),
        escalated_to_district_at=timezone.make_aware(datetime.datetime(2009, 3, 11, 1)),
        escalated_to_city_at=timezone.make_aware(datetime.datetime(2009, 3, 18, 1)),
        **referred,
    )
    make(community=c0, received_on=day)
    make(community=city.a2[0], received_on=day)
    make(community=city.b1[0], received_on=day)
    make(community=c0, received_on=D(2009, 4, 1))  # outside the period


def run(*args):
    out = io.StringIO()
    call_command("figures", *args, stdout=out)
    return out.getvalue()


def rows(*args):
    return list(csv.DictReader(io.StringIO(run(*args))))


def test_the_columns_are_exactly_domains(mix):
    header = run("2009-03-01", "2009-03-31").splitlines()[0]
    assert header == (
        "code,total,on_the_spot,afterwards,referred,referred_resolved,referred_open,"
        "unaccounted,overdue,escalated_district,escalated_city,resolution_rate,answer_rate,"
        "answer_satisfaction,key_dispute_resolution_rate"
    )
    assert tuple(header.split(",")) == COLUMNS


def test_a_districts_streets_one_row_each_in_code_order_adding_up(mix):
    got = rows("2009-03-01", "2009-03-31", "--district", "DA", "--as-of", "2009-03-25")
    assert [r["code"] for r in got] == ["DA-1", "DA-2"]
    a1 = got[0]
    assert {k: a1[k] for k in COLUMNS[1:11]} == {
        "total": "9",
        "on_the_spot": "3",
        "afterwards": "2",
        "referred": "3",
        "referred_resolved": "1",
        "referred_open": "2",
        "unaccounted": "1",
        "overdue": "2",
        "escalated_district": "2",
        "escalated_city": "1",
    }
    n = {k: int(a1[k]) for k in COLUMNS[1:11]}
    assert n["total"] == n["on_the_spot"] + n["afterwards"] + n["referred"] + n["unaccounted"]
    assert n["referred"] == n["referred_resolved"] + n["referred_open"]


def test_rates_have_two_decimals_half_up_and_are_blank_without_a_denominator(mix):
    a1, a2 = rows("2009-03-01", "2009-03-31", "--district", "DA", "--as-of", "2009-03-25")
    assert a1["resolution_rate"] == "66.67"  # 6 of 9
    assert a1["answer_rate"] == "55.56"  # 5 of 9
    assert a1["answer_satisfaction"] == "66.67"  # 2 of 3, not reached left out
    assert a1["key_dispute_resolution_rate"] == "50.00"
    assert a2["answer_satisfaction"] == "" and a2["key_dispute_resolution_rate"] == ""
    assert a2["resolution_rate"] == "0.00"


def test_as_of_sets_today_for_overdue_and_escalation(mix):
    early = rows("2009-03-01", "2009-03-31", "--district", "DA", "--as-of", "2009-03-12")
    assert (early[0]["overdue"], early[0]["escalated_district"], early[0]["escalated_city"]) == (
        "2",
        "2",
        "0",
    )
    before = rows("2009-03-01", "2009-03-31", "--district", "DA", "--as-of", "2009-03-09")
    assert before[0]["overdue"] == "0"


def test_a_street_by_community_lists_every_community_even_without_items(mix):
    got = rows("2009-03-01", "2009-03-31", "--street", "DA-1")
    assert [r["code"] for r in got] == ["DA-1-0", "DA-1-1", "DA-1-2"]
    assert got[2]["total"] == "0" and got[2]["resolution_rate"] == ""


def test_the_whole_city_by_district(mix):
    got = rows("2009-03-01", "2009-03-31", "--as-of", "2009-03-25")
    assert [(r["code"], r["total"]) for r in got] == [("DA", "10"), ("DB", "1")]


def test_json_has_numbers_with_two_decimals_and_null_for_no_figure(mix):
    out = run(
        "2009-03-01", "2009-03-31", "--district", "DA", "--format", "json", "--as-of", "2009-03-25"
    )
    assert '"resolution_rate": 66.67' in out
    data = json.loads(out)
    assert data[1]["answer_satisfaction"] is None
    assert list(data[0]) == list(COLUMNS)


@pytest.mark.parametrize(
    "args",
    [
        ("2009-13-01", "2009-03-31"),
        ("2009-03-31", "2009-03-01"),
        ("2009-03-01", "2009-03-31", "--district", "NOPE"),
        ("2009-03-01", "2009-03-31", "--street", "NOPE"),
        ("2009-03-01", "2009-03-31", "--as-of", "yesterday"),
        ("2009-03-01", "2009-03-31", "--district", "DA", "--by", "district"),
    ],
)
def test_bad_arguments_are_refused_clearly(city, args):
    with pytest.raises(CommandError):
        run(*args)
