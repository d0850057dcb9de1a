"""The printable meeting kit (dashboard/kit.py): the sign-in sheet, a tally sheet per
official, last quarter's promises and the open grievances, and a QR code of the entry
page's address; scoped like every page."""

import datetime
import re

import pytest
import segno
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.kit import qr_svg
from evaluations import services
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


def kit_url(code="DA-1-0", year=2009, quarter=3):
    return reverse("dashboard:kit", args=[code, year, quarter])


@pytest.fixture
def officers(city):
    return [
        factories.PostingFactory(community=city.a1[0], role=role).official
        for role in ("police", "director")
    ]


def test_without_a_roster_the_sign_in_sheet_has_a_numbered_line_per_representative_on_the_roll(
    client, staff_a1, city, officers
):
    client.force_login(staff_a1)
    response = client.get(kit_url())
    assert response.status_code == 200
    assert len(response.context["blank_lines"]) == city.a1[0].representatives == 10
    sheet = response.content.decode().split('data-testid="kit-signin"')[1].split("</section>")[0]
    assert sheet.count('<td class="kit-n">') == 10


def test_with_a_roster_the_sign_in_sheet_lists_those_serving_on_the_meeting_date(
    client, staff_a1, city, officers
):
    community = city.a1[0]
    serving = factories.RepresentativeFactory(
        community=community, name="王芳", start_date=D(2009, 1, 1)
    )
    factories.RepresentativeFactory(
        community=community, name="已离任", start_date=D(2008, 1, 1), end_date=D(2009, 2, 1)
    )
    services.meeting_save(
        community=community,
        year=2009,
        quarter=3,
        held_on=D(2009, 8, 1),
        present=1,
        tallies=[],
        submit=False,
    )
    client.force_login(staff_a1)
    response = client.get(kit_url())
    body = response.content.decode()
    assert response.context["names"] == [serving]
    assert "王芳" in body and "已离任" not in body
    assert not response.context["blank_lines"]


def test_there_is_one_tally_sheet_per_official_with_the_four_boxes(client, staff_a1, officers):
    client.force_login(staff_a1)
    body = client.get(kit_url()).content.decode()
    assert body.count('data-testid="kit-tally"') == 2
    assert body.count('class="kit-box"') == 8
    assert all(o.name in body for o in officers)


def test_the_kit_shows_last_quarters_promises_and_the_open_grievances(
    client, staff_a1, city, officers
):
    services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=2,
        held_on=D(2009, 5, 20),
        present=6,
        tallies=[services.Tally(officers[0].pk, 1, 1, 0, 0)],
        submit=True,
        promised="组织夜间巡逻",
    )
    factories.GrievanceFactory(
        community=city.a1[0], summary="楼道灯坏了", received_on=D(2009, 6, 1)
    )
    client.force_login(staff_a1)
    body = client.get(kit_url()).content.decode()
    assert "组织夜间巡逻" in body.split('data-testid="kit-promised"')[1]
    assert "楼道灯坏了" in body.split('data-testid="kit-pack"')[1]


def test_the_qr_code_is_generated_from_the_entry_pages_absolute_address(client, staff_a1, officers):
    client.force_login(staff_a1)
    response = client.get(kit_url())
    url = "http://testserver" + reverse("evaluations:meeting_edit", args=["DA-1-0", 2009, 3])
    assert response.context["entry_url"] == url
    svg = re.search(r"<svg.*?</svg>", response.content.decode(), re.S).group(0)
    expected = segno.make(url, error="m", micro=False).svg_inline(
        scale=4, border=2, omitsize=True, svgclass="kit-qr-code", dark="#000"
    )
    assert svg == expected == str(qr_svg(url))
    other = segno.make(url + "x", error="m", micro=False).svg_inline(
        scale=4, border=2, omitsize=True, svgclass="kit-qr-code", dark="#000"
    )
    assert svg != other  # the SVG depends on the exact address


def test_the_kit_is_in_chinese_on_a_chinese_page(client, staff_a1, officers):
    client.force_login(staff_a1)
    body = client.get(kit_url(), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "签到表" in body and "计票单" in body


@pytest.mark.parametrize(("year", "quarter"), [(2009, 5), (2009, 0), (1999, 1)])
def test_a_quarter_that_does_not_exist_is_404(client, staff_a1, city, year, quarter):
    client.force_login(staff_a1)
    assert client.get(kit_url(year=year, quarter=quarter)).status_code == 404


def test_another_streets_kit_is_404_and_shows_no_name(client, staff_a1, city):
    factories.RepresentativeFactory(community=city.b1[0], name="乙代表")
    client.force_login(staff_a1)
    response = client.get(kit_url("DB-1-0"))
    assert response.status_code == 404
    assert "乙代表" not in response.content.decode()


def test_the_kit_takes_the_same_queries_for_3_or_30_names(client, staff_a1, city, officers):
    client.force_login(staff_a1)
    counts = []
    for size in (3, 30):
        factories.RepresentativeFactory.create_batch(size, community=city.a1[0])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(kit_url()).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("page", ["board", "pack"])
def test_the_kit_is_linked_from_the_quarter_board_and_the_pack(client, staff_a1, city, page):
    client.force_login(staff_a1)
    url = (
        reverse("evaluations:board") + "?year=2009&quarter=3"
        if page == "board"
        else reverse("dashboard:pack", args=["DA-1-0"])
    )
    body = client.get(url).content.decode()
    assert 'data-testid="kit-link"' in body
    if page == "board":
        assert kit_url() in body


def test_a_long_sign_in_sheet_is_split_in_two_columns_numbered_on(client, staff_a1, city):
    """Issue 21, item 14: 43 names in one column spilled onto a second A4 page."""
    for n in range(43):
        factories.RepresentativeFactory(
            community=city.a1[0], name=f"代表{n:02d}", start_date=datetime.date(2008, 1, 1)
        )
    client.force_login(staff_a1)
    response = client.get(kit_url())
    left, right = response.context["signin_columns"]
    assert (len(left), len(right)) == (22, 21)
    assert (left[0]["n"], left[-1]["n"], right[0]["n"], right[-1]["n"]) == (1, 22, 23, 43)


# ---- the verdict sheet of the promises due ----------------------------------------------


def promised_in_q2(community, official, n=1):
    from tests.evaluations.promises.helpers import meeting, promise

    at = meeting(community, official, 2009, 2)
    return [promise(at, official, due_on=D(2009, 8, 31), text=f"承诺{i}") for i in range(n)]


def test_the_kit_lists_the_promises_due_with_a_box_for_kept_and_not_kept(
    client, staff_a1, city, officers
):
    from evaluations.promises import services as promise_services

    [due] = promised_in_q2(city.a1[0], officers[0])
    promise_services.promise_report_done(
        promise=due, done_on=D(2009, 7, 1), done_text="每晚巡逻", user=None
    )
    client.force_login(staff_a1)
    sheet = client.get(kit_url()).content.decode().split('data-testid="kit-verdicts"')[1]
    sheet = sheet.split("</section>")[0]
    assert "2009 Q2 #1" in sheet and "承诺0" in sheet
    assert "Reported done 2009-07-01: 每晚巡逻" in sheet
    assert sheet.count('class="kit-box"') == 2


def test_the_kit_of_a_quarter_with_nothing_due_says_so(client, staff_a1, officers):
    client.force_login(staff_a1)
    assert 'data-testid="kit-no-promise"' in client.get(kit_url()).content.decode()


def test_the_kit_takes_the_same_queries_for_1_or_10_promises_due(client, staff_a1, city, officers):
    from tests.evaluations.promises.helpers import promise

    [first] = promised_in_q2(city.a1[0], officers[0])
    client.force_login(staff_a1)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            client.get(kit_url())
        counts.append(len(ctx.captured_queries))
        for _ in range(9):
            promise(first.meeting, officers[0], due_on=D(2009, 8, 31))
    assert counts[0] == counts[1]
