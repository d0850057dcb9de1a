"""The grievance model's consistency rules hold in the database, whatever writes the item."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from grievances.models import Grievance
from tests.factories import GrievanceFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    "values",
    [
        {"disposition": "on_the_spot", "resolved_on": D(2009, 3, 2)},
        {"disposition": "afterwards", "resolved_on": D(2009, 3, 1)},
        {"disposition": "referred"},
        {"disposition": "", "resolved_on": D(2009, 3, 5)},
        {"answered_on": D(2009, 2, 1)},
    ],
)
def test_the_database_refuses_inconsistent_items(city, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        GrievanceFactory(community=city.a1[0], received_on=D(2009, 3, 1), **values)
    assert not Grievance.objects.exists()
