"""core/jobs.py: long jobs with progress, and periodic jobs once per period, run by the
database task queue's worker."""

import datetime

import pytest
from django_tasks import task

from core import jobs
from core.models import JobProgress, PeriodicRun

pytestmark = pytest.mark.django_db


@task(takes_context=True)
def count_rows(context, rows: int) -> int:
    for done in range(1, rows + 1):
        jobs.report_progress(context, done=done, total=rows, message=f"row {done}")
    return rows


@task()
def fail() -> None:
    raise ValueError("row 7, community: no such code")


@task()
def tick() -> str:
    return "tick"


def test_a_started_job_is_ready_with_its_label_until_the_worker_runs_it(staff_a1):
    task_id = jobs.start_job(count_rows, label="城市导入", user=staff_a1, rows=3)
    state = jobs.job_state(task_id)
    assert (state.status, state.label, state.done, state.finished) == (
        "READY",
        "城市导入",
        0,
        False,
    )
    assert state.user_id == staff_a1.pk


def test_the_worker_runs_the_job_and_its_progress_and_result_are_read_back(run_worker):
    task_id = jobs.start_job(count_rows, label="import", rows=4)
    run_worker()
    state = jobs.job_state(task_id)
    assert (state.status, state.done, state.total, state.percent) == ("SUCCESSFUL", 4, 4, 100)
    assert (state.message, state.return_value, state.finished) == ("row 4", 4, True)


def test_a_failed_job_says_why(run_worker):
    task_id = jobs.start_job(fail, label="import")
    run_worker()
    state = jobs.job_state(task_id)
    assert state.status == "FAILED"
    assert state.error == "ValueError: row 7, community: no such code"


def test_the_percentage_rounds_half_up_and_is_absent_without_a_total():
    state = jobs.JobState("x", "RUNNING", "", 1, 8, "", None, "", None)
    assert state.percent == 13  # 12.5
    assert jobs.JobState("x", "RUNNING", "", 1, None, "", None, "", None).percent is None


@pytest.mark.parametrize("task_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_job_id_has_no_state(task_id):
    assert jobs.job_state(task_id) is None


@pytest.fixture
def hourly():
    jobs.periodic("test_tick", tick, every="hour", at=datetime.time(0, 15))
    yield
    jobs._periodic.pop("test_tick")


def at(text):
    return datetime.datetime.fromisoformat(text)


def test_a_periodic_job_is_enqueued_once_per_period_however_often_asked(hourly, run_worker):
    assert "test_tick" in jobs.schedule_due(at("2026-10-09T06:20+08:00"))
    assert "test_tick" not in jobs.schedule_due(at("2026-10-09T06:50+08:00"))
    assert "test_tick" not in jobs.schedule_due(at("2026-10-09T07:05+08:00"))  # before :15
    assert "test_tick" in jobs.schedule_due(at("2026-10-09T07:15+08:00"))
    assert list(
        PeriodicRun.objects.filter(job="test_tick")
        .order_by("period")
        .values_list("period", flat=True)
    ) == ["2026-10-09T06", "2026-10-09T07"]
    assert [r.return_value for r in run_worker() if r.task_path.endswith(".tick")] == [
        "tick",
        "tick",
    ]


def test_a_period_another_scheduler_took_meanwhile_is_not_enqueued_again(hourly, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    PeriodicRun.objects.create(job="test_tick", period="2026-10-09T06")
    # the other scheduler's row appears between this one's check and its insert
    monkeypatch.setattr(PeriodicRun.objects, "filter", lambda **kw: PeriodicRun.objects.none())
    assert "test_tick" not in jobs.schedule_due(at("2026-10-09T06:20+08:00"))
    assert not DBTaskResult.objects.filter(task_path__endswith=".tick").exists()


def test_progress_is_one_row_per_job(run_worker):
    jobs.start_job(count_rows, rows=5)
    run_worker()
    assert JobProgress.objects.count() == 1


def test_the_progress_partial_shows_done_of_total_and_the_error(run_worker):
    from django.template.loader import render_to_string

    task_id = jobs.start_job(count_rows, label="城市导入", rows=4)
    run_worker()
    html = render_to_string("core/_job_progress.html", {"state": jobs.job_state(task_id)})
    assert "城市导入" in html and "4 / 4 (100%)" in html and 'data-status="SUCCESSFUL"' in html
    failed = jobs.start_job(fail)
    run_worker()
    html = render_to_string("core/_job_progress.html", {"state": jobs.job_state(failed)})
    assert "ValueError: row 7, community: no such code" in html
