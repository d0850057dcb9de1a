"""The pages of rankings/views.py: the rankings and their exports agree with the command,
the drill-down is scoped, the league holds the user's communities."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def command(*args):
    out = io.StringIO()
    call_command("rankings", *args, stdout=out)
    return out.getvalue()


# ---- the ranking pages, on the demo city ------------------------------------------------


def test_the_page_export_is_the_commands_csv_after_a_byte_order_mark(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="city"))
    exported = client.get(reverse("rankings:city"), {"year": 2010, "_export": "csv"})
    assert exported.content.decode() == "\ufeff" + command("2010", "--level", "district")


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
    for year in (2008, 2009):
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("rankings:city"), {"year": year})
        counts.append(len(ctx.captured_queries))
    assert counts == [17, 17]


# ---- the community league ---------------------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["staff_a1", "official_a", "dept_a1"])
def test_another_streets_league_and_figures_are_404(client, request, user_fixture, city):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("rankings:league"), {"street": "DB-1"}).status_code == 404
    assert client.get(reverse("grievances:figures"), {"street": "DB-1"}).status_code == 404


def league_rows(response):
    """(code, rank) of each row of the league's table, as rendered."""
    return re.findall(
        r'<tr data-code="([^"]+)"><td class="num">([^<]*)</td>', response.content.decode()
    )


def test_the_league_of_department_staff_is_empty_they_see_no_community(client, dept_a1, meetings):
    client.force_login(dept_a1)
    response = client.get(reverse("rankings:league"), {"year": 2009, "quarter": 2})
    assert response.status_code == 200
    assert league_rows(response) == []
    assert "No communities." in response.content.decode()


def test_the_league_of_a_district_official_holds_only_their_communities(
    client, official_a, meetings
):
    client.force_login(official_a)
    rows = league_rows(client.get(reverse("rankings:league"), {"year": 2009, "quarter": 2}))
    assert sorted(code for code, _rank in rows) == [
        "DA-1-0",
        "DA-1-1",
        "DA-1-2",
        "DA-2-0",
        "DA-2-1",
    ]
    assert [code for code, rank in rows if rank != "—"] == ["DA-1-0"]


def test_the_league_makes_the_same_number_of_queries_for_few_and_many_communities(
    client, official_a, city, meetings
):
    client.force_login(official_a)
    counts = []
    for extra in (0, 12):
        factories.CommunityFactory.create_batch(extra, street=city.street_a1)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("rankings:league"), {"year": 2009, "quarter": 2})
        assert len(league_rows(response)) == 5 + extra
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


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


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("rankings:league", {"year": str(10**12), "quarter": "-1"}),
        ("rankings:city", {"year": "9" * 5000}),
    ],
)
def test_a_ranking_with_a_garbage_year_or_quarter_shows_the_latest(
    client, city_official, city, url_name, params
):
    client.force_login(city_official)
    assert client.get(reverse(url_name), params).status_code == 200


def test_the_league_of_this_year_opens_on_a_quarter_that_has_begun_even_with_future_rows(
    client, official_a, community, review, monkeypatch
):
    from evaluations.models import Meeting
    from evaluations.services.policy import policy_for_year_saved

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2010, 5, 15))  # Q2
    review(2010, 1, vs=5)
    Meeting.objects.create(  # dated in Q4, written around the rules as old data could be
        community=community,
        policy=policy_for_year_saved(2010),
        year=2010,
        quarter=4,
        held_on=datetime.date(2010, 10, 10),
        roll=10,
        present=5,
    )
    client.force_login(official_a)
    response = client.get(reverse("rankings:league"), {"year": 2010})
    assert response.context["quarter"] == 1
