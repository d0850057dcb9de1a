"""grievances/services/escalation.py: overdue items go to their district, then to the city, each
recorded once on the timeline; set-based and idempotent."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.models import Department
from districts.services import platform_create
from grievances import services
from grievances.models import FollowUp, Grievance, GrievancePolicy
from grievances.services.escalation import city_cutoff
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def referred(city):
    platform_create(streets=[city.street_a1])
    police = Department.objects.get(street=city.street_a1, key="police")

    def item(deadline, **kwargs):
        return factories.GrievanceFactory(
            community=city.a1[0],
            received_on=D(2026, 5, 1),
            disposition="referred",
            department=police,
            deadline=deadline,
            **kwargs,
        )

    return item


def test_an_overdue_item_goes_to_its_district_once_with_the_time(referred):
    late = referred(D(2026, 9, 30))
    now = datetime.datetime(2026, 10, 9, 1, 0, tzinfo=datetime.UTC)
    assert services.escalate(today=D(2026, 10, 9), now=now) == {"district": 1, "city": 0}
    late.refresh_from_db()
    assert late.escalated_to_district_at == now
    assert late.escalated_to_city_at is None
    assert list(late.follow_ups.values_list("kind", "text")) == [("escalated", "district")]


def test_items_not_yet_due_resolved_or_without_a_deadline_are_left_alone(referred, city):
    on_time = referred(D(2026, 10, 9))
    done = referred(D(2026, 9, 30), resolved_on=D(2026, 10, 8))
    unreferred = factories.GrievanceFactory(community=city.a1[0], received_on=D(2026, 9, 1))
    assert services.escalate(today=D(2026, 10, 9)) == {"district": 0, "city": 0}
    for g in (on_time, done, unreferred):
        g.refresh_from_db()
        assert g.escalated_to_district_at is None
    assert not FollowUp.objects.filter(kind="escalated").exists()


def test_an_item_goes_to_the_city_five_working_days_after_its_deadline_not_counting_the_holiday(
    referred,
):
    # due 30 September 2026; working days after it: 8, 9, 10 (Saturday, worked), 12, 13
    late = referred(D(2026, 9, 30))
    assert services.escalate(today=D(2026, 10, 13)) == {"district": 1, "city": 0}
    assert services.escalate(today=D(2026, 10, 14)) == {"district": 0, "city": 1}
    late.refresh_from_db()
    assert late.escalated_to_city_at is not None
    assert list(late.follow_ups.values_list("text", flat=True)) == ["district", "city"]


def test_the_city_delay_is_the_years_policy(referred):
    GrievancePolicy.objects.create(year=2026, city_escalation_days=1)
    referred(D(2026, 9, 30))
    assert services.escalate(today=D(2026, 10, 9)) == {"district": 1, "city": 1}


def test_an_item_found_long_overdue_goes_to_the_district_and_the_city_in_one_run(referred):
    referred(D(2026, 6, 1))
    assert services.escalate(today=D(2026, 10, 9)) == {"district": 1, "city": 1}
    assert FollowUp.objects.filter(kind="escalated").count() == 2


def test_a_second_run_changes_nothing(referred):
    items = [referred(D(2026, 9, 30)), referred(D(2026, 6, 1)), referred(D(2026, 10, 20))]
    services.escalate(today=D(2026, 10, 14))
    before = list(
        Grievance.objects.order_by("pk").values_list(
            "pk", "escalated_to_district_at", "escalated_to_city_at", "version"
        )
    )
    follow_ups = FollowUp.objects.count()
    assert services.escalate(today=D(2026, 10, 14)) == {"district": 0, "city": 0}
    assert (
        list(
            Grievance.objects.order_by("pk").values_list(
                "pk", "escalated_to_district_at", "escalated_to_city_at", "version"
            )
        )
        == before
    )
    assert FollowUp.objects.count() == follow_ups
    assert len(items) == 3


def test_escalation_makes_the_same_number_of_queries_for_few_and_many_items(referred):
    def queries(n, today):
        for _ in range(n):
            referred(D(2026, 6, 1))
        with CaptureQueriesContext(connection) as ctx:
            services.escalate(today=today)
        return len(ctx.captured_queries)

    assert queries(2, D(2026, 10, 9)) == queries(40, D(2026, 10, 10))


def test_the_city_cutoff_is_the_last_deadline_with_all_its_days_passed():
    # 14 October 2026: a deadline up to 7 October (the last day of the holiday) has five
    # working days behind it (8, 9, 10, 12, 13)
    assert city_cutoff(D(2026, 10, 14), 5) == D(2026, 10, 7)
    assert city_cutoff(D(2026, 10, 13), 5) == D(2026, 9, 29)


def test_escalation_notifies_the_officials_of_the_items_district_then_the_city(
    referred, official_a, official_b, city_official, staff_a1
):
    late = referred(D(2026, 9, 30))
    services.escalate(today=D(2026, 10, 9))
    assert list(official_a.notifications.values_list("kind", "subject")) == [
        ("escalated_district", late.reference)
    ]
    assert not official_b.notifications.exists()
    assert not city_official.notifications.exists()
    services.escalate(today=D(2026, 10, 14))
    assert list(city_official.notifications.values_list("kind", flat=True)) == ["escalated_city"]
    services.escalate(today=D(2026, 10, 15))  # nothing new: no second notice
    assert official_a.notifications.count() + city_official.notifications.count() == 2
    assert not staff_a1.notifications.exists()
