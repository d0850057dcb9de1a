"""grievances/tasks.py: the daily escalation, run by the worker, on the demo city; the hourly
prune of the verdict page's counts."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import PeriodicRun
from grievances import tasks
from grievances.models import FollowUp, Grievance, VerdictLimit

pytestmark = pytest.mark.django_db


def escalation_state():
    return (
        list(
            Grievance.objects.order_by("pk").values_list(
                "pk", "escalated_to_district_at", "escalated_to_city_at", "version"
            )
        ),
        FollowUp.objects.count(),
    )


def test_the_worker_escalates_the_demo_citys_overdue_items_and_a_second_run_changes_nothing(
    demo, run_worker
):
    overdue = Grievance.objects.filter(
        resolved_on__isnull=True, deadline__isnull=False, escalated_to_district_at__isnull=True
    ).count()
    assert overdue > 0  # the seed has open referred items past their deadline

    tasks.escalate_overdue.enqueue()
    [first] = run_worker()
    assert first.status == "SUCCESSFUL"
    assert first.return_value["district"] == overdue
    assert FollowUp.objects.filter(kind="escalated", text="district").count() == overdue
    after_first = escalation_state()

    tasks.escalate_overdue.enqueue()
    [second] = run_worker()
    assert second.return_value == {"district": 0, "city": 0, "problem": 0}
    assert escalation_state() == after_first


def test_the_scheduler_enqueues_the_daily_escalation_once_and_the_worker_runs_it(city, run_worker):
    for _ in range(2):  # two schedulers, or one passing twice in the day
        call_command("scheduler", "--once", "--now=2026-10-09T06:00+08:00", stdout=io.StringIO())
    assert PeriodicRun.objects.filter(job="escalate_overdue", period="2026-10-09").count() == 1
    ran = [r.task_path for r in run_worker()]
    assert ran.count("grievances.tasks.escalate_overdue") == 1


def test_the_daily_escalation_is_not_enqueued_before_its_hour(city):
    call_command("scheduler", "--once", "--now=2026-10-09T00:30+08:00", stdout=io.StringIO())
    assert not PeriodicRun.objects.filter(job="escalate_overdue").exists()


def test_the_worker_prunes_the_verdict_pages_counts_whose_window_has_passed(run_worker):
    now = timezone.now()
    VerdictLimit.objects.create(key="addr:a", started_at=now - datetime.timedelta(hours=2))
    VerdictLimit.objects.create(key="addr:b", started_at=now)
    tasks.prune_verdict_limits.enqueue()
    [result] = run_worker()
    assert result.return_value == 1
    assert list(VerdictLimit.objects.values_list("key", flat=True)) == ["addr:b"]


def test_the_worker_generates_the_previous_months_bulletins_once(
    city, police_a1, official_a, run_worker, monkeypatch
):
    from grievances.models import Bulletin, Verdict
    from grievances.services import bulletin as bulletin_service
    from tests.fixtures.bulletins import satisfied_items

    satisfied_items(police_a1, [Verdict.UNSATISFIED])  # April 2009
    monkeypatch.setattr(
        bulletin_service.timezone, "localdate", lambda *args: datetime.date(2009, 5, 4)
    )
    tasks.generate_bulletins.enqueue()
    tasks.generate_bulletins.enqueue()
    first, second = run_worker()
    assert (first.status, first.return_value) == ("SUCCESSFUL", 2)
    assert (second.status, second.return_value) == ("SUCCESSFUL", 0)
    bulletin = Bulletin.objects.get(district=official_a.district, year=2009, month=4)
    assert [e.department_id for e in bulletin.entries.all()] == [police_a1.pk]
    assert official_a.notifications.get().url.endswith(f"/bulletins/{bulletin.pk}/")
