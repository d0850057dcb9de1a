"""grievances/views/department_record.py: the departments' record of a street, a district
and the city, scoped; every number opens the items it counts; the same queries for few
and many departments and items."""

import datetime

import pytest
from django.urls import reverse

from districts.models import Department, District, Street
from grievances.departments.tables import COLUMNS
from tests import factories
from tests.grievances.departments.helpers import referred_item
from tests.grievances.views.helpers import count

pytestmark = pytest.mark.django_db
D = datetime.date
RECORD = "grievances:department_record"
ITEMS = "grievances:department_items"
YEAR = {"from": "2025-01-01", "to": "2025-12-31"}


@pytest.fixture
def record_data(city, police_a1):
    """Street A1's police (three items, one sent back 3 times), a community department of
    A1 (one item), and street B1's police (two items)."""
    mediation = factories.DepartmentFactory(street=None, community=city.a1[1], key="mediation")
    police_b1 = factories.DepartmentFactory(street=city.street_b1, key="police")
    referred_item(police_a1, D(2025, 3, 7), accepted_on=D(2025, 3, 10), sent_back=3)
    referred_item(police_a1, D(2025, 3, 4), accepted_on=D(2025, 3, 6), resolved_on=D(2025, 3, 5))
    referred_item(police_a1, D(2025, 3, 4), resolved_on=D(2025, 3, 6), verdict="satisfied")
    referred_item(mediation, D(2025, 4, 1), reopened=2)
    referred_item(police_b1, D(2025, 4, 1))
    referred_item(police_b1, D(2025, 4, 2))
    return {"police_a1": police_a1, "mediation": mediation, "police_b1": police_b1}


def rows(response):
    return {row.record.pk: row.record for row in response.context["table"].rows}


def test_street_staff_read_their_streets_and_its_communities_departments(
    client, staff_a1, record_data
):
    client.force_login(staff_a1)
    shown = rows(client.get(reverse(RECORD), YEAR))
    assert set(shown) == {record_data["police_a1"].pk, record_data["mediation"].pk}
    assert shown[record_data["police_a1"].pk].referred == 3
    assert shown[record_data["mediation"].pk].problem_items == 1


def test_a_district_official_reads_the_districts_departments(client, official_a, record_data):
    client.force_login(official_a)
    shown = rows(client.get(reverse(RECORD), YEAR))
    assert record_data["police_b1"].pk not in shown
    assert len(shown) == 2


def test_a_city_official_reads_every_department_and_the_total(client, city_official, record_data):
    client.force_login(city_official)
    response = client.get(reverse(RECORD), YEAR)
    assert len(rows(response)) == 3
    total = {figure: value for figure, _h, value, _url in response.context["total"]}
    assert (total["referred"], total["sent_back"], total["problem_items"]) == ("6", "3", "2")


def test_the_city_reads_one_street_by_its_code(client, city_official, record_data):
    client.force_login(city_official)
    shown = rows(client.get(reverse(RECORD), {**YEAR, "street": "DB-1"}))
    assert set(shown) == {record_data["police_b1"].pk}


@pytest.mark.parametrize(
    ("who", "params"),
    [
        ("staff_a1", {"street": "DB-1"}),
        ("staff_a1", {"street": "DA-2"}),
        ("staff_a1", {"district": "DA"}),
        ("official_a", {"district": "DB"}),
        ("official_a", {"street": "DB-1"}),
        ("dept_a1", {"street": "DA-1"}),
    ],
)
@pytest.mark.parametrize("url_name", [RECORD, ITEMS])
def test_another_areas_record_is_404(
    client, request, record_data, view_exceptions, who, params, url_name
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(url_name), {**YEAR, "figure": "referred", **params})
    model = None if who == "dept_a1" else (Street if "street" in params else District)
    view_exceptions.assert_not_found_by(response, url_name, model)


@pytest.mark.parametrize("who", ["staff_a1", "official_a", "dept_a1"])
def test_another_areas_department_is_404_on_the_items_list(
    client, request, record_data, view_exceptions, who
):
    client.force_login(request.getfixturevalue(who))
    params = {**YEAR, "figure": "referred", "department": record_data["police_b1"].pk}
    response = client.get(reverse(ITEMS), params)
    view_exceptions.assert_not_found_by(response, ITEMS, Department)


def test_the_departments_own_staff_see_only_their_record(client, dept_a1, record_data):
    client.force_login(dept_a1)
    shown = rows(client.get(reverse(RECORD), YEAR))
    assert set(shown) == {record_data["police_a1"].pk}


def test_an_unknown_figure_is_404(client, staff_a1, record_data):
    client.force_login(staff_a1)
    assert client.get(reverse(ITEMS), {**YEAR, "figure": "salary"}).status_code == 404


@pytest.mark.parametrize("url_name", [RECORD, ITEMS])
def test_the_record_needs_a_signed_in_user(client, record_data, url_name):
    response = client.get(reverse(url_name), {"figure": "referred"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_period_ending_before_it_starts_is_named_and_the_default_shown(client, staff_a1):
    client.force_login(staff_a1)
    response = client.get(reverse(RECORD), {"from": "2025-05-01", "to": "2025-04-01"})
    assert response.status_code == 200
    assert "to" in response.context["form"].errors
    assert response.context["start"].month == 1


@pytest.mark.parametrize("bad", ["2025-02-30", "1899-01-01", "x" * 300])
def test_a_bad_date_is_named_and_never_a_500(client, staff_a1, bad):
    client.force_login(staff_a1)
    response = client.get(reverse(RECORD), {"from": bad})
    assert response.status_code == 200
    assert "from" in response.context["form"].errors


@pytest.mark.parametrize("who", ["staff_a1", "official_a", "city_official", "dept_a1"])
def test_every_number_opens_as_many_items_as_it_counts(client, request, record_data, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(RECORD), YEAR)
    table = response.context["table"]
    for row in table.rows:
        for figure, _heading in COLUMNS:
            if figure in ("acceptance_rate", "on_time_rate", "satisfaction"):
                continue
            url = table.items_url(figure, row.record.pk)
            listed = client.get(url).context["table"].data.data
            if figure in ("sent_back", "reopened"):
                counted = sum(listed.values_list(f"{figure}_count", flat=True))
            else:
                counted = listed.count()
            assert counted == getattr(row.record, figure), (figure, row.record)


def test_the_totals_numbers_open_all_the_departments_items(client, staff_a1, record_data):
    client.force_login(staff_a1)
    response = client.get(reverse(RECORD), YEAR)
    url = dict((f, u) for f, _h, _v, u in response.context["total"])["referred"]
    assert client.get(url).context["table"].data.data.count() == 4


def test_the_record_downloads_as_csv_with_rates_half_up(client, staff_a1, record_data):
    client.force_login(staff_a1)
    response = client.get(reverse(RECORD), {**YEAR, "_export": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "DA-1," in text.replace('"', "")
    assert "66.67" in text  # accepted on time: 2 of 3 due


def test_the_record_page_makes_the_same_queries_for_few_and_many(
    client, city_official, city, record_data
):
    client.force_login(city_official)
    few = count(client, reverse(RECORD), **YEAR)
    for community in city.b1:
        department = factories.DepartmentFactory(street=None, community=community, key="militia")
        referred_item(department, D(2025, 5, 6), sent_back=1)
        referred_item(department, D(2025, 5, 7), accepted_on=D(2025, 5, 7))
    assert count(client, reverse(RECORD), **YEAR) == few


def test_the_items_page_makes_the_same_queries_for_few_and_many(
    client, staff_a1, police_a1, record_data
):
    client.force_login(staff_a1)
    params = {**YEAR, "figure": "referred", "department": police_a1.pk}
    few = count(client, reverse(ITEMS), **params)
    for i in range(5):
        referred_item(police_a1, D(2025, 6, 2 + i))
    assert count(client, reverse(ITEMS), **params) == few


def test_the_work_list_shows_the_departments_own_record_with_its_links(
    client, dept_a1, police_a1, city
):
    from django.utils import timezone

    today = timezone.localdate()
    referred_item(police_a1, today, sent_back=2)
    other = factories.DepartmentFactory(street=city.street_a1, key="judicial")
    referred_item(other, today)
    client.force_login(dept_a1)
    response = client.get(reverse("grievances:work"))
    own = {figure: (value, url) for figure, _h, value, url in response.context["record"]}
    assert own["referred"][0] == "1" and own["sent_back"][0] == "2"
    listed = client.get(own["sent_back"][1]).context["table"].data.data
    assert [g.sent_back_count for g in listed] == [2]


def test_the_problem_items_behind_the_record_carry_their_badge(
    client, staff_a1, police_a1, record_data
):
    client.force_login(staff_a1)
    params = {**YEAR, "figure": "referred", "department": police_a1.pk}
    response = client.get(reverse(ITEMS), params)
    flagged = [r.sent_back_count for r in rows(response).values() if r.is_problem]
    assert flagged == [3]  # the item sent back 3 times, of the three referred
    assert response.content.decode().count('data-testid="problem-badge"') == 1


def test_the_record_downloads_as_xlsx(client, staff_a1, record_data):
    client.force_login(staff_a1)
    response = client.get(reverse(RECORD), {**YEAR, "_export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_the_items_behind_an_event_count_say_how_many_times_in_all(client, staff_a1, record_data):
    # the record counts sent back 3 for one item: the list of one row says "3 times"
    client.force_login(staff_a1)
    url = reverse(ITEMS) + "?" + "&".join(f"{k}={v}" for k, v in YEAR.items())
    response = client.get(url + f"&figure=sent_back&department={record_data['police_a1'].pk}")
    assert response.context["table"].data.data.count() == 1
    assert "3 times in all" in response.content.decode()


def test_the_items_behind_a_number_print_on_a_landscape_sheet(client, staff_a1, record_data):
    # eleven columns were cut off at the edge of an A4 portrait sheet
    client.force_login(staff_a1)
    response = client.get(reverse(ITEMS), {**YEAR, "figure": "referred"})
    assert "css/landscape.css" in response.content.decode()
