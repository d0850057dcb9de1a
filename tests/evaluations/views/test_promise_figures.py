"""evaluations/views/promise_figures.py: the figures of the reader's area, equal to
``manage.py promise_figures``; every number opens the promises it counts; another
district's area is 404; the downloads; the same queries for 1 and 20 areas."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.promises import services
from tests.evaluations.promises.helpers import meeting, promise
from tests.factories import CommunityFactory, PostingFactory

pytestmark = pytest.mark.django_db
URL = reverse("evaluations:promise_figures")
AS_OF = "2010-04-01"


def judge(made, at, kept, not_kept):
    services.promise_judge(
        promise=made, meeting=at, kept_votes=kept, not_kept_votes=not_kept, user=None
    )


def reviewed(community, promises_made=3, verdicts=((5, 1), (1, 5), (4, 1))):
    """``promises_made`` promises at 2009 Q3, judged at Q4 by ``verdicts``."""
    official = PostingFactory(community=community).official
    q3 = meeting(community, official, 2009, 3)
    made = [promise(q3, official) for _ in range(promises_made)]
    q4 = meeting(community, official, 2009, 4)
    for p, (kept, not_kept) in zip(made, verdicts, strict=False):
        judge(p, q4, kept, not_kept)
    return official


@pytest.fixture
def promised(city):
    """Uneven: DA-1-0 three promises (2 kept, 1 not), DA-2-0 two (both pending: overdue
    on AS_OF), DB-1-0 one kept."""
    reviewed(city.a1[0])
    reviewed(city.a2[0], 2, ())
    reviewed(city.b1[0], 1, ((3, 0),))


def page(client, **params):
    response = client.get(URL, {"year": "2009", "as_of": AS_OF, **params})
    assert response.status_code == 200
    return response


def table(response):
    return [
        [row["code"], *(c["value"] for c in row["cells"]), row["rate"]]
        for row in response.context["rows"]
    ]


def test_a_district_official_sees_their_districts_streets(client, official_a, promised):
    client.force_login(official_a)
    response = page(client)
    assert [r[:6] for r in table(response)] == [
        ["DA-1", 3, 3, 2, 1, 0],
        ["DA-2", 2, 0, 0, 0, 2],
    ]
    assert [c["value"] for c in response.context["total"]] == [5, 3, 2, 1, 2]


def test_the_page_shows_what_the_command_writes(client, city_official, promised):
    client.force_login(city_official)
    response = page(client, by="community")
    out = io.StringIO()
    call_command("promise_figures", "2009", "--as-of", AS_OF, stdout=out)
    html = response.content.decode()
    lines = out.getvalue().splitlines()[1:]
    assert [",".join(map(str, r[:6])) for r in table(response)] == [
        line.rsplit(",", 1)[0] for line in lines
    ]
    for line in lines:
        rate = line.rsplit(",", 1)[1]
        assert (f"{rate}%" if rate else "—") in html


def test_every_number_opens_the_promises_it_counts(client, city_official, promised):
    client.force_login(city_official)
    response = page(client, by="community")
    cells = [c for row in response.context["rows"] for c in row["cells"]]
    cells += response.context["total"]
    for cell in cells:
        opened = client.get(cell["url"])
        assert opened.status_code == 200
        assert opened.context["page"].paginator.count == cell["value"], cell["url"]


def test_another_districts_figures_are_404(client, official_a, promised):
    client.force_login(official_a)
    assert client.get(URL, {"district": "DB"}).status_code == 404
    assert client.get(URL, {"street": "DB-1"}).status_code == 404
    items = reverse("evaluations:promise_figure_items")
    assert client.get(items, {"district": "DB", "figure": "made"}).status_code == 404


def test_a_code_outside_the_readers_area_opens_no_promises(client, official_a, promised):
    client.force_login(official_a)
    items = reverse("evaluations:promise_figure_items")
    params = {"year": "2009", "figure": "made", "by": "community", "code": "DB-1-0"}
    assert client.get(items, params).context["page"].paginator.count == 0


def test_street_staff_see_the_communities_of_their_street(client, staff_a1, promised):
    client.force_login(staff_a1)
    assert [r[0] for r in table(page(client))] == ["DA-1-0"]


def test_by_official_gives_one_row_per_official(client, official_a, promised):
    client.force_login(official_a)
    assert len(table(page(client, by="official"))) == 2


def test_an_unknown_figure_is_404(client, city_official):
    client.force_login(city_official)
    items = reverse("evaluations:promise_figure_items")
    assert client.get(items, {"figure": "nonsense"}).status_code == 404


def test_bad_parameters_give_the_defaults(client, city_official, promised):
    client.force_login(city_official)
    response = client.get(URL, {"year": "²", "quarter": "9", "by": "x", "as_of": "soon"})
    assert response.status_code == 200
    asked = response.context["asked"]
    assert (asked.year, asked.quarter, asked.by) == (timezone.localdate().year, None, "district")


def test_the_csv_download_has_the_pages_rows(client, official_a, promised):
    client.force_login(official_a)
    response = page(client, _export="csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Disposition"].endswith('.csv"')
    assert lines[1:] == ["DA-1,甲一街道,3,3,2,1,0,66.67", "DA-2,甲二街道,2,0,0,0,2,"]


def test_the_xlsx_download_has_a_data_sheet_with_the_commands_columns(client, official_a, promised):
    client.force_login(official_a)
    response = page(client, _export="xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    data = [[c.value for c in row] for row in book["data"].iter_rows()]
    assert data[0] == ["code", "made", "judged", "kept", "not_kept", "overdue", "keeping_rate"]
    assert data[1][:6] == ["DA-1", 3, 3, 2, 1, 0]
    assert round(data[1][6], 2) == 66.67


def count(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_the_figures_page_makes_the_same_queries_for_1_and_20_areas(client, city_official, city):
    client.force_login(city_official)
    reviewed(city.a1[0])
    params = {"year": "2009", "by": "community", "as_of": AS_OF}
    one = count(client, URL, params)
    items = reverse("evaluations:promise_figure_items")
    one_items = count(client, items, {**params, "figure": "made"})
    for i in range(19):
        reviewed(CommunityFactory(street=city.street_b1, code=f"DB-1-X{i}"), 1, ())
    assert len(page(client, by="community").context["rows"]) == 20
    assert count(client, URL, params) == one
    assert count(client, items, {**params, "figure": "made"}) == one_items
