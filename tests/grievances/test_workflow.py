"""grievances/workflow.py: the department accepts, notes progress and proposes; street
staff confirm or send back; the resident's verdict, and the receipt's one-time code."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.concurrency import StaleEdit
from grievances import services, workflow
from grievances.models import FollowUp, Grievance, GrievancePolicy, Receipt
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def referred(city, staff_a1, police_a1):
    grievance = services.grievance_create(
        community=city.a1[0],
        kind="complaint",
        summary="夜间噪音",
        received_on=D(2009, 3, 2),
        user=staff_a1,
    )
    return services.grievance_refer(
        grievance=grievance, department=police_a1, deadline=D(2009, 3, 11), user=staff_a1
    )


def kinds(grievance):
    return list(grievance.follow_ups.values_list("kind", flat=True))


def proposed(referred, dept_a1):
    workflow.grievance_accept(grievance=referred, user=dept_a1)
    return workflow.grievance_propose(grievance=referred, answer="已加强夜间巡逻", user=dept_a1)


def test_the_department_accepts_notes_and_proposes_each_on_the_timeline(referred, dept_a1):
    workflow.grievance_accept(grievance=referred, user=dept_a1, version=referred.version)
    workflow.grievance_progress(grievance=referred, text="已走访", user=dept_a1)
    workflow.grievance_propose(grievance=referred, answer="已加强夜间巡逻", user=dept_a1)
    referred.refresh_from_db()
    assert referred.accepted_at is not None
    assert referred.proposed_answer == "已加强夜间巡逻"
    assert referred.resolved_on is None  # only the street confirms
    assert kinds(referred)[-3:] == ["accepted", "progress", "proposed"]


def test_another_department_of_the_same_street_cannot_act_on_the_item(city, referred):
    judicial = factories.DepartmentFactory(street=city.street_a1, key="judicial")
    other = factories.DepartmentStaffFactory(username="judicial_a1", department=judicial)
    with pytest.raises(PermissionDenied):
        workflow.grievance_accept(grievance=referred, user=other)


def test_street_staff_cannot_take_the_departments_steps(referred, staff_a1):
    with pytest.raises(PermissionDenied):
        workflow.grievance_accept(grievance=referred, user=staff_a1)


def test_an_answer_cannot_be_proposed_before_the_item_is_accepted(referred, dept_a1):
    with pytest.raises(ValidationError) as exc:
        workflow.grievance_propose(grievance=referred, answer="x", user=dept_a1)
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
        workflow.grievance_accept(grievance=referred, user=dept_a1, version=opened_at)
    assert Grievance.objects.get(pk=referred.pk).accepted_at is None


def test_confirming_resolves_the_item_with_the_proposed_answer(referred, dept_a1, staff_a1):
    proposed(referred, dept_a1)
    workflow.grievance_confirm(grievance=referred, user=staff_a1)
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
        workflow.grievance_send_back(grievance=referred, reason=" ", user=staff_a1)
    workflow.grievance_send_back(grievance=referred, reason="答复不具体", user=staff_a1)
    referred.refresh_from_db()
    assert (referred.proposed_answer, referred.proposed_at, referred.resolved_on) == (
        "",
        None,
        None,
    )
    assert referred.follow_ups.last().text == "答复不具体"


def test_there_is_nothing_to_confirm_without_a_proposal(referred, staff_a1):
    with pytest.raises(ValidationError):
        workflow.grievance_confirm(grievance=referred, user=staff_a1)


def answered(referred, dept_a1, staff_a1):
    proposed(referred, dept_a1)
    return workflow.grievance_confirm(grievance=referred, user=staff_a1)


def test_a_satisfied_verdict_is_recorded_and_the_item_stays_resolved(referred, dept_a1, staff_a1):
    answered(referred, dept_a1, staff_a1)
    workflow.grievance_verdict(grievance=referred, verdict="satisfied", user=staff_a1)
    referred.refresh_from_db()
    assert referred.verdict == "satisfied"
    assert referred.resolved_on is not None
    assert kinds(referred)[-1] == "verdict"


def test_an_unsatisfied_verdict_reopens_the_item_back_to_its_department(
    referred, dept_a1, staff_a1
):
    answered(referred, dept_a1, staff_a1)
    workflow.grievance_verdict(grievance=referred, verdict="unsatisfied", user=None)
    referred.refresh_from_db()
    assert referred.resolved_on is None
    assert referred.disposition == "referred"
    assert referred.accepted_at is None
    assert referred.verdict == "unsatisfied"
    assert kinds(referred)[-2:] == ["verdict", "reopened"]


def test_an_unsatisfied_verdict_does_not_reopen_when_the_years_policy_says_so(
    referred, dept_a1, staff_a1
):
    GrievancePolicy.objects.create(year=2009, unsatisfied_verdict_reopens=False)
    answered(referred, dept_a1, staff_a1)
    workflow.grievance_verdict(grievance=referred, verdict="unsatisfied", user=staff_a1)
    referred.refresh_from_db()
    assert referred.resolved_on is not None
    assert "reopened" not in kinds(referred)


def test_no_verdict_before_the_resident_has_an_answer(referred, staff_a1):
    with pytest.raises(ValidationError) as exc:
        workflow.grievance_verdict(grievance=referred, verdict="satisfied", user=staff_a1)
    assert "verdict" in exc.value.message_dict


def test_a_verdict_dated_before_the_answer_is_refused(referred, dept_a1, staff_a1):
    answered(referred, dept_a1, staff_a1)
    with pytest.raises(ValidationError) as exc:
        workflow.grievance_verdict(
            grievance=referred, verdict="satisfied", user=staff_a1, given_on=D(2009, 3, 3)
        )
    assert "given_on" in exc.value.message_dict


def test_a_receipt_code_is_stored_hashed_and_drawn_from_the_unambiguous_alphabet(
    referred, staff_a1
):
    code = workflow.receipt_issue(grievance=referred, user=staff_a1)
    assert len(code) == workflow.CODE_LENGTH
    assert set(code) <= set(workflow.CODE_ALPHABET)
    stored = Receipt.objects.get(grievance=referred).code_hash
    assert code not in stored
    assert workflow.receipt_match(reference=referred.reference, code=code) == referred
    assert kinds(referred)[-1] == FollowUp.Kind.RECEIPT


def test_printing_the_receipt_again_voids_the_earlier_code(referred, staff_a1):
    first = workflow.receipt_issue(grievance=referred, user=staff_a1)
    second = workflow.receipt_issue(grievance=referred, user=staff_a1)
    assert workflow.receipt_match(reference=referred.reference, code=first) is None
    assert workflow.receipt_match(reference=referred.reference, code=second) == referred


def test_a_code_is_typed_in_any_case_with_spaces_and_dashes(referred, staff_a1):
    code = workflow.receipt_issue(grievance=referred, user=staff_a1)
    typed = f" {code[:5].lower()}-{code[5:]} "
    assert workflow.receipt_match(reference=referred.reference, code=typed) == referred


def test_the_code_is_used_up_by_the_verdict(referred, dept_a1, staff_a1):
    code = workflow.receipt_issue(grievance=referred, user=staff_a1)
    answered(referred, dept_a1, staff_a1)
    assert workflow.verdict_by_receipt(
        reference=referred.reference, code=code, verdict="basically_satisfied"
    )
    assert workflow.receipt_match(reference=referred.reference, code=code) is None
    assert (
        workflow.verdict_by_receipt(reference=referred.reference, code=code, verdict="unsatisfied")
        is None
    )
    referred.refresh_from_db()
    assert referred.verdict == "basically_satisfied"


def test_a_new_answer_awaits_its_own_verdict(referred, dept_a1, staff_a1):
    answered(referred, dept_a1, staff_a1)
    workflow.grievance_verdict(grievance=referred, verdict="satisfied", user=staff_a1)
    services.grievance_answer(
        grievance=referred, answer="另行答复", answered_on=timezone.localdate(), user=staff_a1
    )
    referred.refresh_from_db()
    assert (referred.verdict, referred.verdict_on) == ("", None)


def test_referring_to_another_department_clears_the_first_ones_acceptance(
    city, referred, dept_a1, staff_a1
):
    workflow.grievance_accept(grievance=referred, user=dept_a1)
    judicial = factories.DepartmentFactory(street=city.street_a1, key="judicial")
    services.grievance_refer(
        grievance=referred, department=judicial, deadline=D(2009, 3, 11), user=staff_a1
    )
    referred.refresh_from_db()
    assert referred.accepted_at is None
