"""Grievance references: numbered from a per-street-and-year counter, never from the text
of the references already stored, so an imported reference of any form cannot break
intake, and intake never takes a number an import brought."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from grievances import services
from grievances.models import Grievance, ReferenceCounter
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date

HEADER = (
    "reference,community_code,received_on,kind,key_dispute,summary,disposition,"
    "department,deadline,resolved_on,answered_on"
)


def import_references(tmp_path, *references):
    path = tmp_path / "g.csv"
    rows = [f"{ref},DA-1-0,2009-03-01,complaint,no,导入,,,,," for ref in references]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    call_command("import_csv", "grievances", str(path), stdout=io.StringIO())


def intake(city, staff_a1):
    return services.grievance_create(
        community=city.a1[1],
        kind="opinion",
        summary="路灯",
        received_on=D(2009, 5, 1),
        user=staff_a1,
    ).reference


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


def test_web_intake_after_a_weird_import_answers_with_the_new_reference(
    client, city, staff_a1, tmp_path
):
    import_references(tmp_path, "DA-1-2009-0042", "DA-1-2009-9ABC")
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:new"),
        {
            "community": city.a1[0].pk,
            "source": "hotline",
            "kind": "complaint",
            "summary": "楼道堆放杂物",
            "received_on": "2009-03-02",
        },
    )
    assert response.status_code == 302
    assert Grievance.objects.filter(reference="DA-1-2009-0043").exists()


def test_an_import_moves_the_counter_past_the_numbers_it_brings(city, tmp_path):
    import_references(tmp_path, "DA-1-2009-0003", "DA-1-2009-0042", "DA-1-2010-0005", "X-9")
    counters = ReferenceCounter.objects.filter(street=city.street_a1)
    assert dict(counters.values_list("year", "last")) == {2009: 42, 2010: 5}


def test_an_imported_number_intake_could_never_reach_leaves_the_counter_alone(
    city, staff_a1, tmp_path
):
    import_references(tmp_path, "DA-1-2009-2147483647", "DA-1-2009-99999999999")
    assert intake(city, staff_a1) == "DA-1-2009-0001"


def test_an_import_never_moves_a_counter_back(city, staff_a1, tmp_path):
    for _ in range(3):
        intake(city, staff_a1)
    import_references(tmp_path, "DA-1-2009-02")  # number 2, not taken in this form
    assert ReferenceCounter.objects.get(street=city.street_a1, year=2009).last == 3


def test_intake_steps_over_a_number_some_reference_already_holds(city, staff_a1):
    """A reference stored without moving the counter (a row from before the counters)."""
    factories.GrievanceFactory(community=city.a1[0], reference="DA-1-2009-0001")
    assert intake(city, staff_a1) == "DA-1-2009-0002"


def test_references_keep_the_whole_street_code_even_at_its_longest(city, staff_a1):
    city.street_a1.code = "L" * 32
    city.street_a1.save()
    assert intake(city, staff_a1) == "L" * 32 + "-2009-0001"


def test_the_migration_starts_each_counter_at_the_highest_number_its_references_carry(city):
    for reference in ["DA-1-2009-0007", "DA-1-2009-0031", "DA-1-2010-0002", "DA-2-2009-0004"]:
        factories.GrievanceFactory(community=city.a1[0], reference=reference)
    for reference in ["DA-1-2009-00AB", "DA-1-2009-99999999999", "NO-SUCH-2009-0100", "T-1"]:
        factories.GrievanceFactory(community=city.a1[0], reference=reference)
    ReferenceCounter.objects.all().delete()
    migration = importlib.import_module("grievances.migrations.0002_reference_counters")
    migration.initialise_counters(apps, None)
    assert sorted(ReferenceCounter.objects.values_list("street__code", "year", "last")) == [
        ("DA-1", 2009, 31),
        ("DA-1", 2010, 2),
        ("DA-2", 2009, 4),
    ]
