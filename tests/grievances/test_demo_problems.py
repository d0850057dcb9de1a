"""grievances/demo_problems.py: the demo city has one problem item, 五里店's judicial
office's answer sent back three times, escalated to 江北区 once, in its official's inbox."""

import pytest

from districts.models import Notification
from grievances import demo_problems
from grievances.departments.item_counts import problem_items
from grievances.models import FollowUp, Grievance

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_problem_item_escalated_to_jiangbei_once(demo):
    [item] = problem_items(Grievance.objects.all())
    assert (item.community.street.code, item.department.key) == ("JB-WLD", "judicial")
    assert item.problem_escalated_at is not None
    assert item.follow_ups.filter(kind="escalated", text=FollowUp.ESCALATED_PROBLEM).count() == 1
    notices = Notification.objects.filter(kind="problem_district", subject=item.reference)
    assert list(notices.values_list("user__username", flat=True)) == ["jiangbei"]


def test_seeding_the_problem_item_again_makes_and_escalates_nothing_twice(demo):
    before = (
        FollowUp.objects.filter(kind="escalated", text="problem").count(),
        Notification.objects.filter(kind="problem_district").count(),
    )
    lines = []
    demo_problems.seed(lines)  # what seed_demo runs again (the rest of the demo left as is)
    assert "0 in this run" in lines[0]
    assert problem_items(Grievance.objects.all()).count() == 1
    assert (
        FollowUp.objects.filter(kind="escalated", text="problem").count(),
        Notification.objects.filter(kind="problem_district").count(),
    ) == before
