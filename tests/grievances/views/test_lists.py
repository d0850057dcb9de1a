"""grievances/views/lists.py: the list holds exactly the user's area, in the page and its
exports; its filters; the same queries for few and many items."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from districts.models import Department
from grievances import services
from grievances.models import Grievance
from tests.factories import GrievanceFactory
from tests.grievances.views.helpers import count, refs

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("staff_a1", ["A1-2009-0000", "A1-2009-0001", "A1-2009-0002"]),
        ("official_a", ["A1-2009-0000", "A1-2009-0001", "A1-2009-0002", "A2-2009-0000"]),
        ("official_b", ["B1-2009-0000", "B1-2009-0001"]),
    ],
)
def test_the_list_holds_exactly_the_users_area(client, request, items, user_fixture, expected):
    client.force_login(request.getfixturevalue(user_fixture))
    assert refs(client.get(reverse("grievances:list"))) == expected


def test_the_csv_export_holds_only_the_users_street(client, staff_a1, items):
    client.force_login(staff_a1)
    body = client.get(reverse("grievances:list"), {"_export": "csv"}).content.decode()
    assert body.count("\n") == 1 + 3
    assert "b1秘密" not in body and "a2秘密" not in body


def test_the_xlsx_export_opens_with_openpyxl(client, official_a, items):
    import openpyxl

    client.force_login(official_a)
    response = client.get(reverse("grievances:list"), {"_export": "xlsx"})
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert len(rows) == 1 + 4


def test_the_work_lists_split_open_overdue_and_unanswered(client, staff_a1, city, items):
    police = Department.objects.get(street=city.street_a1, key="police")
    today = datetime.date.today()
    overdue = items["a1"][0]
    services.grievance_refer(
        grievance=overdue,
        department=police,
        deadline=today - datetime.timedelta(days=1),
        user=staff_a1,
    )
    done = items["a1"][1]
    services.grievance_resolve(grievance=done, resolved_on=D(2009, 3, 5), user=staff_a1)
    client.force_login(staff_a1)

    def listed(status):
        return refs(client.get(reverse("grievances:list"), {"status": status}))

    assert listed("overdue") == ["A1-2009-0000"]
    assert listed("open") == ["A1-2009-0000", "A1-2009-0002"]
    assert listed("unanswered") == ["A1-2009-0001"]  # resolved, no answer yet


def test_the_search_finds_words_of_the_summary(client, staff_a1, items):
    client.force_login(staff_a1)
    assert refs(client.get(reverse("grievances:list"), {"q": "秘密1"})) == ["A1-2009-0001"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [({}, 13), ({"status": "open", "kind": "complaint"}, 13), ({"q": "秘密"}, 13)],
)
def test_the_list_makes_the_same_number_of_queries_for_few_and_many_items(
    client, official_a, city, items, params, expected
):
    client.force_login(official_a)
    few = count(client, reverse("grievances:list"), **params)
    GrievanceFactory.create_batch(120, community=city.a1[2], summary="秘密批量")
    many = count(client, reverse("grievances:list"), **params)
    assert (few, many) == (expected, expected)


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("grievances:list", {"received_from": "9999-99-99", "received_to": "01/02/2010"}),
        ("grievances:list", {"received_from": "0001-01-01", "received_to": "9999-12-31"}),
        ("grievances:figures", {"from": "0001-01-01", "to": "9999-12-31"}),
        # the template once read request.GET.items: a parameter "items" stood in for it
        ("grievances:figures", {"items": "x"}),
    ],
)
def test_garbage_dates_and_parameters_show_the_page(client, city_official, city, url_name, params):
    client.force_login(city_official)
    assert client.get(reverse(url_name), params).status_code == 200


def test_the_due_soon_list_holds_open_items_due_within_two_working_days(
    client, staff_a1, items, city
):
    from core.workdays import add_working_days

    police = Department.objects.get(street=city.street_a1, key="police")
    today = timezone.localdate()
    soon, later = items["a1"][0], items["a1"][1]
    for g, days in ((soon, 2), (later, 3)):
        Grievance.objects.filter(pk=g.pk).update(
            disposition="referred", department=police, deadline=add_working_days(today, days)
        )
    client.force_login(staff_a1)
    response = client.get(reverse("grievances:list"), {"status": "due_soon"})
    assert [r.record.reference for r in response.context["table"].rows] == [soon.reference]


def test_the_key_dispute_filter_offers_any_yes_and_no_never_unknown(client, staff_a1, items):
    client.force_login(staff_a1)
    page = client.get(reverse("grievances:list")).content.decode()
    select = page[page.index('name="key_dispute"') :].split("</select>")[0]
    assert re.findall(r">([^<]*)</option>", select) == ["Any", "Yes", "No"]


def test_the_key_dispute_filter_set_to_no_lists_ordinary_items_only(client, staff_a1, city):
    GrievanceFactory(community=city.a1[0], key_dispute=True, kind="dispute")
    ordinary = GrievanceFactory(community=city.a1[0])
    client.force_login(staff_a1)
    rows = client.get(reverse("grievances:list"), {"key_dispute": "false"}).context["table"].rows
    assert [row.record.pk for row in rows] == [ordinary.pk]


def test_every_status_of_the_list_filter_is_offered_once():
    from grievances.filters import STATUS_CHOICES

    values = [value for value, _label in STATUS_CHOICES]
    assert len(values) == len(set(values))


# ---- problem items (issue 25): the badge and the filter -------------------------------


def test_a_problem_item_carries_its_badge_in_the_list(client, official_a, problem_item):
    client.force_login(official_a)
    response = client.get(reverse("grievances:list"))
    flagged = [r.record.reference for r in response.context["table"].rows if r.record.is_problem]
    assert flagged == [problem_item.reference]
    assert response.content.decode().count('data-testid="problem-badge"') == 1


def test_the_problem_filter_lists_problem_items_whether_escalated_or_not(
    client, official_a, problem_item, items, police_a1
):
    from tests.grievances.helpers import make_problem

    not_yet = items["a2"][0]  # reached the rule, the job has not run yet
    make_problem(not_yet, police_a1)
    client.force_login(official_a)
    assert refs(client.get(reverse("grievances:list"), {"problem": "true"})) == [
        problem_item.reference,
        not_yet.reference,
    ]
    assert problem_item.reference not in refs(
        client.get(reverse("grievances:list"), {"problem": "false"})
    )
    # escalated and open: what the district follows up (its home's count links here)
    assert refs(client.get(reverse("grievances:list"), {"status": "problem_open"})) == [
        problem_item.reference
    ]


def test_another_districts_official_does_not_see_the_problem_item(client, official_b, problem_item):
    client.force_login(official_b)
    for params in ({"problem": "true"}, {"status": "problem_open"}, {}):
        assert problem_item.reference not in refs(client.get(reverse("grievances:list"), params))


def test_the_export_says_which_items_are_problem_items(client, official_a, problem_item):
    client.force_login(official_a)
    body = client.get(reverse("grievances:list"), {"_export": "csv"}).content.decode()
    header, *rows = body.splitlines()
    assert header.split(",")[-1] == "Problem item"
    assert [r.split(",")[0] for r in rows if r.endswith(",yes")] == [problem_item.reference]


@pytest.mark.parametrize("params", [{}, {"problem": "true"}, {"status": "problem_open"}])
def test_the_list_with_problem_items_makes_the_same_queries_for_few_and_many(
    client, official_a, city, problem_item, police_a1, params
):
    from grievances import services
    from tests.grievances.helpers import make_problem

    client.force_login(official_a)
    few = count(client, reverse("grievances:list"), **params)
    for item in GrievanceFactory.create_batch(40, community=city.a1[1]):
        make_problem(item, police_a1)
    services.problem_escalate()
    many = count(client, reverse("grievances:list"), **params)
    assert few == many


def test_the_list_prints_on_a_landscape_sheet(client, official_a, items):
    # in English its columns ran 1,060 px across a 718 px A4 portrait sheet (the walk)
    client.force_login(official_a)
    page = client.get(reverse("grievances:list")).content.decode()
    assert "css/landscape.css" in page and 'class="items-page"' in page
