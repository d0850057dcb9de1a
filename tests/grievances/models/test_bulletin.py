"""grievances/models/bulletin.py: one bulletin per district and month, a month from 1 to
12, an entry only for a department below a threshold; rates exact from the kept counts;
the policy's thresholds are percents."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from grievances.models import Bulletin, BulletinEntry, GrievancePolicy
from grievances.models.bulletin import month_bounds
from tests.grievances.departments.helpers import D

pytestmark = pytest.mark.django_db

THRESHOLDS = {"satisfaction_threshold": Decimal(85), "on_time_threshold": Decimal(92)}
COUNTS = {
    "referred": 3,
    "accepted_on_time": 3,
    "resolved_on_time": 1,
    "sent_back": 0,
    "reopened": 0,
    "problem_items": 0,
    "acceptance_due": 3,
    "resolution_due": 3,
    "verdicts": 3,
    "satisfied_verdicts": 2,
}


def bulletin(district, month=4):
    return Bulletin.objects.create(
        district=district, year=2009, month=month, as_of=D(2009, 5, 4), **THRESHOLDS
    )


def test_a_district_has_one_bulletin_a_month(city):
    bulletin(city.district_a)
    with transaction.atomic(), pytest.raises(IntegrityError):
        bulletin(city.district_a)
    bulletin(city.district_b)
    bulletin(city.district_a, month=5)
    assert Bulletin.objects.count() == 3


@pytest.mark.parametrize("month", [0, 13])
def test_a_month_is_from_1_to_12(city, month):
    with transaction.atomic(), pytest.raises(IntegrityError):
        bulletin(city.district_a, month=month)


def test_an_entry_names_a_department_below_a_threshold_only(city, police_a1):
    made = bulletin(city.district_a)
    with transaction.atomic(), pytest.raises(IntegrityError):
        BulletinEntry.objects.create(
            bulletin=made,
            department=police_a1,
            below_satisfaction=False,
            below_on_time=False,
            **COUNTS,
        )
    BulletinEntry.objects.create(
        bulletin=made, department=police_a1, below_satisfaction=True, below_on_time=True, **COUNTS
    )
    entry = BulletinEntry.objects.with_rates().get()
    assert entry.on_time_rate.quantize(Decimal("0.0001")) == Decimal("33.3333")
    assert entry.satisfaction.quantize(Decimal("0.0001")) == Decimal("66.6667")


def test_an_entrys_counts_are_consistent(city, police_a1):
    with transaction.atomic(), pytest.raises(IntegrityError):
        BulletinEntry.objects.create(
            bulletin=bulletin(city.district_a),
            department=police_a1,
            below_satisfaction=True,
            below_on_time=False,
            **{**COUNTS, "satisfied_verdicts": 4},
        )


def test_a_month_runs_from_its_first_to_its_last_day():
    assert month_bounds(2009, 2) == (D(2009, 2, 1), D(2009, 2, 28))
    assert month_bounds(2009, 12) == (D(2009, 12, 1), D(2009, 12, 31))


def test_the_policys_thresholds_default_to_85_and_92_and_are_percents():
    policy = GrievancePolicy.for_year(2031)
    assert (policy.department_satisfaction_threshold, policy.department_on_time_threshold) == (
        Decimal("85.00"),
        Decimal("92.00"),
    )
    policy.department_on_time_threshold = Decimal("100.01")
    with pytest.raises(ValidationError) as refused:
        policy.full_clean()
    assert list(refused.value.message_dict) == ["department_on_time_threshold"]
