"""The ranking pages of rankings/views/ranking.py: the rankings and their exports agree with
the command, the drill-down is scoped, a district's page shows the threshold its streets
must reach and its chart and table over the years, in a constant number of queries."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.selectors import rounded
from tests import factories

from ..helpers import D, open_items, survey

pytestmark = pytest.mark.django_db


def command(*args):
    out = io.StringIO()
    call_command("rankings", *args, stdout=out)
    return out.getvalue()


# ---- the ranking pages, on the demo city ------------------------------------------------


def test_the_page_export_has_the_commands_areas_and_composites_after_a_byte_order_mark(
    demo, client
):
    from districts.models import User

    client.force_login(User.objects.get(username="city"))
    exported = client.get(reverse("rankings:city"), {"year": 2010, "_export": "csv"})
    text = exported.content.decode()
    assert text.startswith("\ufeff")
    people = list(csv.DictReader(text[1:].splitlines()))
    machine = list(csv.DictReader(command("2010", "--level", "district").splitlines()))
    assert [(r["Code"], r["Composite"]) for r in people] == [
        (r["code"], r["composite"]) for r in machine
    ]


def test_the_page_shows_the_commands_numbers(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="city"))
    results = client.get(reverse("rankings:city"), {"year": 2009}).context["results"]
    rows = list(csv.DictReader(command("2009", "--level", "district").splitlines()))
    assert [(r.code, str(r.rank), f"{r.composite:.2f}") for r in results] == [
        (row["code"], row["rank"], row["composite"]) for row in rows
    ]


def test_the_xlsx_export_holds_the_same_numbers(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="jiulongpo"))
    response = client.get(
        reverse("rankings:district", args=["JLP"]), {"year": 2009, "_export": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["data"]
    rows = list(sheet.iter_rows(values_only=True))
    expected = list(
        csv.DictReader(command("2009", "--level", "street", "--district", "JLP").splitlines())
    )
    assert [r[2] for r in rows[1:]] == [e["code"] for e in expected]
    assert [f"{r[8]:.2f}" for r in rows[1:]] == [e["composite"] for e in expected]


def test_a_district_official_sees_the_city_ranking_but_opens_only_their_district(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="jiulongpo"))
    response = client.get(reverse("rankings:city"), {"year": 2009})
    assert len(response.context["results"]) == 8
    assert response.context["can_open"] == {"JLP"}
    body = response.content.decode()
    assert 'data-testid="drill-JLP"' in body and 'data-testid="drill-JB"' not in body
    assert client.get(reverse("rankings:district", args=["JB"])).status_code == 404
    assert client.get(reverse("rankings:district", args=["JLP"])).status_code == 200


def test_street_staff_cannot_open_a_districts_street_ranking(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="wulidian"))
    assert client.get(reverse("rankings:district", args=["JB"])).status_code == 404


def test_the_ranking_pages_make_a_constant_number_of_queries(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="city"))
    counts = []
    for year in (2008, 2009, 2009):
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("rankings:city"), {"year": year})
        counts.append(len(ctx.captured_queries))
    # 17 + the year's published rankings (publication's section); 2009 is published in the
    # demo, and its public copy is compared with the data (18 more: without the figures'
    # cache, as here, at each view; with it, once per data version, as the next test shows)
    assert counts == [18, 36, 36]


def test_the_city_ranking_compares_the_public_copy_once_per_data_version(
    demo, client, cached, data_committed
):
    from districts.models import User

    client.force_login(User.objects.get(username="city"))
    data_committed()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("rankings:city"), {"year": 2009})
        counts.append(len(ctx.captured_queries))
    # the first view computes the figures and the public copy's comparison; the next reads
    # both from the cache until the data changes
    assert counts == [28, 10]


# ---- the threshold a district's streets must reach ----------------------------------------


@pytest.mark.parametrize(
    ("own", "shown", "chart_line"),
    [(None, "80.00", False), ("75.00", "80.00", False), ("85.00", "85.00", True)],
)
def test_a_districts_page_shows_the_threshold_its_streets_must_really_reach(
    client, official_a, city, own, shown, chart_line
):
    from decimal import Decimal

    city.district_a.safety_threshold = None if own is None else Decimal(own)
    city.district_a.save()
    client.force_login(official_a)
    response = client.get(reverse("rankings:district", args=["DA"]))
    assert str(response.context["street_threshold"]) == shown
    body = response.content.decode()
    assert f"must reach {shown}" in body
    assert (f"district threshold {shown}" in str(response.context["chart"])) is chart_line


# ---- the chart over the years --------------------------------------------------------------


def history(client, user, year):
    client.force_login(user)
    return client.get(reverse("rankings:district", args=["DA"]), {"year": year}).context


def test_the_history_holds_every_year_from_the_first_up_to_the_selected_one(
    client, city, official_a
):
    survey(city.street_a1, 2008, 85, 0, 15, 0)
    survey(city.street_a1, 2010, 90, 0, 10, 0)
    survey(city.street_a1, 2012, 70, 0, 30, 0)
    rows = history(client, official_a, 2010)["history"]
    assert [(h.year, h.safety_index) for h in rows] == [
        (2008, Decimal("85.00")),
        (2009, None),
        (2010, Decimal("90.00")),
    ]


def test_a_point_below_60_is_drawn_at_its_value_not_on_the_60_line(client, city, official_a):
    survey(city.street_a1, 2009, 4587, 0, 5413, 0)  # 45.87
    chart = str(history(client, official_a, 2009)["chart"])
    assert 'data-value="45.87"' in chart
    assert 'data-grid="40"' in chart  # the axis reaches below the point


def test_the_history_table_sits_under_the_chart(client, city, official_a):
    survey(city.street_a1, 2009, 4587, 0, 5413, 0)
    client.force_login(official_a)
    body = client.get(reverse("rankings:district", args=["DA"]), {"year": 2009}).content
    assert body.decode().index('data-testid="history-table"') > body.decode().index(
        'data-testid="history-chart"'
    )


def test_the_district_page_with_its_history_makes_a_constant_number_of_queries(
    client, city, official_a
):
    survey(city.street_a1, 2008, 85, 0, 15, 0)
    survey(city.street_a1, 2009, 80, 0, 20, 0)
    client.force_login(official_a)
    counts = []
    for extra in (1, 7):
        open_items(city.a2[0], extra)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("rankings:district", args=["DA"]), {"year": 2009})
        counts.append(len(ctx.captured_queries))
    survey(city.street_a2, 2009, 70, 0, 30, 0)  # one more ranked street
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("rankings:district", args=["DA"]), {"year": 2009})
    counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] == counts[2]


def test_the_district_page_makes_as_many_queries_with_more_years_of_history(
    client, city, official_a
):
    survey(city.street_a1, 2009, 80, 0, 20, 0)
    client.force_login(official_a)
    counts = []
    for first in (2008, 2003):  # the history then holds 2 years, then 7
        survey(city.street_a1, first, 85, 0, 15, 0)
        with CaptureQueriesContext(connection) as ctx:
            context = client.get(reverse("rankings:district", args=["DA"]), {"year": 2009}).context
        assert context["history"][0].year == first
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_each_year_of_the_history_has_the_figures_of_that_years_ranking(
    client, city, official_a, review
):
    from rankings.assessment import assess

    survey(city.street_a1, 2008, 85, 0, 15, 0)
    survey(city.street_b1, 2008, 60, 0, 40, 0)
    review(2008, 2, vs=5)
    survey(city.street_a1, 2009, 4587, 0, 5413, 0)
    factories.GrievanceFactory(community=city.a1[0], received_on=D(2009, 3, 1))
    rows = history(client, official_a, 2009)["history"]
    expected = []
    for year in (2008, 2009):
        mine = next(r for r in assess(year, "district") if r.code == "DA")
        expected.append((year, mine.composite, rounded(mine.safety_index)))
    assert [(h.year, h.composite, h.safety_index) for h in rows] == expected
    assert rows[0].composite != rows[0].safety_index  # the ratings weigh in 2008
