"""Rules that live on the area models (districts/models/areas.py), each defined once."""

from decimal import Decimal

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


CITY_MINIMUM = Decimal("80.00")


@pytest.mark.parametrize(
    ("own", "expected"),
    [(None, "80.00"), ("75.00", "80.00"), ("80.00", "80.00"), ("85.00", "85.00")],
)
def test_a_streets_threshold_is_the_higher_of_its_districts_and_the_city_minimum(own, expected):
    district = factories.DistrictFactory.build(
        safety_threshold=None if own is None else Decimal(own)
    )
    assert district.street_threshold(CITY_MINIMUM) == Decimal(expected)
