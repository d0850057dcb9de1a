"""The promise list (filters: state, owner, department, community, due), the missing
plans list, and the department's work list section: scoped, and constant in queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories

from .between import posted, promised, reviewed

pytestmark = pytest.mark.django_db

LIST = reverse("evaluations:promise_list")


@pytest.fixture
def promises(city):
    """Two promises in street A1 (one overdue, one due soon), one in B1 (overdue)."""
    a = posted(city.a1[0], "PA", "甲警官")
    b = posted(city.b1[0], "PB", "乙警官")
    at_a, at_b = reviewed(city.a1[0], a), reviewed(city.b1[0], b)
    soon = timezone.localdate() + datetime.timedelta(days=5)
    return {
        "overdue": promised(at_a, official=a, text="巡逻"),
        "soon": promised(at_a, official=a, text="路灯", due_on=datetime.date(2025, 12, 31)),
        "b": promised(at_b, official=b, text="监控"),
        "soon_day": soon,
    }


def rows(client, query=""):
    response = client.get(LIST + query)
    assert response.status_code == 200
    return sorted(r.record.text for r in response.context["table"].page.object_list)


def test_street_staff_list_only_their_streets_promises(client, staff_a1, promises):
    client.force_login(staff_a1)
    assert rows(client) == ["巡逻", "路灯"]


def test_a_district_official_lists_the_districts_promises(client, official_b, promises):
    client.force_login(official_b)
    assert rows(client) == ["监控"]


def test_the_list_filters_by_owner_and_community(client, city_official, city, promises):
    client.force_login(city_official)
    assert rows(client, "?owner=乙警官") == ["监控"]
    assert rows(client, f"?community={city.a1[0].code}") == ["巡逻", "路灯"]


def test_the_list_filters_by_state(client, city_official, city, promises):
    from evaluations.promises import services

    later = reviewed(
        city.b1[0], promises["b"].official, held_on=datetime.date(2026, 2, 10), quarter=1
    )
    services.promise_judge(
        promise=promises["b"], meeting=later, kept_votes=5, not_kept_votes=1, user=None
    )
    client.force_login(city_official)
    assert rows(client, "?state=kept") == ["监控"]
    assert rows(client, "?state=overdue") == ["巡逻", "路灯"]


def test_the_due_filter_is_the_homes_rule(client, staff_a1, promises):
    from evaluations.models import Promise

    Promise.objects.filter(pk=promises["soon"].pk).update(due_on=promises["soon_day"])
    client.force_login(staff_a1)
    assert rows(client, "?due=overdue") == ["巡逻"]
    assert rows(client, "?due=due_soon") == ["路灯"]


def test_a_bad_filter_value_is_refused_not_a_500(client, staff_a1, promises):
    client.force_login(staff_a1)
    response = client.get(LIST + "?state=lost&due=never")
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_department_staff_list_their_departments_promises(client, city, promises):
    department = factories.DepartmentFactory(street=city.street_a1, key="police")
    promised(promises["overdue"].meeting, department=department, text="加装路灯")
    client.force_login(factories.DepartmentStaffFactory(department=department))
    assert rows(client) == ["加装路灯"]


def test_the_department_work_list_shows_the_promises_it_owns(client, city, promises):
    department = factories.DepartmentFactory(street=city.street_a1, key="police")
    promised(promises["overdue"].meeting, department=department, text="加装路灯")
    client.force_login(factories.DepartmentStaffFactory(department=department))
    response = client.get(reverse("grievances:work"))
    assert response.context["promise_count"] == 1
    html = response.content.decode()
    assert 'data-testid="section-promises"' in html and "加装路灯" in html and "巡逻" not in html


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_takes_the_same_queries_for_1_and_20_promises(client, staff_a1, city):
    official = posted(city.a1[0], "PA", "甲警官")
    meeting = reviewed(city.a1[0], official)
    promised(meeting, official=official)
    client.force_login(staff_a1)
    one = queries(client, LIST)
    for i in range(19):
        promised(meeting, official=official, text=f"第{i}件")
    assert queries(client, LIST) == one


def test_the_plans_list_takes_the_same_queries_for_1_and_20_plans(client, official_a, city):
    reviewed(city.a1[0], posted(city.a1[0], "P0", "官0"), unsatisfied=True)
    client.force_login(official_a)
    url = reverse("evaluations:plans_missing")
    one = queries(client, url)
    for i, community in enumerate(city.a1[1:] + city.a2):
        reviewed(community, posted(community, f"P{i + 1}", f"官{i + 1}"), unsatisfied=True)
    assert queries(client, url) == one
    response = client.get(url)
    assert len(response.context["table"].page.object_list) == 5


def test_the_work_list_takes_the_same_queries_for_1_and_20_promises(client, city):
    department = factories.DepartmentFactory(street=city.street_a1, key="police")
    official = posted(city.a1[0], "PA", "甲警官")
    meeting = reviewed(city.a1[0], official)
    promised(meeting, department=department)
    client.force_login(factories.DepartmentStaffFactory(department=department))
    url = reverse("grievances:work")
    one = queries(client, url)
    for i in range(19):
        promised(meeting, department=department, text=f"第{i}件")
    assert queries(client, url) == one
