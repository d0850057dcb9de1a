"""grievances/services/department.py: the department accepts, notes progress and
proposes; street staff confirm or send back."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.concurrency import StaleEdit
from districts.models import Notification
from grievances import services
from grievances.models import Grievance
from tests import factories
from tests.grievances.services.helpers import answered, kinds, proposed

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_department_accepts_notes_and_proposes_each_on_the_timeline(referred, dept_a1):
    services.grievance_accept(grievance=referred, user=dept_a1, version=referred.version)
    services.grievance_progress(grievance=referred, text="已走访", user=dept_a1)
    services.grievance_propose(grievance=referred, answer="已加强夜间巡逻", user=dept_a1)
    referred.refresh_from_db()
    assert referred.accepted_at is not None
    assert referred.proposed_answer == "已加强夜间巡逻"
    assert referred.resolved_on is None  # only the street confirms
    assert kinds(referred)[-3:] == ["accepted", "progress", "proposed"]


def test_another_department_of_the_same_street_cannot_act_on_the_item(city, referred):
    judicial = factories.DepartmentFactory(street=city.street_a1, key="judicial")
    other = factories.DepartmentStaffFactory(username="judicial_a1", department=judicial)
    with pytest.raises(PermissionDenied):
        services.grievance_accept(grievance=referred, user=other)


def test_street_staff_cannot_take_the_departments_steps(referred, staff_a1):
    with pytest.raises(PermissionDenied):
        services.grievance_accept(grievance=referred, user=staff_a1)


def test_an_answer_cannot_be_proposed_before_the_item_is_accepted(referred, dept_a1):
    with pytest.raises(ValidationError) as exc:
        services.grievance_propose(grievance=referred, answer="x", user=dept_a1)
    assert "answer" in exc.value.message_dict


def test_a_stale_acceptance_is_refused_and_nothing_is_saved(referred, dept_a1, staff_a1):
    opened_at = referred.version
    services.grievance_refer(
        grievance=referred,
        department=referred.department,
        deadline=D(2009, 3, 13),
        user=staff_a1,
    )
    with pytest.raises(StaleEdit):
        services.grievance_accept(grievance=referred, user=dept_a1, version=opened_at)
    assert Grievance.objects.get(pk=referred.pk).accepted_at is None


def test_confirming_resolves_the_item_with_the_proposed_answer(referred, dept_a1, staff_a1):
    proposed(referred, dept_a1)
    services.grievance_confirm(grievance=referred, user=staff_a1)
    referred.refresh_from_db()
    today = timezone.localdate()
    assert (referred.resolved_on, referred.answered_on) == (today, today)
    assert referred.answer == "已加强夜间巡逻"
    assert referred.answered_by == staff_a1
    assert referred.proposed_at is None
    assert kinds(referred)[-1] == "confirmed"


def test_sending_back_needs_a_reason_and_hands_the_item_back_with_it(referred, dept_a1, staff_a1):
    proposed(referred, dept_a1)
    with pytest.raises(ValidationError):
        services.grievance_send_back(grievance=referred, reason=" ", user=staff_a1)
    services.grievance_send_back(grievance=referred, reason="答复不具体", user=staff_a1)
    referred.refresh_from_db()
    assert (referred.proposed_at, referred.resolved_on) == (None, None)
    assert (referred.handed_back, referred.handed_back_reason) == ("sent_back", "答复不具体")
    assert referred.proposed_answer == "已加强夜间巡逻"  # kept, to start the next one from
    assert referred.follow_ups.last().text == "答复不具体"


def test_sending_back_leaves_a_notice_for_the_departments_staff_only(referred, dept_a1, staff_a1):
    proposed(referred, dept_a1)
    Notification.objects.all().delete()
    services.grievance_send_back(grievance=referred, reason="答复不具体", user=staff_a1)
    notices = Notification.objects.values_list("user", "kind", "subject")
    assert list(notices) == [(dept_a1.pk, "sent_back", referred.reference)]
    dept_a1.refresh_from_db()
    assert dept_a1.unread_notifications == 1


def test_a_second_send_back_makes_the_read_notice_new_again(referred, dept_a1, staff_a1):
    proposed(referred, dept_a1)
    services.grievance_send_back(grievance=referred, reason="答复不具体", user=staff_a1)
    Notification.objects.filter(user=dept_a1).update(read_at=timezone.now())
    services.grievance_propose(grievance=referred, answer="已安装路灯", user=dept_a1)
    services.grievance_send_back(grievance=referred, reason="仍不具体", user=staff_a1)
    notice = Notification.objects.get(user=dept_a1, kind="sent_back")
    assert notice.read_at is None


def test_proposing_again_ends_the_send_back_and_tells_the_street(referred, dept_a1, staff_a1):
    proposed(referred, dept_a1)
    services.grievance_send_back(grievance=referred, reason="答复不具体", user=staff_a1)
    services.grievance_propose(grievance=referred, answer="已安装路灯", user=dept_a1)
    referred.refresh_from_db()
    assert (referred.handed_back, referred.handed_back_at, referred.handed_back_reason) == (
        "",
        None,
        "",
    )
    assert Notification.objects.filter(
        user=staff_a1, kind="proposed", subject=referred.reference, read_at__isnull=True
    ).exists()


def test_there_is_nothing_to_confirm_without_a_proposal(referred, staff_a1):
    with pytest.raises(ValidationError):
        services.grievance_confirm(grievance=referred, user=staff_a1)


def test_a_resolved_item_takes_no_more_progress_notes(referred, dept_a1, staff_a1):
    answered(referred, dept_a1, staff_a1)
    before = kinds(referred)
    with pytest.raises(ValidationError) as exc:
        services.grievance_progress(grievance=referred, text="还在跟进", user=dept_a1)
    assert "already resolved" in exc.value.message_dict["text"][0]
    assert kinds(referred) == before
