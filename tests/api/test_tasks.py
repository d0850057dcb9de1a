"""The API's hourly job (api/tasks.py), run by the worker: old rate-limit counters go, the
current and last minute's stay (a request never pays for the pruning)."""

import time

import pytest

from api import tasks
from api.models import RateWindow

pytestmark = pytest.mark.django_db


def test_the_worker_prunes_the_counters_of_minutes_gone_by(run_worker):
    now = int(time.time() // 60)
    for minute in (now - 30, now - 2, now - 1, now):
        RateWindow.objects.create(key="token:1", minute=minute, count=3)
    tasks.prune_rate_windows.enqueue()
    [result] = run_worker()
    assert result.return_value == 2
    assert sorted(RateWindow.objects.values_list("minute", flat=True)) == [now - 1, now]


def test_a_second_prune_in_the_same_minute_deletes_nothing(run_worker):
    now = int(time.time() // 60)
    RateWindow.objects.create(key="token:1", minute=now - 5, count=1)
    tasks.prune_rate_windows.enqueue()
    tasks.prune_rate_windows.enqueue()
    assert [r.return_value for r in run_worker()] == [1, 0]
