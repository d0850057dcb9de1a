"""dashboard/tasks.py: the daily digest, run by the worker on the demo city, twice; and
against a real mail server that refuses it (issue 22, "Faults survived"): retried later."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dashboard import tasks
from districts.models import Notification, User
from tests.factories import GrievanceFactory

from .smtp import SMTPServer

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
    assert second.return_value == {"sent": 0, "nothing_to_report": 0, "failed": 0}
    assert len(mail.outbox) == first.return_value["sent"]


@pytest.fixture
def smtp(settings):
    """EMAIL goes to a real SMTP server on this machine, refusing until told otherwise."""
    server = SMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.close()


@pytest.fixture
def overdue_for_official(city, police_a1, official_a):
    today = timezone.localdate()
    GrievanceFactory(
        community=city.a1[0],
        received_on=today - datetime.timedelta(days=60),
        disposition="referred",
        department=police_a1,
        deadline=today - datetime.timedelta(days=3),
    )
    official_a.email = "official@example.org"
    official_a.save()
    return official_a


def test_digests_the_mail_server_refused_are_sent_by_the_jobs_retry(
    overdue_for_official, smtp, run_worker
):
    from grievances.tasks import escalate_overdue

    escalate_overdue.enqueue()
    tasks.send_daily_digests.enqueue()
    escalation, digest = run_worker()
    assert (escalation.status, digest.status) == ("SUCCESSFUL", "SUCCESSFUL")
    assert smtp.connections == 1 and smtp.received == []
    # the inbox does not depend on the mail server
    assert Notification.objects.filter(user=overdue_for_official).count() == 1
    assert (digest.return_value["sent"], digest.return_value["failed"]) == (0, 1)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 1}
    wait = retry.run_after - timezone.now()
    assert datetime.timedelta(minutes=4) < wait <= datetime.timedelta(minutes=5)
    overdue_for_official.refresh_from_db()
    assert overdue_for_official.last_digest_on is None  # the day given back

    smtp.refusing = False
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # 5 minutes on
    [second] = run_worker()
    assert second.return_value == {"sent": 1, "nothing_to_report": 0, "failed": 0}
    [message] = smtp.received
    assert message["To"] == "official@example.org"
    assert not DBTaskResult.objects.filter(status="READY").exists()
    print(f"\nDRILL mail-refused: digest retried after {wait.total_seconds() / 60:.0f} min, sent")


def test_after_the_last_retry_the_digest_job_stops_and_says_so(
    overdue_for_official, smtp, run_worker, settings, caplog
):
    settings.DIGEST_RETRY_MINUTES = [5]
    tasks.send_daily_digests.enqueue(attempt=1)
    [result] = run_worker()
    assert result.return_value == {"sent": 0, "nothing_to_report": 0, "failed": 1}
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert "1 digests not sent today: the mail server refused them 2 times." in caplog.text
