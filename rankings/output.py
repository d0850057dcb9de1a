"""The stable ranking output of DOMAIN.md (CSV, JSON, XLSX), shared by the command,
the pages' exports and the tests."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from .assessment import AreaResult

COLUMNS = (
    "rank",
    "main_urban_rank",
    "code",
    "name",
    "safety_index",
    "satisfaction",
    "grievance_resolution_rate",
    "key_dispute_resolution_rate",
    "composite",
    "flags",
)


def rows(results: list[AreaResult], level: str) -> list[dict[str, Any]]:
    out = []
    for result in results:
        row = result.as_row()
        if level != "district":
            row["main_urban_rank"] = None
        out.append(row)
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def to_csv(data: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in data:
        writer.writerow([_text(row[c]) for c in COLUMNS])
    return buffer.getvalue()


def _json_value(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"  # a JSON number with exactly two decimals
    return json.dumps(value, ensure_ascii=False)


def to_json(data: list[dict[str, Any]]) -> str:
    objects = [
        "  {" + ", ".join(f'"{c}": {_json_value(row[c])}' for c in COLUMNS) + "}" for row in data
    ]
    return "[\n" + ",\n".join(objects) + "\n]\n" if objects else "[]\n"


def to_xlsx(data: list[dict[str, Any]], title: str) -> bytes:
    import openpyxl
    from openpyxl.worksheet.worksheet import Worksheet

    book = openpyxl.Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook opens on its one empty worksheet
    sheet.title = title[:31]
    sheet.append(list(COLUMNS))
    for row in data:
        sheet.append([float(row[c]) if isinstance(row[c], Decimal) else row[c] for c in COLUMNS])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
