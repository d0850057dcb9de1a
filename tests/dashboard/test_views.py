"""The home of each role (dashboard/views.py): the counts of the user's areas, and the open
recommendations of their area."""

import datetime

import pytest

from rankings import selectors as rankings_selectors
from tests import factories
from tests.evaluations.helpers import edit_url, form_data, post_confirmed
from tests.grievances.views.helpers import refs

pytestmark = pytest.mark.django_db


def test_the_home_counts_are_those_of_the_users_district(client, official_a):
    client.force_login(official_a)
    totals = client.get("/").context["totals"]
    assert totals == {
        "districts": 1,
        "streets": 2,
        "communities": 5,
        "representatives": 10 + 11 + 12 + 20 + 21,
    }


def test_the_home_counts_of_a_street_staff_user_are_those_of_their_street(client, staff_a1):
    client.force_login(staff_a1)
    totals = client.get("/").context["totals"]
    assert (totals["communities"], totals["representatives"]) == (3, 33)


def test_open_recommendations_show_on_every_dashboard_of_their_area(
    client, meetings, staff_a1, official_a, official_b, city_official
):
    def open_count(user):
        client.force_login(user)
        return client.get("/").context["open_recommendation_count"]

    assert [open_count(u) for u in (staff_a1, official_a, official_b, city_official)] == [
        1,
        1,
        1,
        2,
    ]


def test_the_open_recommendation_count_is_the_list_its_link_opens(client, meetings, city_official):
    from django.urls import reverse

    client.force_login(city_official)
    home = client.get("/")
    url = reverse("evaluations:recommendation_list") + "?state=open"
    assert f'href="{url}"'.encode() in home.content
    listed = client.get(url).context["table"].rows
    assert home.context["open_recommendation_count"] == len(listed) == 2


def test_a_correction_that_removes_the_streak_takes_the_recommendation_off_the_dashboard(
    client, staff_a1, meetings, posted
):
    client.force_login(staff_a1)
    assert client.get("/").context["open_recommendation_count"] == 1
    data = form_data(
        posted["a"],
        present=10,
        counts=(10, 0, 0, 0),
        held_on="2009-06-01",
        version=meetings["a"].version,
    )
    shown = client.post(edit_url("DA-1-0", 2009, 2), data).context["consequences_key"]
    client.post(edit_url("DA-1-0", 2009, 2), data | {"confirm_consequences": shown})
    assert client.get("/").context["open_recommendation_count"] == 0


# ---- grievances escalated and due soon ----------------------------------------------------


@pytest.fixture
def escalations(city):
    """Items overdue in A1 (twice, one long enough for the city), A2 and B1, escalated."""
    import datetime

    from django.utils import timezone

    from districts.models import Department
    from districts.services import platform_create
    from grievances import services
    from tests.factories import GrievanceFactory

    platform_create(streets=[city.street_a1, city.street_a2, city.street_b1])
    today = timezone.localdate()
    made = {}
    for key, street, community, late in (
        ("a1", city.street_a1, city.a1[0], 3),
        ("a1_long", city.street_a1, city.a1[1], 60),
        ("a2", city.street_a2, city.a2[0], 3),
        ("b1", city.street_b1, city.b1[0], 3),
    ):
        made[key] = GrievanceFactory(
            community=community,
            reference=f"{key.upper().replace('_', '')}-2026-0001",
            received_on=today - datetime.timedelta(days=90),
            disposition="referred",
            department=Department.objects.get(street=street, key="police"),
            deadline=today - datetime.timedelta(days=late),
        )
    services.escalate(today=today)
    return made


def escalated_refs(client, user):
    client.force_login(user)
    context = client.get("/").context
    return sorted(g.reference for g in context.get("escalated", []))


def test_a_district_official_lists_the_escalated_items_of_their_streets_only(
    client, official_a, escalations
):
    assert escalated_refs(client, official_a) == [
        "A1-2026-0001",
        "A1LONG-2026-0001",
        "A2-2026-0001",
    ]


def test_a_city_official_lists_the_items_escalated_to_the_city(client, city_official, escalations):
    assert escalated_refs(client, city_official) == ["A1LONG-2026-0001"]


def test_the_escalated_button_counts_and_lists_only_the_items_still_open(
    client, official_a, escalations
):
    from django.utils import timezone

    from grievances.models import Grievance

    Grievance.objects.filter(reference="A2-2026-0001").update(
        resolved_on=timezone.localdate(), disposition="referred"
    )
    client.force_login(official_a)
    assert client.get("/").context["grievance_alerts"]["escalated_district_open"] == 2
    rows = client.get("/grievances/", {"status": "escalated_district_open"}).context["table"].rows
    assert sorted(row.record.reference for row in rows) == ["A1-2026-0001", "A1LONG-2026-0001"]


def test_the_escalated_count_is_the_list_below_it_for_items_of_previous_years(
    client, official_a, escalations
):
    from django.utils import timezone

    from grievances.models import Grievance

    year = timezone.localdate().year
    for n, g in enumerate(escalations.values()):
        Grievance.objects.filter(pk=g.pk).update(received_on=datetime.date(year - 1 - n, 5, 1))
    client.force_login(official_a)
    response = client.get("/")
    listed = refs(client.get("/grievances/", {"status": "escalated_district_open"}))
    count = response.context["grievance_alerts"]["escalated_district_open"]
    assert count == len(response.context["escalated"]) == len(listed) == 3
    assert b'data-testid="escalated-count">3<' in response.content


def test_street_staff_have_no_escalation_list_but_see_their_due_soon_count(
    client, staff_a1, escalations
):
    from django.utils import timezone

    from core.workdays import add_working_days
    from grievances.models import Grievance

    soon = add_working_days(timezone.localdate(), 2)
    Grievance.objects.filter(reference="A1-2026-0001").update(deadline=soon)
    Grievance.objects.filter(reference="B1-2026-0001").update(deadline=soon)  # not theirs
    client.force_login(staff_a1)
    response = client.get("/")
    assert "escalated" not in response.context
    assert response.context["grievance_alerts"]["due_soon"] == 1


def test_a_home_without_open_recommendations_says_so_without_claiming_no_streak(
    client, staff_a1, meetings, posted
):
    client.force_login(staff_a1)
    # the fixture's streak opened one; this correction of 2009 Q2 (confirmed) closes it
    post_confirmed(
        client,
        edit_url("DA-1-0", 2009, 2),
        form_data(
            posted["a"],
            present=10,
            counts=(10, 0, 0, 0),
            held_on="2009-06-01",
            version=meetings["a"].version,
        ),
    )
    page = client.get("/").content.decode()
    assert "No replacement recommendation is open in your area." in page
    assert "two quarters running" not in page


def test_the_quarters_progress_says_one_meeting_in_the_singular(client, staff_a1, review):
    today = datetime.date.today()
    review(today.year, (today.month - 1) // 3 + 1, vs=5)
    client.force_login(staff_a1)
    page = client.get("/").content.decode()
    assert "1 meeting submitted," in page


def test_the_homes_grievance_counts_take_every_year_as_the_lists_they_open(
    client, staff_a1, city, police_a1
):
    from django.utils import timezone

    from tests.factories import GrievanceFactory

    today = timezone.localdate()
    overdue = {
        "community": city.a1[0],
        "disposition": "referred",
        "department": police_a1,
        "deadline": datetime.date(today.year - 1, 12, 1),
    }
    for year in (today.year - 3, today.year - 2, today.year - 1):
        GrievanceFactory(received_on=datetime.date(year, 11, 1), **overdue)
    client.force_login(staff_a1)
    alerts = client.get("/").context["grievance_alerts"]
    for status in ("overdue", "open"):
        listed = refs(client.get("/grievances/", {"status": status}))
        assert alerts[status] == len(listed) == 3


def test_a_district_officials_standing_lagging_entries_says_since_when(
    client, official_a, settings, data_committed
):
    from django.core.cache import cache

    from core import dataversion

    settings.DATA_CACHE_SECONDS = 600
    cache.clear()
    client.force_login(official_a)
    data_committed()  # as if the city's setup had committed
    assert b'data-testid="standing-as-of"' not in client.get("/").content
    dataversion.bump(f"reviews:{rankings_selectors.latest_year()}")
    data_committed()  # another street office's meeting committed since
    assert b'data-testid="standing-as-of"' in client.get("/").content
    cache.clear()


def test_the_homes_roll_follows_the_roster_the_entry_form_uses(client, staff_a1, city):
    """Issue 21, item 6: the stored number said 10 while the roster had grown."""
    for n in range(11):
        factories.RepresentativeFactory(
            community=city.a1[0], name=f"代表{n}", start_date=datetime.date(2008, 1, 1)
        )
    client.force_login(staff_a1)
    response = client.get("/")
    assert response.context["totals"]["representatives"] == 11 + 11 + 12
    row = next(r for r in response.content.decode().split("<tr") if ">DA-1-0<" in r)
    assert '<td class="num">11</td>' in row


# ---- problem items (issue 25) ----------------------------------------------------------


def test_a_district_officials_home_counts_and_lists_the_open_problem_items(
    client, official_a, problem_item
):
    client.force_login(official_a)
    response = client.get("/")
    waiting = {w.key: w.count for w in response.context["waiting"]}
    listed = refs(client.get("/grievances/", {"status": "problem_open"}))
    assert waiting["problem_open"] == response.context["grievance_alerts"]["problem_open"] == 1
    assert [g.reference for g in response.context["problem_items"]] == listed
    assert listed == [problem_item.reference]
    page = response.content.decode()
    assert 'data-testid="problem-count">1<' in page
    assert 'data-testid="problem-badge"' in page


def test_a_resolved_problem_item_leaves_the_district_home_but_keeps_its_badge(
    client, official_a, problem_item
):
    from django.utils import timezone

    from grievances.models import Grievance

    Grievance.objects.filter(pk=problem_item.pk).update(resolved_on=timezone.localdate())
    client.force_login(official_a)
    response = client.get("/")
    assert response.context["grievance_alerts"]["problem_open"] == 0
    assert response.context["problem_items"] == []
    [row] = client.get("/grievances/", {"problem": "true"}).context["table"].rows
    assert row.record.is_problem


def test_another_districts_home_neither_counts_nor_lists_the_problem_item(
    client, official_b, problem_item
):
    client.force_login(official_b)
    response = client.get("/")
    assert {w.key: w.count for w in response.context["waiting"]}["problem_open"] == 0
    assert response.context["problem_items"] == []
    assert problem_item.reference not in response.content.decode()


def test_street_staff_and_city_officials_have_no_problem_list_on_their_home(
    client, staff_a1, city_official, problem_item
):
    for user in (staff_a1, city_official):
        client.force_login(user)
        response = client.get("/")
        assert "problem_items" not in response.context
        assert 'data-testid="problem-items"' not in response.content.decode()


def test_the_district_home_makes_the_same_queries_for_one_problem_item_and_many(
    client, official_a, city, problem_item, police_a1
):
    from grievances import services
    from tests.factories import GrievanceFactory
    from tests.grievances.helpers import make_problem
    from tests.grievances.views.helpers import count

    client.force_login(official_a)
    client.get("/")  # the cached standing and tables, as every later request finds them
    one = count(client, "/")
    for item in GrievanceFactory.create_batch(30, community=city.a2[0]):
        make_problem(item, police_a1)
    services.problem_escalate()
    client.get("/")
    assert count(client, "/") == one


def test_the_home_links_the_departments_record_beside_the_grievance_figures(client, staff_a1):
    client.force_login(staff_a1)
    page = client.get("/").content.decode()
    assert 'data-testid="department-record-link"' in page
    assert client.get("/grievances/departments/").status_code == 200
