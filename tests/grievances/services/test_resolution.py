"""grievances/services/resolution.py: the street's own steps (resolved, answered,
reopened, a note), each on the item's timeline."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from grievances import services
from grievances.models import FollowUp
from tests.grievances.services.helpers import answered

pytestmark = pytest.mark.django_db
D = datetime.date


def test_resolving_later_makes_it_resolved_afterwards(item, staff_a1):
    services.grievance_resolve(grievance=item, resolved_on=D(2009, 3, 9), user=staff_a1)
    assert (item.disposition, item.resolved_on) == ("afterwards", D(2009, 3, 9))


def test_resolving_a_referred_item_keeps_it_referred(item, police, staff_a1):
    services.grievance_refer(
        grievance=item, department=police, deadline=D(2009, 4, 1), user=staff_a1
    )
    services.grievance_resolve(grievance=item, resolved_on=D(2009, 3, 20), user=staff_a1)
    assert (item.disposition, item.department, item.resolved_on) == (
        "referred",
        police,
        D(2009, 3, 20),
    )


def test_a_resolution_before_the_item_was_received_is_refused(item, staff_a1):
    with pytest.raises(ValidationError):
        services.grievance_resolve(grievance=item, resolved_on=D(2009, 2, 1), user=staff_a1)


def test_reopening_clears_the_resolution_and_is_logged(item, staff_a1):
    services.grievance_resolve(grievance=item, resolved_on=D(2009, 3, 9), user=staff_a1)
    services.grievance_reopen(grievance=item, reason="居民反映仍有噪音", user=staff_a1)
    item.refresh_from_db()
    assert (item.resolved_on, item.disposition) == (None, "")
    assert item.follow_ups.last().kind == FollowUp.Kind.REOPENED


def test_reopening_needs_a_reason(item, staff_a1):
    services.grievance_resolve(grievance=item, resolved_on=D(2009, 3, 9), user=staff_a1)
    with pytest.raises(ValidationError):
        services.grievance_reopen(grievance=item, reason=" ", user=staff_a1)


def test_the_answer_is_its_own_step_with_who_and_when(item, staff_a1):
    services.grievance_answer(
        grievance=item, answer="已协调物业", answered_on=D(2009, 3, 10), user=staff_a1
    )
    assert (item.answer, item.answered_on, item.answered_by) == (
        "已协调物业",
        D(2009, 3, 10),
        staff_a1,
    )


def test_every_step_is_on_the_timeline(item, police, staff_a1):
    services.grievance_refer(
        grievance=item, department=police, deadline=D(2009, 4, 1), user=staff_a1
    )
    services.grievance_note(grievance=item, text="已电话联系", user=staff_a1)
    services.grievance_resolve(grievance=item, resolved_on=D(2009, 3, 20), user=staff_a1)
    services.grievance_answer(
        grievance=item, answer="已处理", answered_on=D(2009, 3, 21), user=staff_a1
    )
    assert list(item.follow_ups.values_list("kind", flat=True)) == [
        "received",
        "referred",
        "note",
        "resolved",
        "answered",
    ]


def test_a_new_answer_awaits_its_own_verdict(referred, dept_a1, staff_a1):
    answered(referred, dept_a1, staff_a1)
    services.grievance_verdict(grievance=referred, verdict="satisfied", user=staff_a1)
    services.grievance_answer(
        grievance=referred, answer="另行答复", answered_on=timezone.localdate(), user=staff_a1
    )
    referred.refresh_from_db()
    assert (referred.verdict, referred.verdict_on) == ("", None)


def test_reopening_a_referred_item_hands_it_back_and_tells_its_department_only(
    referred, dept_a1, staff_a1
):
    from districts.models import Notification

    answered(referred, dept_a1, staff_a1)
    Notification.objects.all().delete()
    services.grievance_reopen(grievance=referred, reason="居民再次来访", user=staff_a1)
    referred.refresh_from_db()
    assert (referred.handed_back, referred.handed_back_reason) == ("reopened", "居民再次来访")
    assert list(Notification.objects.values_list("user", "kind")) == [(dept_a1.pk, "reopened")]


def test_resolving_ends_a_hand_back(referred, dept_a1, staff_a1):
    answered(referred, dept_a1, staff_a1)
    services.grievance_reopen(grievance=referred, reason="居民再次来访", user=staff_a1)
    services.grievance_resolve(grievance=referred, resolved_on=D(2009, 3, 20), user=staff_a1)
    referred.refresh_from_db()
    assert (referred.handed_back, referred.handed_back_at) == ("", None)
