"""grievances/handovers.py: what waits for whom, each count the length of the list its
link opens, whatever the year the items were received."""

import datetime

import pytest
from django.utils import timezone

from grievances import handovers, services
from tests.factories import GrievanceFactory
from tests.grievances.views.helpers import count, refs

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def handed(city, staff_a1, dept_a1, police_a1):
    """Items of DA-1 referred to its police, received in three years: two proposed, one
    sent back, one reopened by the resident; and one proposed in another district."""
    year = timezone.localdate().year

    def referred(community, department, received_on):
        g = GrievanceFactory(community=community, received_on=received_on)
        return services.grievance_refer(
            grievance=g, department=department, working_days=7, user=None
        )

    def proposed(g, user):
        services.grievance_accept(grievance=g, user=user)
        return services.grievance_propose(grievance=g, answer="已处理", user=user)

    made = {
        f"proposed_{n}": proposed(referred(city.a1[0], police_a1, D(year - n, 3, 1)), dept_a1)
        for n in (1, 2)
    }
    made["sent_back"] = proposed(referred(city.a1[1], police_a1, D(year - 3, 3, 1)), dept_a1)
    services.grievance_send_back(grievance=made["sent_back"], reason="不具体", user=staff_a1)
    made["reopened"] = proposed(referred(city.a1[0], police_a1, D(year - 1, 5, 1)), dept_a1)
    services.grievance_confirm(grievance=made["reopened"], user=staff_a1)
    services.grievance_verdict(grievance=made["reopened"], verdict="unsatisfied", user=None)
    from tests import factories

    police_b1 = factories.DepartmentFactory(street=city.street_b1, key="police")
    dept_b1 = factories.DepartmentStaffFactory(username="dept_b1", department=police_b1)
    made["other"] = proposed(referred(city.b1[0], police_b1, D(year - 1, 3, 1)), dept_b1)
    return made


def lines(user):
    return {w.key: w for w in handovers.waiting(user=user, today=timezone.localdate())}


def test_street_staff_wait_for_proposed_answers_and_residents_reopenings(client, staff_a1, handed):
    waiting = lines(staff_a1)
    assert {k: w.count for k, w in waiting.items()} == {"proposed": 2, "reopened_by_resident": 1}
    client.force_login(staff_a1)
    assert refs(client.get(waiting["proposed"].url)) == sorted(
        handed[k].reference for k in ("proposed_1", "proposed_2")
    )
    assert refs(client.get(waiting["reopened_by_resident"].url)) == [handed["reopened"].reference]


def test_the_department_waits_for_what_was_sent_back_or_reopened(client, dept_a1, handed):
    waiting = lines(dept_a1)
    assert {k: w.count for k, w in waiting.items()} == {"sent_back": 1, "reopened": 1}
    client.force_login(dept_a1)
    assert refs(client.get(waiting["sent_back"].url)) == [handed["sent_back"].reference]
    assert refs(client.get(waiting["reopened"].url)) == [handed["reopened"].reference]


def test_confirming_a_proposal_takes_it_off_the_streets_list(staff_a1, handed):
    services.grievance_confirm(grievance=handed["proposed_1"], user=staff_a1)
    assert lines(staff_a1)["proposed"].count == 1


def test_the_proposed_list_takes_the_same_queries_whatever_its_length(
    client, staff_a1, handed, dept_a1, city, police_a1
):
    client.force_login(staff_a1)
    url = lines(staff_a1)["proposed"].url
    few = count(client, url)
    for _n in range(6):
        g = GrievanceFactory(community=city.a1[2], received_on=D(2020, 1, 6))
        services.grievance_refer(grievance=g, department=police_a1, working_days=7, user=None)
        services.grievance_accept(grievance=g, user=dept_a1)
        services.grievance_propose(grievance=g, answer="已处理", user=dept_a1)
    assert lines(staff_a1)["proposed"].count == 8
    assert count(client, url) == few
