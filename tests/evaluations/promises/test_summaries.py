"""evaluations/promises/summaries.py: an area's promises on the community and street pages
(the ``community_detail`` and ``street_detail`` slots), an official's figures by year."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Promise
from evaluations.promises.summaries import figures_by_year
from evaluations.selectors import rounded
from tests import factories

from .helpers import meeting, promise
from .story import judge, promise_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(city):
    """An official posted to DA-1-0 and DA-1-1 (this package's ``community`` is another)."""
    official = factories.PostingFactory(community=city.a1[0]).official
    factories.PostingFactory(community=city.a1[1], official=official)
    return official


@pytest.fixture
def story(city, officer):
    """Four promises in DA-1-0 (two kept, one not kept, one overdue), one in DA-1-1."""
    other = meeting(city.a1[1], officer, 2009, 3)
    promise(other, officer, text="别的社区的承诺")
    return promise_story(city.a1[0], officer, 4)


def page(client, user, name, code):
    client.force_login(user)
    return client.get(reverse(name, args=[code]))


def figures(response):
    section = response.content.decode().split('data-testid="area-promises"')[1]
    return section.split("</dl>")[0]


def test_the_community_page_shows_its_promises_with_their_state(client, staff_a1, story):
    response = page(client, staff_a1, "districts:community", "DA-1-0")
    assert [p.state for p in response.context["promise_list"]] == [
        "kept",
        "not_kept",
        "kept",
        "overdue",
    ]
    assert "别的社区的承诺" not in response.content.decode()


def test_the_community_page_counts_the_years_promises_and_the_keeping_rate(client, staff_a1, story):
    shown = figures(page(client, staff_a1, "districts:community", "DA-1-0"))
    for figure, value in (("made", 4), ("kept", 2), ("not_kept", 1), ("overdue", 1)):
        assert f'<dd data-figure="{figure}">{value}</dd>' in shown
    assert '<dd data-figure="keeping_rate">66.67%</dd>' in shown


def test_the_street_page_counts_the_promises_of_all_its_communities(client, staff_a1, story):
    response = page(client, staff_a1, "districts:street", "DA-1")
    assert '<dd data-figure="made">5</dd>' in figures(response)
    assert "别的社区的承诺" in response.content.decode()


def test_a_year_without_promises_shows_none_and_no_rate(client, staff_a1, story):
    client.force_login(staff_a1)
    response = client.get(reverse("districts:community", args=["DA-1-0"]), {"year": 2011})
    assert '<dd data-figure="made">0</dd>' in figures(response)
    assert '<dd data-figure="keeping_rate">—</dd>' in figures(response)


@pytest.mark.parametrize(
    ("name", "code"), [("districts:community", "DA-1-0"), ("districts:street", "DA-1")]
)
def test_another_streets_page_and_its_promises_are_404(client, staff_b1, story, name, code):
    assert page(client, staff_b1, name, code).status_code == 404


@pytest.mark.parametrize(
    ("name", "code"), [("districts:community", "DA-1-0"), ("districts:street", "DA-1")]
)
def test_the_area_pages_cost_the_same_queries_with_1_or_20_promises(
    client, staff_a1, city, officer, name, code
):
    q3, _q4, _made = promise_story(city.a1[0], officer, 1)
    client.force_login(staff_a1)
    counts = []
    for extra in (0, 19):
        for _n in range(extra):
            promise(q3, officer)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse(name, args=[code]))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_figures_by_year_count_made_and_verdicts_in_the_year_of_their_meeting(city, officer):
    q3, q4, made = promise_story(city.a1[0], officer, 2)
    q1 = meeting(city.a1[0], officer, 2010, 1)
    later = promise(q1, officer)
    judge(later, meeting(city.a1[0], officer, 2010, 2), 1, 2)
    rows = figures_by_year(Promise.objects.all(), as_of=datetime.date(2011, 1, 1))
    assert [(r["year"], r["made"], r["judged"], r["kept"], r["not_kept"]) for r in rows] == [
        (2010, 1, 1, 0, 1),
        (2009, 2, 2, 1, 1),
    ]
    assert rounded(rows[1]["keeping_rate"]) == Decimal("50.00")
    assert rows[0]["keeping_rate"] == 0


def test_the_community_pages_promises_read_in_chinese(client, staff_a1, story):
    client.force_login(staff_a1)
    client.cookies["django_language"] = "zh-hans"
    section = client.get(reverse("districts:community", args=["DA-1-0"])).content.decode()
    section = section.split('data-testid="area-promises"')[1].split("</section>")[0]
    assert "<dt>兑现率</dt>" in section and "兑现 5 票，未兑现 1 票" in section
