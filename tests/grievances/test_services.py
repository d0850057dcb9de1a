"""The grievance workflow and its consistency rules, in services and in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from districts.models import Department
from districts.services import platform_create
from grievances import services
from grievances.models import FollowUp, Grievance
from tests.factories import GrievanceFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def item(city, staff_a1):
    platform_create(streets=[city.street_a1], communities=city.a1)
    return services.grievance_create(
        community=city.a1[0],
        kind="complaint",
        summary="夜间噪音",
        received_on=D(2009, 3, 1),
        user=staff_a1,
    )


@pytest.fixture
def police(city, item):
    return Department.objects.get(street=city.street_a1, key="police")


def test_references_are_numbered_per_street_and_year(city, staff_a1, item):
    second = services.grievance_create(
        community=city.a1[1],
        kind="opinion",
        summary="路灯",
        received_on=D(2009, 5, 1),
        user=staff_a1,
    )
    next_year = services.grievance_create(
        community=city.a1[0],
        kind="opinion",
        summary="绿化",
        received_on=D(2010, 1, 5),
        user=staff_a1,
    )
    assert [item.reference, second.reference, next_year.reference] == [
        "DA-1-2009-0001",
        "DA-1-2009-0002",
        "DA-1-2010-0001",
    ]


def test_an_item_handled_on_the_spot_is_resolved_the_day_it_was_received(city, staff_a1):
    g = services.grievance_create(
        community=city.a1[0],
        kind="opinion",
        summary="x",
        received_on=D(2009, 3, 1),
        user=staff_a1,
        handled_on_the_spot=True,
    )
    assert (g.disposition, g.resolved_on) == ("on_the_spot", D(2009, 3, 1))


def test_a_referral_without_a_deadline_is_refused(item, police, staff_a1):
    with pytest.raises(ValidationError) as excinfo:
        services.grievance_refer(grievance=item, department=police, deadline=None, user=staff_a1)
    assert "deadline" in excinfo.value.message_dict
    item.refresh_from_db()
    assert item.disposition == ""


def test_a_referral_without_a_department_is_refused(item, staff_a1):
    with pytest.raises(ValidationError) as excinfo:
        services.grievance_refer(
            grievance=item, department=None, deadline=D(2009, 4, 1), user=staff_a1
        )
    assert "department" in excinfo.value.message_dict


def test_a_department_of_another_street_is_refused(item, city, staff_a1):
    platform_create(streets=[city.street_b1])
    other = Department.objects.get(street=city.street_b1, key="police")
    with pytest.raises(ValidationError) as excinfo:
        services.grievance_refer(
            grievance=item, department=other, deadline=D(2009, 4, 1), user=staff_a1
        )
    assert "department" in excinfo.value.message_dict


def test_a_deadline_before_the_item_was_received_is_refused(item, police, staff_a1):
    with pytest.raises(ValidationError) as excinfo:
        services.grievance_refer(
            grievance=item, department=police, deadline=D(2009, 2, 1), user=staff_a1
        )
    assert "deadline" in excinfo.value.message_dict


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


def test_a_meeting_of_another_community_is_refused(city, staff_a1):
    from evaluations import services as review_services
    from tests.factories import PostingFactory

    official = PostingFactory(community=city.a1[1]).official
    meeting = review_services.meeting_save(
        community=city.a1[1],
        year=2009,
        quarter=1,
        held_on=D(2009, 3, 1),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=True,
    ).meeting
    with pytest.raises(ValidationError) as excinfo:
        services.grievance_create(
            community=city.a1[0],
            meeting=meeting,
            kind="opinion",
            summary="x",
            received_on=D(2009, 3, 1),
            user=staff_a1,
        )
    assert "meeting" in excinfo.value.message_dict


@pytest.mark.parametrize(
    "values",
    [
        {"disposition": "on_the_spot", "resolved_on": D(2009, 3, 2)},
        {"disposition": "afterwards", "resolved_on": D(2009, 3, 1)},
        {"disposition": "referred"},
        {"disposition": "", "resolved_on": D(2009, 3, 5)},
        {"answered_on": D(2009, 2, 1)},
    ],
)
def test_the_database_refuses_inconsistent_items(city, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        GrievanceFactory(community=city.a1[0], received_on=D(2009, 3, 1), **values)
    assert not Grievance.objects.exists()
