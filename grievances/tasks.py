"""The grievance loop's background jobs (core.jobs): escalation (overdue and problem items),
every day; the verdict page's counts of code checks whose window has passed, every hour; the
departments' monthly bulletins, every day (generated on the month's first working day,
nothing on the others)."""

from __future__ import annotations

import datetime

from django_tasks import task

from core.jobs import periodic

from . import services


@task()
def escalate_overdue() -> dict[str, int]:
    """Escalate what is overdue as of today (grievances.services.escalation), and the
    problem items not yet escalated (grievances.services.problems: those that reached the
    rule otherwise than by a step, as imported ones); the counts are the task's result
    (district, city, problem). Run twice, the second run escalates nothing."""
    return {**services.escalate(), "problem": services.problem_escalate()}


periodic("escalate_overdue", escalate_overdue, every="day", at=datetime.time(1, 0))


@task()
def prune_verdict_limits() -> int:
    """Delete the verdict page's counts whose window has passed; returns how many."""
    return services.verdict_limits_prune()


periodic("prune_verdict_limits", prune_verdict_limits, every="hour", at=datetime.time(0, 10))


@task()
def generate_bulletins() -> int:
    """The previous month's bulletins of every district, from this month's first working
    day on (grievances.services.bulletin); a run that finds them there adds nothing.
    Returns how many were generated."""
    return services.bulletins_due()


periodic("generate_bulletins", generate_bulletins, every="day", at=datetime.time(6, 30))
