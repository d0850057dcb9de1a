"""The grievance model's own rules: overdue is defined once, in SQL and for one item; the
consistency rules hold in the database, whatever writes the item."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from districts.models import Department
from districts.services import platform_create
from grievances.models import Grievance
from tests import factories
from tests.factories import GrievanceFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date(2009, 6, 10)


@pytest.fixture
def items(city):
    community = city.a1[0]
    platform_create(streets=[city.street_a1])
    police = Department.objects.get(street=city.street_a1, key="police")

    def item(**kwargs):
        if kwargs.get("disposition") == "referred":
            kwargs["department"] = police
        return factories.GrievanceFactory(community=community, **kwargs)

    return {
        "open_past_deadline": item(disposition="referred", deadline=datetime.date(2009, 6, 9)),
        "open_due_today": item(disposition="referred", deadline=TODAY),
        "resolved_past_deadline": item(
            disposition="referred",
            deadline=datetime.date(2009, 6, 1),
            resolved_on=datetime.date(2009, 6, 5),
        ),
        "open_without_deadline": item(),
    }


def test_only_an_open_item_past_its_deadline_is_overdue(items):
    overdue = Grievance.objects.filter(Grievance.overdue_q(TODAY))
    assert list(overdue) == [items["open_past_deadline"]]


def test_an_item_says_it_is_overdue_exactly_when_the_sql_rule_selects_it(items):
    in_sql = set(Grievance.objects.filter(Grievance.overdue_q(TODAY)).values_list("pk", flat=True))
    one_by_one = {g.pk for g in items.values() if g.is_overdue(TODAY)}
    assert one_by_one == in_sql


def test_an_item_due_today_is_not_yet_overdue(items):
    assert items["open_due_today"].is_overdue(TODAY) is False
    assert items["open_due_today"].is_overdue(TODAY + datetime.timedelta(days=1)) is True


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
