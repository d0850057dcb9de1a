"""grievances/views/bulletin.py: a district's bulletins for its officials and the city,
each number opening its items, the XLSX; another district's bulletin is 404 on every
page and download, and street or department staff see none."""

import io

import openpyxl
import pytest
from django.urls import reverse

from grievances.models import Bulletin
from tests.fixtures.bulletins import satisfied_items
from tests.grievances.departments.helpers import D

pytestmark = pytest.mark.django_db


def addresses(bulletins, bulletin=None):
    b = bulletin or bulletins.a
    department = bulletins.judicial_a1 if b == bulletins.a else bulletins.police_b1
    return {
        "grievances:bulletin": reverse("grievances:bulletin", args=[b.pk]),
        "grievances:bulletin_xlsx": reverse("grievances:bulletin_xlsx", args=[b.pk]),
        "grievances:bulletin_items": reverse(
            "grievances:bulletin_items", args=[b.pk, department.pk, "referred"]
        ),
    }


def test_the_district_official_sees_their_districts_bulletins_only(client, bulletins, official_a):
    client.force_login(official_a)
    response = client.get(reverse("grievances:bulletins"))
    assert [b.pk for b in response.context["page"].object_list] == [bulletins.a.pk]


def test_the_city_sees_every_districts_bulletin(client, bulletins, city_official):
    client.force_login(city_official)
    response = client.get(reverse("grievances:bulletins"))
    assert {b.pk for b in response.context["page"].object_list} == {
        bulletins.a.pk,
        bulletins.b.pk,
    }


@pytest.mark.parametrize("who", ["official_b", "staff_a1", "dept_a1"])
def test_another_districts_bulletin_is_404_on_every_page_and_download(
    client, request, bulletins, view_exceptions, who
):
    client.force_login(request.getfixturevalue(who))
    for name, url in addresses(bulletins).items():
        response = client.get(url)
        assert response.status_code == 404, name
        view_exceptions.assert_not_found_by(response, name, Bulletin)


def test_street_staff_list_no_bulletin(client, bulletins, staff_a1):
    client.force_login(staff_a1)
    response = client.get(reverse("grievances:bulletins"))
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


def test_the_bulletin_names_the_department_below_with_its_figures(client, bulletins, official_a):
    client.force_login(official_a)
    response = client.get(addresses(bulletins)["grievances:bulletin"])
    rows = response.context["rows"]
    assert [(r["area_code"], r["key"]) for r in rows] == [("DA-1", "judicial")]
    assert (rows[0]["referred"], rows[0]["verdicts"], rows[0]["satisfied_verdicts"]) == (2, 2, 1)
    page = response.content.decode()
    assert "50.00%" in page
    assert "at least one item referred" in page  # who is assessed, said on the page


def test_each_number_opens_the_items_behind_it(client, bulletins, official_a):
    client.force_login(official_a)
    base = (bulletins.a.pk, bulletins.judicial_a1.pk)
    referred = client.get(reverse("grievances:bulletin_items", args=[*base, "referred"]))
    satisfied = client.get(reverse("grievances:bulletin_items", args=[*base, "satisfied_verdicts"]))
    assert referred.context["page"].paginator.count == 2
    assert satisfied.context["page"].paginator.count == 1


def test_a_figure_or_department_not_on_the_bulletin_is_404(client, bulletins, official_a):
    client.force_login(official_a)
    base = (bulletins.a.pk, bulletins.judicial_a1.pk)
    assert client.get(reverse("grievances:bulletin_items", args=[*base, "nope"])).status_code == 404
    not_named = (bulletins.a.pk, bulletins.police_a1.pk, "referred")
    assert client.get(reverse("grievances:bulletin_items", args=not_named)).status_code == 404


def test_the_xlsx_opens_with_the_bulletins_rows(client, bulletins, official_a):
    client.force_login(official_a)
    response = client.get(addresses(bulletins)["grievances:bulletin_xlsx"])
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    people, data = book.worksheets
    assert people.max_row == 2
    header = [c.value for c in data[1]]
    row = dict(zip(header, [c.value for c in data[2]], strict=True))
    assert (row["area_code"], row["key"], row["referred"], row["satisfaction"]) == (
        "DA-1",
        "judicial",
        2,
        50,
    )
    assert (row["below_satisfaction"], row["below_on_time"]) == (True, False)


def test_anonymous_is_sent_to_log_in_and_a_post_is_refused(client, bulletins, official_a):
    url = addresses(bulletins)["grievances:bulletin"]
    assert client.get(url).status_code == 302
    client.force_login(official_a)
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("name", ["grievances:bulletin", "grievances:bulletin_xlsx"])
def test_the_pages_take_the_same_queries_whatever_the_number_of_departments(
    client, bulletins, official_a, name, django_assert_max_num_queries
):
    client.force_login(official_a)
    url = addresses(bulletins)[name]
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    more = [bulletins.police_a1]
    from tests import factories

    for street in official_a.district.streets.all():
        more.append(factories.DepartmentFactory(street=street, key="petitions"))
    Bulletin.objects.all().delete()
    from grievances.models import Verdict
    from grievances.services import bulletins_generate

    for department in more:
        satisfied_items(department, [Verdict.UNSATISFIED] * 3)
    bulletin = next(
        b
        for b in bulletins_generate(year=2009, month=4, as_of=D(2009, 5, 4))
        if b.district_id == official_a.district_id
    )
    assert bulletin.entries.count() == 4
    with django_assert_max_num_queries(30) as large:
        client.get(reverse(name, args=[bulletin.pk]))
    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_list_and_the_items_take_the_same_queries_whatever_their_length(
    client, bulletins, official_a, django_assert_max_num_queries
):
    from grievances.models import Verdict
    from grievances.services import bulletins_generate

    client.force_login(official_a)
    items = reverse(
        "grievances:bulletin_items", args=[bulletins.a.pk, bulletins.judicial_a1.pk, "referred"]
    )
    counts = []
    for _ in range(2):
        with django_assert_max_num_queries(30) as listed:
            client.get(reverse("grievances:bulletins"))
        with django_assert_max_num_queries(30) as opened:
            client.get(items)
        counts.append((len(listed.captured_queries), len(opened.captured_queries)))
        satisfied_items(bulletins.judicial_a1, [Verdict.UNSATISFIED] * 3)
        bulletins_generate(year=2009, month=3, as_of=D(2009, 4, 1))  # one more to list
    assert counts[0] == counts[1]
