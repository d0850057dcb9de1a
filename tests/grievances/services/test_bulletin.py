"""grievances/services/bulletin.py: the monthly bulletin names exactly the departments
below either threshold, is generated once per district and month from the month's first
working day on, and is a notice in its district officials' inbox."""

from decimal import Decimal

import pytest

from core.jobs import periodic_jobs
from districts.models import Notification
from grievances.models import Bulletin, BulletinEntry, GrievancePolicy, Verdict
from grievances.services.bulletin import bulletins_due, bulletins_generate, due_month
from tests import factories
from tests.grievances.departments.helpers import D, referred_item

pytestmark = pytest.mark.django_db
APRIL = {"year": 2009, "month": 4, "as_of": D(2009, 5, 4)}
APRIL_8 = D(2009, 4, 8)


def satisfied_items(department, satisfied: int, unsatisfied: int, day=APRIL_8):
    """Items referred on ``day``, resolved on time, with these verdicts."""
    for verdict, n in ((Verdict.SATISFIED, satisfied), (Verdict.UNSATISFIED, unsatisfied)):
        for _ in range(n):
            referred_item(
                department, day, accepted_on=day, resolved_on=D(2009, 4, 10), verdict=verdict
            )


def named(bulletin):
    return {
        (e.department_id, e.below_satisfaction, e.below_on_time)
        for e in BulletinEntry.objects.filter(bulletin=bulletin)
    }


@pytest.fixture
def police_b1(city):
    return factories.DepartmentFactory(street=city.street_b1, key="police")


@pytest.fixture
def judicial_a1(city):
    return factories.DepartmentFactory(street=city.street_a1, key="judicial")


def test_exactly_85_percent_satisfied_is_not_below_and_less_is(city, police_a1, judicial_a1):
    satisfied_items(police_a1, 17, 3)  # 85.00%
    satisfied_items(judicial_a1, 16, 4)  # 80.00%
    bulletin = next(b for b in bulletins_generate(**APRIL) if b.district == city.district_a)
    assert named(bulletin) == {(judicial_a1.pk, True, False)}
    assert bulletin.assessed == 2
    assert (bulletin.satisfaction_threshold, bulletin.on_time_threshold) == (
        Decimal("85.00"),
        Decimal("92.00"),
    )


def test_a_department_late_on_its_deadlines_is_named_below_on_time(city, police_a1):
    GrievancePolicy.objects.create(year=2009, department_on_time_threshold=Decimal("50.00"))
    day = D(2009, 4, 1)
    referred_item(police_a1, day, deadline=D(2009, 4, 10), resolved_on=D(2009, 4, 9))
    referred_item(police_a1, day, deadline=D(2009, 4, 10), resolved_on=D(2009, 4, 20))
    bulletin = bulletins_generate(**APRIL)[0]
    assert named(bulletin) == set()  # 1 of 2 on time: exactly 50.00, not below

    GrievancePolicy.objects.filter(year=2009).update(department_on_time_threshold=Decimal("50.01"))
    Bulletin.objects.all().delete()
    bulletin = bulletins_generate(**APRIL)[0]
    assert named(bulletin) == {(police_a1.pk, False, True)}


def test_a_department_without_an_item_referred_in_the_month_is_not_assessed(
    city, police_a1, judicial_a1
):
    satisfied_items(police_a1, 0, 2, day=D(2009, 3, 31))  # March: not April's
    bulletin = bulletins_generate(**APRIL)[0]
    assert (bulletin.assessed, named(bulletin)) == (0, set())


def test_each_district_has_its_own_bulletin_with_its_own_departments(city, police_a1, police_b1):
    satisfied_items(police_a1, 0, 1)
    satisfied_items(police_b1, 0, 1)
    by_district = {b.district.code: b for b in bulletins_generate(**APRIL)}
    assert {code: named(b) for code, b in by_district.items()} == {
        "DA": {(police_a1.pk, True, False)},
        "DB": {(police_b1.pk, True, False)},
    }


def test_nothing_is_due_before_the_first_working_day_after_a_holiday_weekend(city):
    # 1 May 2009 (Friday) is Labour Day, then the weekend: Monday 4 May is the first
    assert [due_month(D(2009, 5, d)) for d in (1, 2, 3, 4, 5)] == [
        None,
        None,
        None,
        (2009, 4),
        (2009, 4),
    ]


def test_the_job_generates_once_on_the_first_working_day(city, police_a1, official_a):
    satisfied_items(police_a1, 0, 1)
    assert bulletins_due(today=D(2009, 5, 3)) == 0
    assert bulletins_due(today=D(2009, 5, 4)) == 2  # both districts
    assert bulletins_due(today=D(2009, 5, 4)) == 0
    assert bulletins_due(today=D(2009, 5, 5)) == 0
    assert Bulletin.objects.filter(year=2009, month=4).count() == 2
    assert BulletinEntry.objects.count() == 1
    assert Bulletin.objects.get(district=city.district_a).as_of == D(2009, 5, 4)


def test_the_district_officials_get_one_notice_with_the_bulletins_address(
    city, police_a1, official_a, official_b, staff_a1
):
    bulletins_due(today=D(2009, 5, 4))
    bulletins_due(today=D(2009, 5, 5))
    notices = Notification.objects.filter(kind=Notification.Kind.BULLETIN)
    mine = notices.get(user=official_a)
    assert notices.count() == 2
    assert mine.url == f"/grievances/bulletins/{Bulletin.objects.get(district=city.district_a).pk}/"
    assert mine.subject == "甲区 2009-04"
    official_a.refresh_from_db()
    assert official_a.unread_notifications == 1
    assert not notices.filter(user=staff_a1).exists()


def test_the_generation_takes_the_same_queries_whatever_the_number_of_items(
    city, police_a1, judicial_a1, django_assert_max_num_queries
):
    satisfied_items(police_a1, 1, 1)
    with django_assert_max_num_queries(12) as small:
        bulletins_generate(**APRIL)
    Bulletin.objects.all().delete()
    satisfied_items(police_a1, 5, 5)
    satisfied_items(judicial_a1, 5, 5)
    with django_assert_max_num_queries(12) as large:
        bulletins_generate(**APRIL)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_bulletins_job_is_scheduled_daily_before_the_digest():
    jobs = periodic_jobs()
    assert jobs["generate_bulletins"].every == "day"
    assert jobs["generate_bulletins"].at < jobs["send_daily_digests"].at
