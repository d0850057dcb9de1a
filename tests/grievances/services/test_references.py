"""grievances/services/references.py: references numbered per street and year from the
street's counter, which imports move past the numbers they bring."""

import datetime

import pytest

from grievances import services
from tests import factories
from tests.grievances.helpers import import_references, intake

pytestmark = pytest.mark.django_db
D = datetime.date


def test_references_are_numbered_per_street_and_year(city, staff_a1, item):
    second = services.grievance_create(
        community=city.a1[1],
        kind="opinion",
        summary="路灯",
        received_on=D(2009, 5, 1),
        user=staff_a1,
    )
    next_year = services.grievance_create(
        community=city.a1[0],
        kind="opinion",
        summary="绿化",
        received_on=D(2010, 1, 5),
        user=staff_a1,
    )
    assert [item.reference, second.reference, next_year.reference] == [
        "DA-1-2009-0001",
        "DA-1-2009-0002",
        "DA-1-2010-0001",
    ]


@pytest.mark.parametrize("tail", ["00AB", "ABCD", "0001-x"])
def test_intake_after_an_import_with_a_non_numeric_tail_takes_the_first_number(
    city, staff_a1, tmp_path, tail
):
    import_references(tmp_path, f"DA-1-2009-{tail}")
    assert intake(city, staff_a1) == "DA-1-2009-0001"


def test_intake_after_an_import_with_a_five_digit_tail_goes_on_counting(city, staff_a1, tmp_path):
    """The text maximum of DA-1-2009-99999 and DA-1-2009-100000 is the first: numbering
    from it gave 100000 again, and every later intake of the street and year failed."""
    import_references(tmp_path, "DA-1-2009-0007", "DA-1-2009-99999")
    assert [intake(city, staff_a1) for _ in range(3)] == [
        "DA-1-2009-100000",
        "DA-1-2009-100001",
        "DA-1-2009-100002",
    ]


def test_intake_steps_over_a_number_some_reference_already_holds(city, staff_a1):
    """A reference stored without moving the counter (a row from before the counters)."""
    factories.GrievanceFactory(community=city.a1[0], reference="DA-1-2009-0001")
    assert intake(city, staff_a1) == "DA-1-2009-0002"


def test_references_keep_the_whole_street_code_even_at_its_longest(city, staff_a1):
    city.street_a1.code = "L" * 32
    city.street_a1.save()
    assert intake(city, staff_a1) == "L" * 32 + "-2009-0001"
