"""Fixtures of the tests of grievances/services/: an item received by street staff, the
street's police, and an item referred to it."""

import datetime

import pytest

from districts.models import Department
from districts.services import platform_create
from grievances import services

D = datetime.date


@pytest.fixture
def item(city, staff_a1):
    platform_create(streets=[city.street_a1], communities=city.a1)
    return services.grievance_create(
        community=city.a1[0],
        kind="complaint",
        summary="夜间噪音",
        received_on=D(2009, 3, 1),
        user=staff_a1,
    )


@pytest.fixture
def police(city, item):
    return Department.objects.get(street=city.street_a1, key="police")


@pytest.fixture
def referred(city, staff_a1, police_a1):
    grievance = services.grievance_create(
        community=city.a1[0],
        kind="complaint",
        summary="夜间噪音",
        received_on=D(2009, 3, 2),
        user=staff_a1,
    )
    return services.grievance_refer(
        grievance=grievance, department=police_a1, deadline=D(2009, 3, 11), user=staff_a1
    )
