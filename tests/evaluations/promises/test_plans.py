"""Improvement plans (DOMAIN.md "Promises", rule 3): plan_missing in SQL, cleared by a
promise, escalated to the district once, 10 working days after the meeting."""

import datetime

import pytest
from django.urls import reverse

from core.workdays import add_working_days
from districts.models import Notification
from evaluations.models import PlanEscalation
from evaluations.promises.plans import plans_escalate, plans_escalated, plans_missing
from tests import factories

from .between import HELD, posted, promised, reviewed

pytestmark = pytest.mark.django_db

DEADLINE = add_working_days(HELD, 10)
AFTER = DEADLINE + datetime.timedelta(days=1)


@pytest.fixture
def officer(city):
    return posted(city.a1[0], "PA", "甲警官")


@pytest.fixture
def unsatisfied(city, officer):
    return reviewed(city.a1[0], officer, unsatisfied=True)


def pairs(qs):
    return sorted(qs.values_list("meeting_id", "official_id"))


def test_an_official_rated_unsatisfied_without_a_promise_is_a_missing_plan(unsatisfied, officer):
    assert pairs(plans_missing()) == [(unsatisfied.pk, officer.pk)]


def test_a_promise_of_that_official_at_that_meeting_clears_it(unsatisfied, officer):
    promised(unsatisfied, official=officer)
    assert pairs(plans_missing()) == []


def test_a_promise_of_the_department_does_not_clear_it(city, unsatisfied):
    promised(unsatisfied, department=factories.DepartmentFactory(street=city.street_a1))
    assert len(pairs(plans_missing())) == 1


def test_a_satisfied_official_needs_no_plan(city, officer):
    reviewed(city.a1[0], officer)
    assert pairs(plans_missing()) == []


def test_a_draft_meeting_does_not_count(city, officer):
    reviewed(city.a1[0], officer, unsatisfied=True, submit=False)
    assert pairs(plans_missing()) == []


def test_missing_plans_are_scoped(city, unsatisfied, staff_a1, staff_b1, official_a, official_b):
    assert plans_missing(user=staff_a1).count() == plans_missing(user=official_a).count() == 1
    assert plans_missing(user=staff_b1).count() == plans_missing(user=official_b).count() == 0


def test_not_escalated_on_the_tenth_working_day(unsatisfied):
    assert plans_escalate(today=DEADLINE) == 0
    assert not PlanEscalation.objects.exists()


def test_escalated_once_the_day_after_with_a_notice_to_the_districts_officials(
    city, unsatisfied, officer, official_a, official_b
):
    assert plans_escalate(today=AFTER) == 1
    escalation = PlanEscalation.objects.get()
    assert (escalation.meeting, escalation.official) == (unsatisfied, officer)
    notice = Notification.objects.get(kind=Notification.Kind.PLAN_MISSING)
    assert notice.user == official_a and "甲警官" in notice.subject
    assert notice.url == reverse("evaluations:meeting", args=[unsatisfied.pk])
    official_a.refresh_from_db()
    assert official_a.unread_notifications == 1
    assert not Notification.objects.filter(user=official_b).exists()


def test_a_second_run_escalates_nothing(unsatisfied, official_a):
    plans_escalate(today=AFTER)
    assert plans_escalate(today=AFTER + datetime.timedelta(days=3)) == 0
    assert PlanEscalation.objects.count() == 1
    assert Notification.objects.count() == 1


def test_a_plan_recorded_in_time_is_never_escalated(unsatisfied, officer):
    promised(unsatisfied, official=officer)
    assert plans_escalate(today=AFTER) == 0


def test_an_escalated_plan_recorded_late_leaves_the_districts_list(unsatisfied, officer):
    plans_escalate(today=AFTER)
    assert plans_escalated().count() == 1
    promised(unsatisfied, official=officer)
    assert plans_escalated().count() == 0
    assert plans_escalate(today=AFTER) == 0


def test_many_plans_escalate_in_the_same_number_of_queries(city):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    factories.DistrictOfficialFactory(district=city.district_a)
    reviewed(city.a1[0], posted(city.a1[0], "P0", "官0"), unsatisfied=True)
    with CaptureQueriesContext(connection) as one:
        plans_escalate(today=AFTER)
    for i, community in enumerate(city.a1[1:] + city.a2 + city.b1):
        reviewed(community, posted(community, f"P{i + 1}", f"官{i + 1}"), unsatisfied=True)
    with CaptureQueriesContext(connection) as many:
        assert plans_escalate(today=AFTER) == 8
    assert len(many) == len(one)


def test_the_worker_runs_the_daily_job(unsatisfied, run_worker):
    from core.jobs import periodic_jobs
    from evaluations.tasks import escalate_missing_plans

    assert "escalate_missing_plans" in periodic_jobs()
    escalate_missing_plans.enqueue()
    [result] = run_worker()
    assert result.status == "SUCCESSFUL"
    # the meeting was held in 2025: long past 10 working days today
    assert result.return_value == 1
    escalate_missing_plans.enqueue()
    [again] = run_worker()
    assert again.return_value == 0


def test_the_scheduler_enqueues_the_plans_escalation_once_a_day(city):
    import io

    from django.core.management import call_command

    from core.models import PeriodicRun

    for _ in range(2):  # two schedulers, or one passing twice in the day
        call_command("scheduler", "--once", "--now=2026-10-09T06:00+08:00", stdout=io.StringIO())
    assert PeriodicRun.objects.filter(job="escalate_missing_plans").count() == 1
