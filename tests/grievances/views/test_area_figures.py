"""grievances/views/area_figures.py: an area's figures count only its rows, each links to
the rows it counts; another district's are 404; the same queries for few and many items."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import GrievanceFactory
from tests.grievances.views.helpers import count

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_figures_of_a_district_count_only_its_streets(client, official_a, items):
    client.force_login(official_a)
    response = client.get(reverse("grievances:figures"), {"from": "2009-01-01", "to": "2009-12-31"})
    total = {c["name"]: c["value"] for c in response.context["total"]}
    assert total["total"] == 4
    assert [(r["code"], r["cells"][0]["value"]) for r in response.context["rows"]] == [
        ("DA-1", 3),
        ("DA-2", 1),
    ]


def test_every_figure_links_to_the_list_of_the_rows_it_counts(client, official_a, items):
    client.force_login(official_a)
    response = client.get(reverse("grievances:figures"), {"from": "2009-01-01", "to": "2009-12-31"})
    row = response.context["rows"][0]
    for cell in row["cells"]:
        if cell["rate"]:
            continue
        listed = client.get(cell["url"])
        assert len(listed.context["table"].rows) == cell["value"], cell["name"]


def test_another_districts_figures_are_404(client, official_a, items):
    client.force_login(official_a)
    assert client.get(reverse("grievances:figures"), {"district": "DB"}).status_code == 404
    assert client.get(reverse("grievances:figures"), {"street": "DB-1"}).status_code == 404


def test_the_figures_page_makes_the_same_number_of_queries_for_few_and_many_items(
    client, official_a, city, items
):
    client.force_login(official_a)
    few = count(client, reverse("grievances:figures"))
    GrievanceFactory.create_batch(60, community=city.a2[1])
    assert count(client, reverse("grievances:figures")) == few
