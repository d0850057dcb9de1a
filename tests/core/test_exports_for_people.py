"""List exports a Chinese office can open (core/export_safety.py): a byte order mark on
every CSV, headers and values (kinds, dispositions, yes/no) in the page's language, and in
XLSX the machine column names and values on a second sheet named ``data``."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import GrievanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(city):
    GrievanceFactory(
        community=city.a1[0],
        reference="A1-2009-0001",
        kind="dispute",
        key_dispute=True,
        disposition="on_the_spot",
        resolved_on=datetime.date(2009, 3, 1),
    )


def export(client, user, fmt, language):
    client.force_login(user)
    return client.get(
        reverse("grievances:list"), {"_export": fmt}, headers={"accept-language": language}
    )


def chinese_csv(client, user):
    content = export(client, user, "csv", "zh-hans").content
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_list_csv_starts_with_a_byte_order_mark(client, staff_a1, items):
    assert export(client, staff_a1, "csv", "en").content.startswith("\ufeff".encode())


def test_a_list_csv_on_a_chinese_page_has_chinese_headers(client, staff_a1, items):
    assert {"编号", "内容摘要"} <= set(chinese_csv(client, staff_a1)[0])


def test_a_list_csv_on_a_chinese_page_has_chinese_kinds_dispositions_and_yes_no(
    client, staff_a1, items
):
    [row] = chinese_csv(client, staff_a1)
    values = set(row.values())
    assert {"矛盾纠纷", "当场处理", "是"} <= values, row


def test_a_list_xlsx_has_a_data_sheet_with_the_machine_columns_and_values(client, staff_a1, items):
    response = export(client, staff_a1, "xlsx", "zh-hans")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[1] == "data"
    header, row = list(book["data"].iter_rows(values_only=True))
    record = dict(zip(header, row, strict=True))
    assert (record["reference"], record["kind"], record["key_dispute"]) == (
        "A1-2009-0001",
        "dispute",
        True,
    )
    first = list(book.worksheets[0].iter_rows(values_only=True))
    assert "是" in first[1]


# -- the ranking pages' CSV (rankings/output.py): for people, unlike the command's ---------


def chinese(client, user, name, params, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args), params, headers={"accept-language": "zh-hans"})


def test_the_ranking_csv_on_a_chinese_page_has_chinese_headers_and_flags(
    client, area_a, area_b, city_official
):
    response = chinese(client, city_official, "rankings:city", {"year": 2009, "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["名次", "主城区名次", "区县", "代码"]
    assert "safety_index" not in rows[0] and "flags" not in rows[0]
    flags = rows[1][rows[0].index("标记")]
    assert flags and "incomplete_data" not in flags


# -- the review results' XLSX (evaluations/tables.py RatingTable) ---------------------------


@pytest.fixture
def thirds(area_a):
    """A meeting whose score is 63.125 exactly: 2 very satisfied, 1 satisfied, 29 basically
    satisfied of 32 votes (2.5 rounds half-up to 63.13, half-even to 63.12)."""
    from tests.publication.helpers import review

    area_a.community.representatives = 40
    area_a.community.save()
    review(area_a.community, area_a.official, 2009, 4, (2, 1, 29, 0))
    return area_a


def results_workbook(client, user):
    response = chinese(client, user, "evaluations:rating_list", {"_export": "xlsx", "year": 2009})
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_results_xlsx_first_sheet_names_the_official_as_the_page_does(client, staff_a1, thirds):
    sheet = results_workbook(client, staff_a1).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    officials = {row[rows[0].index("考评对象")] for row in rows[1:]}
    assert officials == {"公示警官A"}


def test_the_results_xlsx_data_sheet_keeps_the_year_the_quarter_and_the_score_rounded_half_up(
    client, staff_a1, thirds
):
    header, *rows = results_workbook(client, staff_a1)["data"].iter_rows(values_only=True)
    records = [dict(zip(header, row, strict=True)) for row in rows]
    q4 = next(r for r in records if r["quarter"] == 4)
    assert (q4["year"], q4["official_code"], q4["score"]) == (2009, "OF-A", 63.13)
    assert {(r["year"], r["quarter"]) for r in records} == {(2009, q) for q in (1, 2, 3, 4)}


# -- the community league's downloads (rankings/views/league.py) --------------------------


def test_the_league_csv_has_the_pages_rows_with_chinese_headers(client, area_a, area_b, official_a):
    response = chinese(
        client, official_a, "rankings:league", {"year": 2009, "quarter": 1, "_export": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["名次", "社区", "代码", "街道", "平均得分", "考评对象数", "兑现率"]
    # district A's five communities, the reviewed one first; none of district B's
    assert [r[2] for r in rows[1:]][0] == area_a.community.code
    assert sorted(r[2] for r in rows[1:]) == sorted(
        ["DA-1-0", "DA-1-1", "DA-1-2", "DA-2-0", "DA-2-1"]
    )
    assert rows[1][0] == "1" and rows[1][4] == "92.00"


def test_the_league_csv_keeps_the_pages_street(client, area_a, official_a):
    response = chinese(
        client,
        official_a,
        "rankings:league",
        {"year": 2009, "quarter": 1, "street": "DA-2", "_export": "csv"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(r[2] for r in rows[1:]) == ["DA-2-0", "DA-2-1"]


def test_the_league_xlsx_has_a_data_sheet_with_codes(client, area_a, official_a):
    response = chinese(
        client, official_a, "rankings:league", {"year": 2009, "quarter": 1, "_export": "xlsx"}
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    header, first, *_ = book["data"].iter_rows(values_only=True)
    record = dict(zip(header, first, strict=True))
    assert (record["rank"], record["community_code"], record["mean_score"]) == (
        1,
        area_a.community.code,
        92.0,
    )
    assert next(book.worksheets[0].iter_rows(values_only=True))[0] == "名次"
