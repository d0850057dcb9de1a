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
