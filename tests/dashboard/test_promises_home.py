"""The homes' promises (DOMAIN.md "Promises"): overdue and due soon, the missing
improvement plans, each count from the same rule as its list; the district's "waiting
for you" line of escalated plans agrees with the list it opens and with the inbox."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Promise
from evaluations.promises.plans import plans_escalate
from tests.evaluations.promises.between import posted, promised, reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(city):
    return posted(city.a1[0], "PA", "甲警官")


@pytest.fixture
def meeting(city, official):
    return reviewed(city.a1[0], official)


def make(meeting, official, n, *, soon=False):
    made = [promised(meeting, official=official, text=f"第{i}件") for i in range(n)]
    if soon:
        day = timezone.localdate() + datetime.timedelta(days=3)
        Promise.objects.filter(pk__in=[p.pk for p in made]).update(due_on=day)
    return made


def listed(client, url):
    response = client.get(url)
    return response.context["table"].paginator.count


def test_the_street_home_counts_overdue_and_due_soon_as_its_lists(
    client, staff_a1, meeting, official
):
    make(meeting, official, 3)
    make(meeting, official, 2, soon=True)
    client.force_login(staff_a1)
    context = client.get("/").context
    assert context["promises_overdue_count"] == len(context["promises_overdue"]) == 3
    assert context["promises_due_soon_count"] == len(context["promises_due_soon"]) == 2
    assert listed(client, reverse("evaluations:promise_list") + "?due=overdue") == 3
    assert listed(client, reverse("evaluations:promise_list") + "?due=due_soon") == 2


def test_another_streets_promises_are_not_counted(client, staff_b1, official_b, meeting, official):
    make(meeting, official, 3)
    for user in (staff_b1, official_b):
        client.force_login(user)
        assert client.get("/").context["promises_overdue_count"] == 0


def test_the_district_home_counts_its_streets_promises(client, official_a, meeting, official):
    make(meeting, official, 2)
    client.force_login(official_a)
    html = client.get("/").content.decode()
    assert 'data-testid="home-promises-overdue"' in html and "第1件" in html


def test_a_drafts_promises_are_not_overdue(client, staff_a1, city, official):
    draft = reviewed(city.a1[1], posted(city.a1[1], "PX", "丙"), submit=False)
    promised(draft, official=draft.ratings.get().official)
    client.force_login(staff_a1)
    assert client.get("/").context["promises_overdue_count"] == 0
    assert listed(client, reverse("evaluations:promise_list") + "?due=overdue") == 0


def test_the_meeting_shows_plan_missing_until_a_promise_is_recorded(
    client, staff_a1, official_a, city, official
):
    unsatisfied = reviewed(city.a1[0], official, unsatisfied=True)
    for user in (staff_a1, official_a):
        client.force_login(user)
        context = client.get("/").context
        assert context["plans_missing_count"] == 1
        assert [r.meeting_id for r in context["plans_missing"]] == [unsatisfied.pk]
        assert listed(client, reverse("evaluations:plans_missing")) == 1
    promised(unsatisfied, official=official)
    assert client.get("/").context["plans_missing_count"] == 0


def test_escalated_plans_wait_for_the_district_as_the_list_and_the_inbox_say(
    client, official_a, official_b, city, official
):
    reviewed(city.a1[0], official, unsatisfied=True)
    plans_escalate(today=timezone.localdate())
    client.force_login(official_a)
    [line] = [w for w in client.get("/").context["waiting"] if w.key == "plans_escalated"]
    assert line.count == 1 == listed(client, line.url)
    official_a.refresh_from_db()
    assert official_a.unread_notifications == 1
    inbox = client.get(reverse("inbox")).content.decode()
    assert "甲警官" in inbox
    client.force_login(official_b)
    [other] = [w for w in client.get("/").context["waiting"] if w.key == "plans_escalated"]
    assert other.count == 0


def queries(client):
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/")
    return len(captured)


@pytest.mark.parametrize("who", ["staff_a1", "official_a"])
def test_the_home_takes_the_same_queries_for_1_and_20_promises(
    client, request, who, city, meeting, official
):
    client.force_login(request.getfixturevalue(who))
    make(meeting, official, 1)
    reviewed(city.a1[1], posted(city.a1[1], "PU", "丁"), unsatisfied=True)
    one = queries(client)
    make(meeting, official, 10)
    make(meeting, official, 9, soon=True)
    reviewed(city.a1[2], posted(city.a1[2], "PV", "戊"), unsatisfied=True)
    assert queries(client) == one


def test_the_city_officials_home_has_no_promise_alerts(client, city_official):
    # the street's and district's dashboards only: at city size the plans missing of the
    # whole history took 1.1 s of every visit to the city's home (make bench)
    client.force_login(city_official)
    response = client.get("/")
    assert "plans_missing_count" not in response.context
    assert 'data-testid="promise-alerts"' not in response.content.decode()
