"""grievances/services/verdict.py: the resident's verdict on the answer, recorded by
staff or given with the receipt's code, which it uses up."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from grievances import services
from grievances.models import GrievancePolicy
from tests.grievances.services.helpers import answered, kinds

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_satisfied_verdict_is_recorded_and_the_item_stays_resolved(referred, dept_a1, staff_a1):
    answered(referred, dept_a1, staff_a1)
    services.grievance_verdict(grievance=referred, verdict="satisfied", user=staff_a1)
    referred.refresh_from_db()
    assert referred.verdict == "satisfied"
    assert referred.resolved_on is not None
    assert kinds(referred)[-1] == "verdict"


def test_an_unsatisfied_verdict_reopens_the_item_back_to_its_department(
    referred, dept_a1, staff_a1
):
    answered(referred, dept_a1, staff_a1)
    services.grievance_verdict(grievance=referred, verdict="unsatisfied", user=None)
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
    services.grievance_verdict(grievance=referred, verdict="unsatisfied", user=staff_a1)
    referred.refresh_from_db()
    assert referred.resolved_on is not None
    assert "reopened" not in kinds(referred)


def test_no_verdict_before_the_resident_has_an_answer(referred, staff_a1):
    with pytest.raises(ValidationError) as exc:
        services.grievance_verdict(grievance=referred, verdict="satisfied", user=staff_a1)
    assert "verdict" in exc.value.message_dict


def test_a_verdict_dated_before_the_answer_is_refused(referred, dept_a1, staff_a1):
    answered(referred, dept_a1, staff_a1)
    with pytest.raises(ValidationError) as exc:
        services.grievance_verdict(
            grievance=referred, verdict="satisfied", user=staff_a1, given_on=D(2009, 3, 3)
        )
    assert "given_on" in exc.value.message_dict


def test_the_code_is_used_up_by_the_verdict(referred, dept_a1, staff_a1):
    code = services.receipt_issue(grievance=referred, user=staff_a1)
    answered(referred, dept_a1, staff_a1)
    assert services.verdict_by_receipt(
        reference=referred.reference, code=code, verdict="basically_satisfied"
    )
    assert services.receipt_match(reference=referred.reference, code=code) is None
    assert (
        services.verdict_by_receipt(reference=referred.reference, code=code, verdict="unsatisfied")
        is None
    )
    referred.refresh_from_db()
    assert referred.verdict == "basically_satisfied"


def test_a_residents_reopening_tells_the_street_and_the_department(referred, dept_a1, staff_a1):
    from districts.models import Notification

    answered(referred, dept_a1, staff_a1)
    code = services.receipt_issue(grievance=referred, user=staff_a1)
    Notification.objects.all().delete()
    services.verdict_by_receipt(reference=referred.reference, code=code, verdict="unsatisfied")
    notices = set(Notification.objects.values_list("user", "kind", "subject"))
    assert notices == {
        (staff_a1.pk, "reopened_by_resident", referred.reference),
        (dept_a1.pk, "reopened_by_resident", referred.reference),
    }


def test_a_residents_reopening_hands_the_item_back_to_its_department_with_the_reason(
    referred, dept_a1, staff_a1
):
    answered(referred, dept_a1, staff_a1)
    services.grievance_verdict(grievance=referred, verdict="unsatisfied", user=staff_a1)
    referred.refresh_from_db()
    assert referred.handed_back == "reopened_by_resident"
    assert referred.shown_handed_back_reason == "The resident is unsatisfied with the answer."


def test_the_timeline_names_the_resident_for_a_verdict_given_on_the_public_page(
    referred, dept_a1, staff_a1
):
    answered(referred, dept_a1, staff_a1)
    code = services.receipt_issue(grievance=referred, user=staff_a1)
    services.verdict_by_receipt(reference=referred.reference, code=code, verdict="unsatisfied")
    last_two = list(referred.follow_ups.order_by("-pk").values_list("kind", "by_resident")[:2])
    assert last_two == [("reopened", True), ("verdict", True)]


def test_a_verdict_staff_record_after_a_call_is_theirs_on_the_timeline(referred, dept_a1, staff_a1):
    answered(referred, dept_a1, staff_a1)
    services.grievance_verdict(grievance=referred, verdict="unsatisfied", user=staff_a1)
    entries = referred.follow_ups.order_by("-pk")[:2]
    assert [(f.user, f.by_resident) for f in entries] == [(staff_a1, False), (staff_a1, False)]
