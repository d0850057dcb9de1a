"""grievances/services/referral.py: an item referred to a department of its platform
with a deadline, in working days on the official calendar within the year's limits."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from districts.models import Department
from districts.services import platform_create
from grievances import services
from grievances.models import Grievance
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


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


def test_referring_to_another_department_clears_the_first_ones_acceptance(
    city, referred, dept_a1, staff_a1
):
    services.grievance_accept(grievance=referred, user=dept_a1)
    judicial = factories.DepartmentFactory(street=city.street_a1, key="judicial")
    services.grievance_refer(
        grievance=referred, department=judicial, deadline=D(2009, 3, 11), user=staff_a1
    )
    referred.refresh_from_db()
    assert referred.accepted_at is None


# ---- deadlines in working days -------------------------------------------------------------


def test_a_referral_on_the_eve_of_national_day_gets_seven_working_days_after_the_holiday(
    item, police, staff_a1
):
    services.grievance_refer(
        grievance=item, department=police, working_days=7, user=staff_a1, today=D(2026, 9, 30)
    )
    item.refresh_from_db()
    # 1-7 October off, Saturday 10 October worked: 8, 9, 10, 12, 13, 14, 15
    assert item.deadline == D(2026, 10, 15)
    assert "7 working days" in item.follow_ups.get(kind="referred").shown_text


def test_a_key_dispute_referred_after_the_calendar_ends_counts_weekends_only(
    item, police, staff_a1
):
    item.key_dispute = True
    item.save()
    services.grievance_refer(
        grievance=item, department=police, working_days=15, user=staff_a1, today=D(2027, 9, 30)
    )
    item.refresh_from_db()
    # 2027 is not in the package: 1 October 2027 (a Friday) counts as a working day
    assert item.deadline == D(2027, 10, 21)


def test_a_referral_outside_the_years_limits_is_refused_and_nothing_changes(item, police, staff_a1):
    from grievances.models import GrievancePolicy

    GrievancePolicy.objects.create(year=2026, deadline_max_days=20)
    with pytest.raises(ValidationError) as info:
        services.grievance_refer(
            grievance=item, department=police, working_days=21, user=staff_a1, today=D(2026, 9, 30)
        )
    assert set(info.value.message_dict) == {"working_days"}
    item.refresh_from_db()
    assert (item.disposition, item.deadline) == ("", None)
    assert not item.follow_ups.filter(kind="referred").exists()


def test_referring_again_with_a_new_deadline_clears_the_escalation(item, police, staff_a1):
    services.grievance_refer(
        grievance=item, department=police, working_days=7, user=staff_a1, today=D(2026, 9, 30)
    )
    Grievance.objects.filter(pk=item.pk).update(
        escalated_to_district_at=datetime.datetime(2026, 10, 16, tzinfo=datetime.UTC)
    )
    services.grievance_refer(
        grievance=item, department=police, working_days=7, user=staff_a1, today=D(2026, 10, 20)
    )
    item.refresh_from_db()
    assert item.escalated_to_district_at is None
    assert item.deadline == D(2026, 10, 29)


def test_a_referrals_timeline_entry_reads_in_the_readers_language(staff_a1, police_a1, city):
    from django.utils import translation

    item = factories.GrievanceFactory(community=city.a1[0])
    with translation.override("en"):  # referred by someone reading English
        services.grievance_refer(
            grievance=item, department=police_a1, working_days=7, user=staff_a1
        )
    entry = item.follow_ups.get(kind="referred")
    with translation.override("zh-hans"):
        shown = entry.shown_text
    assert "7 个工作日" in shown
    assert "police" not in shown and "working days" not in shown


def test_a_referral_stored_in_english_words_before_the_codes_reads_in_chinese(
    staff_a1, police_a1, city
):
    from django.utils import translation

    from grievances.models import FollowUp

    item = factories.GrievanceFactory(community=city.a1[0])
    entry = FollowUp.objects.create(
        grievance=item, kind="referred", text="police station · 2010-04-21 · 7 working days"
    )
    with translation.override("zh-hans"):
        assert "police" not in entry.shown_text and "2010-04-21" in entry.shown_text
