"""The rankings command (rankings/management/commands/rankings.py) on the demo city:
DOMAIN.md's columns, in rank order, as CSV or JSON."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


COLUMNS = (
    "rank,main_urban_rank,code,name,safety_index,satisfaction,grievance_resolution_rate,"
    "key_dispute_resolution_rate,composite,flags"
)


def command(*args):
    out = io.StringIO()
    call_command("rankings", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_domain_columns_in_rank_order(demo):
    lines = command("2010", "--level", "district").splitlines()
    assert lines[0] == COLUMNS
    rows = list(csv.DictReader(lines))
    assert [r["rank"] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    ddk = next(r for r in rows if r["code"] == "DDK")
    assert ddk["flags"] == (
        "below_safety_threshold;consecutive_last_place;last_among_main_urban;last_place"
    )


def test_the_csv_and_json_of_the_command_hold_the_same_rows(demo):
    rows = list(csv.DictReader(command("2009", "--level", "district").splitlines()))
    data = json.loads(
        command("2009", "--level", "district", "--format", "json"), parse_float=Decimal
    )
    assert len(rows) == len(data)
    for row, obj in zip(rows, data, strict=True):
        for key, value in row.items():
            expected = obj[key]
            if expected is None:
                assert value == ""
            elif isinstance(expected, Decimal):
                assert value == f"{expected:.2f}"
            else:
                assert value == str(expected)


def test_the_json_numbers_have_two_decimals(demo):
    text = command("2009", "--level", "street", "--district", "JLP", "--format", "json")
    assert '"safety_index": 83.22' in text  # Baishiyi town
    assert '"main_urban_rank": null' in text


def test_street_level_without_a_district_lists_every_district_in_code_order(demo):
    rows = list(csv.DictReader(command("2009", "--level", "street").splitlines()))
    districts = [r["code"].split("-")[0] for r in rows]
    assert districts == sorted(districts)
    assert len(rows) == 16


def test_baishiyi_is_below_jiulongpos_threshold_in_2009(demo):
    rows = {
        r["code"]: r
        for r in csv.DictReader(
            command("2009", "--level", "street", "--district", "JLP").splitlines()
        )
    }
    assert "below_safety_threshold" in rows["JLP-BSY"]["flags"]
    assert float(rows["JLP-BSY"]["safety_index"]) >= 80
