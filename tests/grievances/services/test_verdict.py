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
