"""grievances/departments/item_counts.py: sent back and reopened, counted from the timeline."""

import pytest

from grievances import services
from grievances.departments.item_counts import problem_items, problem_q, with_item_counts
from grievances.models import FollowUp, Grievance
from tests.grievances.departments.helpers import D, referred_item, step

pytestmark = pytest.mark.django_db


def counts(item):
    row = with_item_counts(Grievance.objects.filter(pk=item.pk)).get()
    return row.sent_back_count, row.reopened_count


def test_each_send_back_and_each_unsatisfied_reopening_is_counted(police_a1):
    item = referred_item(police_a1, D(2025, 3, 3), sent_back=2, reopened=1)
    assert counts(item) == (2, 1)


def test_a_reopening_by_the_street_is_not_the_departments_doing(police_a1):
    item = referred_item(police_a1, D(2025, 3, 3))
    step(item, FollowUp.Kind.REOPENED, D(2025, 3, 5), "材料不全")
    assert counts(item) == (0, 0)


def test_the_services_steps_are_what_is_counted(police_a1, dept_a1, staff_a1):
    item = referred_item(police_a1, D(2025, 3, 3))
    services.grievance_accept(grievance=item, user=dept_a1)
    services.grievance_propose(grievance=item, answer="已处理", user=dept_a1)
    services.grievance_send_back(grievance=item, reason="不够具体", user=staff_a1)
    services.grievance_propose(grievance=item, answer="已处理完毕", user=dept_a1)
    services.grievance_confirm(grievance=item, user=staff_a1)
    services.grievance_verdict(grievance=item, verdict="unsatisfied", user=staff_a1)
    assert counts(item) == (1, 1)


@pytest.mark.parametrize(
    ("sent_back", "reopened", "problem"),
    [(2, 1, False), (3, 0, True), (0, 2, True), (4, 3, True), (0, 0, False)],
)
def test_a_problem_item_is_sent_back_three_times_or_reopened_twice(
    police_a1, sent_back, reopened, problem
):
    item = referred_item(police_a1, D(2025, 3, 3), sent_back=sent_back, reopened=reopened)
    qs = with_item_counts(Grievance.objects.filter(pk=item.pk))
    assert qs.filter(problem_q()).exists() is problem
    assert problem_items(Grievance.objects.all()).filter(pk=item.pk).exists() is problem
