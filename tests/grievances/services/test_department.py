"""grievances/services/department.py: the department accepts, notes progress and
proposes; street staff confirm or send back."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.concurrency import StaleEdit
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


def test_sending_back_needs_a_reason_and_clears_the_proposal(referred, dept_a1, staff_a1):
    proposed(referred, dept_a1)
    with pytest.raises(ValidationError):
        services.grievance_send_back(grievance=referred, reason=" ", user=staff_a1)
    services.grievance_send_back(grievance=referred, reason="答复不具体", user=staff_a1)
    referred.refresh_from_db()
    assert (referred.proposed_answer, referred.proposed_at, referred.resolved_on) == (
        "",
        None,
        None,
    )
    assert referred.follow_ups.last().text == "答复不具体"


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
