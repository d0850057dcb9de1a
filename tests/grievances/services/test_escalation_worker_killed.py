"""The daily escalation (grievances/services/escalation.py, run by grievances.tasks) when
its worker is killed in the middle (issue 22, "Faults survived"): a real
``manage.py worker`` on PostgreSQL, caught after it has escalated the items and written
their timeline entries but before the notices, killed with SIGKILL, then started again.
Every due item is escalated exactly once: none lost, no timeline entry or notice twice."""

import datetime
import signal
import time

import pytest
from django.utils import timezone

from core import jobs
from districts.models import Notification
from grievances import services
from grievances.models import FollowUp, Grievance
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

ITEMS = 300


@pytest.fixture
def overdue(city, police_a1, official_a, city_official):
    today = timezone.localdate()
    factories.GrievanceFactory.create_batch(
        ITEMS,
        community=city.a1[0],
        received_on=today - datetime.timedelta(days=90),
        disposition="referred",
        department=police_a1,
        deadline=today - datetime.timedelta(days=30),  # due to the district and to the city
    )


def test_a_worker_killed_mid_escalation_escalates_every_item_once_after_its_restart(
    overdue, worker_process, blocked_table, settings
):
    settings.TASK_WORKER_LEASE_SECONDS = worker_process.LEASE
    now = timezone.localtime().replace(hour=1, minute=0, second=0, microsecond=0)
    enqueued = jobs.schedule_due(now)
    assert "escalate_overdue" in enqueued
    block = blocked_table("districts_notification")
    first = worker_process.start()
    backend = block.wait_for_writer()
    assert {"grievances_grievance", "grievances_followup"} <= block.tables_written_by(backend)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed_at = time.monotonic()
    block.release()

    # all or nothing: what the killed run had written is gone with its transaction
    assert not Grievance.objects.filter(escalated_to_district_at__isnull=False).exists()
    assert not FollowUp.objects.filter(kind="escalated").exists()
    assert not Notification.objects.exists()
    # the scheduler does not enqueue the day's run a second time: the worker's lease does
    assert "escalate_overdue" not in jobs.schedule_due(now)
    time.sleep(worker_process.LEASE + 0.5)

    worker_process.run_batch()
    recovered = time.monotonic() - killed_at
    assert (
        Grievance.objects.filter(
            escalated_to_district_at__isnull=False, escalated_to_city_at__isnull=False
        ).count()
        == ITEMS
    )
    assert FollowUp.objects.filter(kind="escalated", text="district").count() == ITEMS
    assert FollowUp.objects.filter(kind="escalated", text="city").count() == ITEMS
    # one notice per item to the district official, one to the city official
    assert Notification.objects.count() == 2 * ITEMS
    assert services.escalate() == {"district": 0, "city": 0}  # a run after it: nothing twice
    assert FollowUp.objects.filter(kind="escalated").count() == 2 * ITEMS
    print(f"\nDRILL worker-killed-mid-escalation: {ITEMS} items, recovered in {recovered:.1f} s")
