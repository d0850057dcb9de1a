"""The reviews' background job (core.jobs): escalate the missing improvement plans, daily."""

from __future__ import annotations

import datetime

from django_tasks import task

from core.jobs import periodic

from .promises.plans import plans_escalate


@task()
def escalate_missing_plans() -> int:
    """Escalate every improvement plan missing 10 working days after its meeting
    (evaluations.promises.plans); run twice, the second run escalates nothing."""
    return plans_escalate()


periodic("escalate_missing_plans", escalate_missing_plans, every="day", at=datetime.time(1, 5))
