"""The stable ranking output of DOMAIN.md (CSV, JSON, XLSX), shared by the command,
the pages' exports and the tests.

The command's CSV and JSON are exact, for programs. The pages' downloads are for people:
their CSV and XLSX go through :mod:`core.export_safety`, so an area's name cannot run as a
formula in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from core import export_safety

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
    """The exact CSV of ``manage.py rankings``, for programs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in data:
        writer.writerow([_text(row[c]) for c in COLUMNS])
    return buffer.getvalue()


def to_csv_for_people(data: list[dict[str, Any]]) -> str:
    """The pages' CSV: the same layout and numbers, text cells neutralised."""
    return export_safety.csv_text(
        COLUMNS, [[row[c] for c in COLUMNS] for row in data], text=_text, lineterminator="\n"
    )


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
    """The pages' XLSX: figures are numbers shown with two decimals, text is never a
    formula."""
    return export_safety.xlsx_bytes(
        title=title, header=COLUMNS, rows=([row[c] for c in COLUMNS] for row in data)
    )
