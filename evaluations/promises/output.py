"""The promise figures written out (DOMAIN.md, ``promise_figures``): the exact CSV and
JSON of the command, for programs, and the CSV and XLSX downloads of the figures page, for
people (``core.export_safety``). The keeping rate is rounded half-up to 2 decimals here,
where it is written, and nowhere before."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from core import export_safety

from ..selectors import rounded
from .figures import COLUMNS, COUNTS


def rate_text(value: Any) -> str:
    """The keeping rate as written: 2 decimals, half-up; blank when nothing was judged."""
    result = rounded(value)
    return "" if result is None else f"{result:.2f}"


def cells(row: dict[str, Any]) -> list[Any]:
    """One row's values in :data:`COLUMNS` order, the rate as text."""
    return [row["code"], *(row[c] for c in COUNTS), rate_text(row["keeping_rate"])]


def to_csv(rows: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(cells(row))
    return buffer.getvalue()


def _json_value(column: str, value: Any) -> str:
    if column == "keeping_rate":
        return rate_text(value) or "null"  # a JSON number with exactly two decimals
    return json.dumps(value, ensure_ascii=False)


def to_json(rows: Iterable[dict[str, Any]]) -> str:
    objects = [
        "  {" + ", ".join(f'"{c}": {_json_value(c, row[c])}' for c in COLUMNS) + "}" for row in rows
    ]
    return "[\n" + ",\n".join(objects) + "\n]\n" if objects else "[]\n"


def header_for_people() -> list[str]:
    return [
        _("Code"),
        _("Name"),
        _("Made"),
        _("Judged"),
        _("Kept"),
        _("Not kept"),
        _("Overdue"),
        _("Keeping rate (%)"),
    ]


def _people_row(row: dict[str, Any]) -> list[Any]:
    return [row["code"], row["name"], *(row[c] for c in COUNTS), rounded(row["keeping_rate"])]


def csv_for_people(rows: list[dict[str, Any]]) -> str:
    """The page's table as CSV for people: a byte order mark, text neutralised."""
    return export_safety.BOM + export_safety.csv_text(
        header_for_people(),
        [_people_row(r) for r in rows],
        text=lambda v: "" if v is None else v,
        lineterminator="\n",
    )


def xlsx_for_people(rows: list[dict[str, Any]], title: str) -> bytes:
    """The page's table as XLSX, then the ``data`` sheet with the command's columns."""
    return export_safety.xlsx_bytes(
        title=title,
        header=header_for_people(),
        rows=[_people_row(r) for r in rows],
        data=(list(COLUMNS), [[*cells(r)[:-1], rounded(r["keeping_rate"])] for r in rows]),
    )
