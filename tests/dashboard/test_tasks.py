"""dashboard/tasks.py: the daily digest, run by the worker on the demo city, twice."""

import pytest
from django.core import mail

from dashboard import tasks
from districts.models import User

pytestmark = pytest.mark.django_db


def test_the_worker_sends_the_demo_citys_digests_and_a_second_run_sends_nothing(demo, run_worker):
    from grievances.tasks import escalate_overdue

    User.objects.filter(is_active=True).exclude(role="administrator").update(
        email="someone@example.org"
    )
    escalate_overdue.enqueue()
    tasks.send_daily_digests.enqueue()
    escalation, first = run_worker()
    assert escalation.status == first.status == "SUCCESSFUL"
    assert first.return_value["sent"] > 0
    assert len(mail.outbox) == first.return_value["sent"]
    assert any("JB-" in m.body for m in mail.outbox)

    tasks.send_daily_digests.enqueue()
    [second] = run_worker()
    assert second.return_value == {"sent": 0, "nothing_to_report": 0}
    assert len(mail.outbox) == first.return_value["sent"]
