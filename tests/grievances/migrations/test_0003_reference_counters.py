"""grievances/migrations/0003_reference_counters.py: each street's counter for a year starts
at the highest number its stored references carry."""

import importlib

import pytest
from django.apps import apps

from grievances.models import ReferenceCounter
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_migration_starts_each_counter_at_the_highest_number_its_references_carry(city):
    for reference in ["DA-1-2009-0007", "DA-1-2009-0031", "DA-1-2010-0002", "DA-2-2009-0004"]:
        factories.GrievanceFactory(community=city.a1[0], reference=reference)
    for reference in ["DA-1-2009-00AB", "DA-1-2009-99999999999", "NO-SUCH-2009-0100", "T-1"]:
        factories.GrievanceFactory(community=city.a1[0], reference=reference)
    ReferenceCounter.objects.all().delete()
    migration = importlib.import_module("grievances.migrations.0003_reference_counters")
    migration.initialise_counters(apps, None)
    assert sorted(ReferenceCounter.objects.values_list("street__code", "year", "last")) == [
        ("DA-1", 2009, 31),
        ("DA-1", 2010, 2),
        ("DA-2", 2009, 4),
    ]
