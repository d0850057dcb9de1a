"""grievances/management/commands/department_figures.py: the departments' record for other
programs, equal to the record page."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from grievances.management.commands.department_figures import COLUMNS
from tests import factories
from tests.grievances.departments.helpers import referred_item

pytestmark = pytest.mark.django_db
D = datetime.date
ARGS = ("2025-01-01", "2025-12-31", "--as-of", "2025-12-31")


@pytest.fixture
def departments(city, police_a1):
    """Street A1's police: 3 items (2 accepted on time of 3 due, one sent back 3 times, one
    resolved late); A1's first community's mediation: nothing; B1's police: one item."""
    mediation = factories.DepartmentFactory(street=None, community=city.a1[0], key="mediation")
    police_b1 = factories.DepartmentFactory(street=city.street_b1, key="police")
    referred_item(police_a1, D(2025, 3, 7), accepted_on=D(2025, 3, 10), sent_back=3)
    referred_item(
        police_a1,
        D(2025, 3, 4),
        accepted_on=D(2025, 3, 5),
        deadline=D(2025, 3, 10),
        resolved_on=D(2025, 3, 11),
        verdict="basically_satisfied",
    )
    referred_item(police_a1, D(2025, 3, 4), accepted_on=D(2025, 3, 7))
    referred_item(police_b1, D(2025, 4, 1), resolved_on=D(2025, 4, 2), verdict="unsatisfied")
    return police_a1, mediation, police_b1


def run(*args):
    out = io.StringIO()
    call_command("department_figures", *args, stdout=out)
    return out.getvalue()


def test_one_row_per_department_with_its_code_platform_and_figures(departments):
    rows = list(csv.DictReader(io.StringIO(run(*ARGS))))
    assert tuple(rows[0]) == COLUMNS
    assert [(r["code"], r["platform"]) for r in rows] == [
        ("DA-1", "police"),
        ("DA-1-0", "mediation"),
        ("DB-1", "police"),
    ]
    police = rows[0]
    assert (police["referred"], police["accepted_on_time"], police["resolved_on_time"]) == (
        "3",
        "2",
        "0",
    )
    assert (police["sent_back"], police["problem_items"]) == ("3", "1")
    assert (police["acceptance_rate"], police["on_time_rate"]) == ("66.67", "0.00")
    assert police["satisfaction"] == "100.00"
    assert rows[1]["acceptance_rate"] == "" and rows[1]["referred"] == "0"
    assert rows[2]["satisfaction"] == "0.00"


def test_a_district_leaves_the_others_departments_out(departments):
    rows = list(csv.DictReader(io.StringIO(run(*ARGS, "--district", "DA"))))
    assert [r["code"] for r in rows] == ["DA-1", "DA-1-0"]


def test_json_has_the_same_rows_with_rates_as_numbers_or_null(departments):
    rows = json.loads(run(*ARGS, "--format", "json"))
    assert rows[0]["acceptance_rate"] == 66.67 and rows[0]["referred"] == 3
    assert rows[1]["satisfaction"] is None


@pytest.mark.parametrize(
    "args",
    [
        ("2025-13-01", "2025-12-31"),
        ("2025-12-31", "2025-01-01"),
        ("2025-01-01", "2025-12-31", "--district", "NOPE"),
        ("2025-01-01", "2025-12-31", "--as-of", "soon"),
    ],
)
def test_bad_arguments_are_refused_with_a_message(departments, args):
    with pytest.raises(CommandError):
        run(*args)


def cell(row, column):
    """A cell as the page's download writes it: a rate without a denominator blank."""
    value = row.get_cell_value(column)
    return "" if value is None else str(value)


def test_the_command_equals_the_record_page(client, city_official, departments):
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    command = list(csv.DictReader(io.StringIO(run("2025-01-01", "2025-12-31", "--as-of", today))))
    client.force_login(city_official)
    response = client.get(
        reverse("grievances:department_record"), {"from": "2025-01-01", "to": "2025-12-31"}
    )
    page = [
        {
            "code": row.get_cell_value("code"),
            "platform": row.record.key,
            **{c: cell(row, c) for c in COLUMNS[2:]},
        }
        for row in response.context["table"].rows
    ]
    assert page == command
