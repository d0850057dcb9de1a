"""grievances/departments/record.py: the record's total, kept per data version."""

import datetime

import pytest

from grievances import services
from grievances.departments import record
from tests.grievances.departments.helpers import referred_item

pytestmark = pytest.mark.django_db
D = datetime.date
PERIOD = {"start": D(2025, 1, 1), "end": D(2025, 12, 31), "as_of": D(2025, 12, 31)}


def test_the_total_is_kept_until_a_step_changes_the_data(
    cached, data_committed, staff_a1, dept_a1, police_a1
):
    item = referred_item(police_a1, D(2025, 3, 4), accepted_on=D(2025, 3, 4))
    services.grievance_propose(grievance=item, answer="已处理", user=dept_a1)
    data_committed()
    area = record.area_for(user=staff_a1)
    assert record.record_total(user=staff_a1, area=area, **PERIOD)["sent_back"] == 0
    services.grievance_send_back(grievance=item, reason="不够具体", user=staff_a1)
    data_committed()
    assert record.record_total(user=staff_a1, area=area, **PERIOD)["sent_back"] == 1


def test_each_user_reads_the_total_of_their_own_scope(cached, staff_a1, staff_b1, police_a1):
    referred_item(police_a1, D(2025, 3, 4))
    totals = [
        record.record_total(user=user, area=record.area_for(user=user), **PERIOD)["referred"]
        for user in (staff_a1, staff_b1)
    ]
    assert totals == [1, 0]
