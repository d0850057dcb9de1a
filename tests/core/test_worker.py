"""core/worker.py: a task whose worker died is queued again, once, or failed with a
message; never left running. The drill: a real ``manage.py worker`` killed (SIGKILL) in
the middle of an admin upload's import on PostgreSQL (issue 22, "Faults survived")."""

import datetime
import signal
import time

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import jobs, worker
from core.interchange.tasks import import_upload
from core.models import ImportUpload, WorkerBeat
from districts.models import Community, District, Street
from tests.core.interchange.upload_helpers import areas_rows, upload_file

pytestmark = pytest.mark.django_db

ROWS = 3000  # a city's worth of one district's communities: seconds to import


def claimed(task_id: str, *workers: str, minutes_ago: int = 5) -> DBTaskResult:
    result = DBTaskResult.objects.get(pk=task_id)
    result.status = "RUNNING"
    result.worker_ids = list(workers)
    result.started_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    result.save()
    return result


@pytest.fixture
def upload_job(client, superuser):
    client.force_login(superuser)
    upload_file(client, b"district_code\n")
    return ImportUpload.objects.get()


def test_a_task_left_running_by_a_silent_worker_is_queued_again(upload_job):
    claimed(upload_job.task_id, "dead")
    assert worker.requeue_stale() == {"requeued": [upload_job.task_id], "failed": []}
    assert DBTaskResult.objects.get(pk=upload_job.task_id).status == "READY"


def test_a_task_whose_worker_still_beats_is_left_running(upload_job):
    claimed(upload_job.task_id, "alive")
    worker.beat("alive")
    assert worker.requeue_stale() == {"requeued": [], "failed": []}
    assert DBTaskResult.objects.get(pk=upload_job.task_id).status == "RUNNING"


def test_a_task_claimed_within_the_lease_is_left_running(upload_job):
    claimed(upload_job.task_id, "starting", minutes_ago=0)
    assert worker.requeue_stale()["requeued"] == []


@override_settings(TASK_MAX_ATTEMPTS=2)
def test_after_its_last_attempt_the_task_fails_and_the_file_is_cleared(upload_job):
    claimed(upload_job.task_id, "dead-1", "dead-2")
    assert worker.requeue_stale()["failed"] == [upload_job.task_id]
    state = jobs.job_state(upload_job.task_id)
    assert state.status == "FAILED"
    assert state.error.startswith("The worker stopped while running this job, on each of its 2")
    upload_job.refresh_from_db()
    assert bytes(upload_job.data) == b""


def test_the_page_of_a_job_queued_again_says_its_worker_stopped(client, upload_job):
    claimed(upload_job.task_id, "dead")
    worker.requeue_stale()
    page = client.get(reverse("admin_import_status", args=[upload_job.pk]))
    assert page.context["state"].interrupted
    assert "Its worker stopped before the job finished (attempt 1)" in page.text
    assert "Nothing of the file has been saved" in page.text


def test_the_page_of_a_job_whose_worker_went_silent_says_so(client, upload_job):
    claimed(upload_job.task_id, "dead")
    page = client.get(reverse("admin_import_status", args=[upload_job.pk]))
    assert "Its worker has stopped answering" in page.text


def test_a_stopped_worker_removes_its_heartbeat():
    heartbeat = worker.Heartbeat("w1", every=0.05)
    heartbeat.pulse()  # as the command does before it starts the thread
    assert WorkerBeat.objects.filter(worker_id="w1").exists()
    heartbeat.stop()
    assert not WorkerBeat.objects.exists()


def test_an_upload_whose_outcome_is_saved_is_not_imported_again(upload_job, run_worker):
    ImportUpload.objects.filter(pk=upload_job.pk).update(report={"rows": 7}, data=b"x")
    again = import_upload.enqueue(upload_id=upload_job.pk)
    run_worker()
    assert DBTaskResult.objects.get(pk=again.id).return_value == {"rows": 7, "errors": 0}


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_saves_nothing_and_its_restart_imports_the_file_once(
    client, superuser, worker_process, blocked_table, settings
):
    """The drill: the worker is caught writing (streets written, communities waiting on a
    lock the test holds), killed with SIGKILL, and started again."""
    settings.TASK_WORKER_LEASE_SECONDS = worker_process.LEASE  # as the worker's
    client.force_login(superuser)
    response = upload_file(client, areas_rows(ROWS))
    upload = ImportUpload.objects.get()
    block = blocked_table("districts_community")
    first = worker_process.start()
    backend = block.wait_for_writer()
    assert {"districts_district", "districts_street"} <= block.tables_written_by(backend)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed_at = time.monotonic()
    block.release()

    assert not Street.objects.filter(code__startswith="Z").exists()  # nothing half-written
    assert not District.objects.filter(code__startswith="Z").exists()
    upload.refresh_from_db()
    assert (upload.report, bool(upload.data)) == (None, True)
    time.sleep(worker_process.LEASE + 0.5)  # the dead worker's lease runs out
    page = client.get(response["Location"])
    assert "Its worker has stopped answering" in page.text
    assert "Nothing of the file has been saved" in page.text

    worker_process.run_batch()
    recovered = time.monotonic() - killed_at
    state = jobs.job_state(upload.task_id)
    assert (state.status, state.attempts) == ("SUCCESSFUL", 2)
    upload.refresh_from_db()
    assert (upload.report["rows"], bytes(upload.data)) == (ROWS, b"")
    assert Community.objects.filter(code__startswith="Z").count() == ROWS
    assert "Saved: the changes above are in the database." in client.get(response["Location"]).text
    print(f"\nDRILL worker-killed-mid-import: {ROWS} rows, recovered in {recovered:.1f} s")
