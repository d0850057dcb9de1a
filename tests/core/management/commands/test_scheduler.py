"""core/management/commands/scheduler.py: one pass with --once; --now only with it."""

import io

import pytest
from django.core.management import CommandError, call_command

from core.models import PeriodicRun

pytestmark = pytest.mark.django_db


def test_one_pass_enqueues_the_jobs_due_and_names_them():
    out = io.StringIO()
    call_command("scheduler", "--once", "--now=2026-10-09T23:00+08:00", stdout=out)
    assert set(PeriodicRun.objects.values_list("period", flat=True)) == {"2026-10-09"}
    assert "Enqueued escalate_overdue" in out.getvalue()


def test_a_time_is_given_only_for_one_pass():
    with pytest.raises(CommandError):
        call_command("scheduler", "--now=2026-10-09T23:00+08:00", stdout=io.StringIO())
