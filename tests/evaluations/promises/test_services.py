import datetime

import pytest
from django.core.exceptions import ValidationError

from core.concurrency import StaleEdit
from evaluations.models import Promise, PromiseState
from evaluations.promises import services
from tests.factories import DepartmentFactory, OfficialFactory

from .helpers import meeting, promise

pytestmark = pytest.mark.django_db


def test_promises_of_a_meeting_are_numbered_from_one(community, official):
    at = meeting(community, official, 2009, 3)
    first, second = promise(at, official), promise(at, official)
    assert (first.number, second.number) == (1, 2)


def test_an_official_not_reviewed_at_the_meeting_cannot_own_a_promise(community, official):
    at = meeting(community, official, 2009, 3)
    with pytest.raises(ValidationError) as error:
        promise(at, OfficialFactory())
    assert "owner" in error.value.message_dict
    assert not Promise.objects.exists()


def test_a_department_of_another_street_cannot_own_a_promise(community, official):
    at = meeting(community, official, 2009, 3)
    with pytest.raises(ValidationError) as error:
        services.promise_make(
            meeting=at, department=DepartmentFactory(), text="x", due_on=datetime.date(2009, 12, 1)
        )
    assert "owner" in error.value.message_dict


def test_the_street_departments_may_own_a_promise(community, official):
    at = meeting(community, official, 2009, 3)
    police = DepartmentFactory(street=community.street, community=None, key="police")
    made = services.promise_make(
        meeting=at, department=police, text="夜间巡逻", due_on=datetime.date(2009, 12, 1)
    )
    assert made.owner == police


def test_a_verdict_with_more_kept_than_not_kept_keeps_the_promise(community, official):
    made = promise(meeting(community, official, 2009, 3), official)
    services.promise_judge(
        promise=made,
        meeting=meeting(community, official, 2009, 4),
        kept_votes=6,
        not_kept_votes=2,
        user=None,
    )
    assert made.state_on(datetime.date(2010, 1, 1)) == PromiseState.KEPT
    assert Promise.objects.kept().get() == made


def test_a_verdict_at_an_earlier_meeting_is_refused(community, official):
    earlier = meeting(community, official, 2009, 2)
    made = promise(meeting(community, official, 2009, 3), official)
    with pytest.raises(ValidationError) as error:
        services.promise_judge(
            promise=made, meeting=earlier, kept_votes=1, not_kept_votes=0, user=None
        )
    assert "judged_at" in error.value.message_dict
    made.refresh_from_db()
    assert made.judged_at is None


def test_verdict_votes_over_present_change_nothing(community, official):
    made = promise(meeting(community, official, 2009, 3), official)
    later = meeting(community, official, 2009, 4, present=6)
    with pytest.raises(ValidationError):
        services.promise_judge(
            promise=made, meeting=later, kept_votes=4, not_kept_votes=3, user=None
        )
    assert Promise.objects.judged().count() == 0


def test_a_not_kept_promise_is_renewed_once_at_its_judging_meeting(community, official):
    made = promise(meeting(community, official, 2009, 3), official)
    judging = meeting(community, official, 2010, 1)
    services.promise_judge(promise=made, meeting=judging, kept_votes=2, not_kept_votes=5, user=None)
    renewal = services.promise_renew(promise=made, due_on=datetime.date(2010, 6, 30))
    assert (renewal.meeting, renewal.renews, renewal.official) == (judging, made, official)
    with pytest.raises(ValidationError):
        services.promise_renew(promise=made, due_on=datetime.date(2010, 6, 30))


def test_a_kept_promise_cannot_be_renewed(community, official):
    made = promise(meeting(community, official, 2009, 3), official)
    services.promise_judge(
        promise=made,
        meeting=meeting(community, official, 2009, 4),
        kept_votes=5,
        not_kept_votes=0,
        user=None,
    )
    with pytest.raises(ValidationError):
        services.promise_renew(promise=made, due_on=datetime.date(2010, 3, 31))


def test_a_stale_second_tab_does_not_overwrite_the_report(community, official):
    made = promise(meeting(community, official, 2009, 3), official)
    services.promise_report_done(
        promise=made, done_on=datetime.date(2009, 9, 1), done_text="巡逻", user=None, version=1
    )
    with pytest.raises(StaleEdit):
        services.promise_change(
            promise=Promise.objects.get(pk=made.pk),
            text="另一个",
            due_on=made.due_on,
            official=official,
            user=None,
            version=1,
        )
    made.refresh_from_db()
    assert made.text == "组织夜间巡逻"


def test_a_promise_reported_done_is_due_for_a_verdict_at_the_next_meeting(community, official):
    made = promise(meeting(community, official, 2009, 3), official)
    services.promise_report_done(
        promise=made, done_on=datetime.date(2009, 9, 1), done_text="巡逻", user=None
    )
    next_one = meeting(community, official, 2009, 4)
    assert list(Promise.objects.due_for_verdict_at(next_one)) == [made]


def test_a_promise_not_done_and_not_due_waits_for_a_later_meeting(community, official):
    made = promise(meeting(community, official, 2009, 3), official)
    next_one = meeting(community, official, 2009, 4)
    after = meeting(community, official, 2010, 1)
    assert not Promise.objects.due_for_verdict_at(next_one).exists()
    assert list(Promise.objects.due_for_verdict_at(after)) == [made]
