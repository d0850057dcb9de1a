"""dashboard/waiting.py: each home's "waiting for you", gathered from the hand-overs, each
count linking to the list it counts; the inbox count in the masthead of every page."""

import datetime

import pytest
from django.urls import reverse

from grievances import services
from tests import factories
from tests.grievances.views.helpers import count, refs

pytestmark = pytest.mark.django_db
D = datetime.date


def proposed(city, police_a1, dept_a1, n=1):
    items = []
    for _i in range(n):
        item = factories.GrievanceFactory(community=city.a1[0], received_on=D(2024, 5, 6))
        services.grievance_refer(grievance=item, department=police_a1, working_days=7, user=None)
        services.grievance_accept(grievance=item, user=dept_a1)
        items.append(services.grievance_propose(grievance=item, answer="已处理", user=dept_a1))
    return items


def test_the_street_home_counts_the_answers_waiting_for_confirmation_and_links_to_them(
    client, city, staff_a1, dept_a1, police_a1
):
    items = proposed(city, police_a1, dept_a1, n=2)
    client.force_login(staff_a1)
    waiting = {w.key: w for w in client.get("/").context["waiting"]}
    assert waiting["proposed"].count == 2
    assert refs(client.get(waiting["proposed"].url)) == sorted(g.reference for g in items)


def test_the_district_home_waits_for_nothing_of_the_streets_hand_overs(
    client, city, official_a, dept_a1, police_a1
):
    proposed(city, police_a1, dept_a1)
    client.force_login(official_a)
    keys = [w.key for w in client.get("/").context["waiting"]]
    assert keys == ["escalated_district_open", "problem_open", "plans_escalated"]


def test_the_street_home_takes_the_same_queries_whatever_the_number_waiting(
    client, city, staff_a1, dept_a1, police_a1
):
    proposed(city, police_a1, dept_a1)
    client.force_login(staff_a1)
    client.get("/")  # the cached tables built
    few = count(client, "/")
    proposed(city, police_a1, dept_a1, n=4)
    waiting = client.get("/").context["waiting"]
    assert [(w.key, w.count) for w in waiting] == [("proposed", 5), ("reopened_by_resident", 0)]
    assert count(client, "/") == few


def test_a_hand_over_shows_in_the_masthead_of_whoever_it_waits_for(
    client, city, staff_a1, dept_a1, police_a1
):
    proposed(city, police_a1, dept_a1)
    client.force_login(staff_a1)
    body = client.get(reverse("grievances:list")).content.decode()
    assert 'data-testid="unread">1</span>' in body
    client.force_login(dept_a1)
    body = client.get(reverse("grievances:work")).content.decode()
    assert 'data-testid="unread"' not in body
