"""``manage.py department_figures FROM TO [--district CODE] [--as-of DATE] [--format
csv|json]``: the departments' record for other programs (DOMAIN.md, "Departments answer
for their work").

One row per department, in the record page's order (its street's or community's code,
then the platform key), with the record page's own computation
(:func:`grievances.departments.record.record`): items referred FROM..TO, judged on
``--as-of`` (today by default). Rates in percent with 2 decimals (half-up), blank (null in
JSON) when the denominator is 0.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from districts.models import District
from grievances.departments import record
from grievances.departments.figures import COUNTS, RATES

from .figures import _date, rate_text

COLUMNS = ("code", "platform", *COUNTS, *RATES)


class Command(BaseCommand):
    help = "Write the departments' record of items referred FROM..TO, one row per department."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("start", metavar="FROM", help="first day referred (ISO date)")
        parser.add_argument("end", metavar="TO", help="last day referred (ISO date)")
        parser.add_argument("--district", help="district code (default: the whole city)")
        parser.add_argument("--as-of", dest="as_of", help="the day on time is judged at")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("TO is before FROM.")
        as_of = _date(options["as_of"]) if options["as_of"] else timezone.localdate()
        try:
            area = record.area_for(user=None, district=options["district"] or "")
        except District.DoesNotExist as exc:
            raise CommandError(f"Unknown district {options['district']}.") from exc
        rows = record.record(user=None, area=area, start=start, end=end, as_of=as_of)
        values = list(rows.values("code", "key", *COUNTS, *RATES))
        if options["format"] == "json":
            self.stdout.write(to_json(values), ending="")
        else:
            self.stdout.write(to_csv(values), ending="")


def cells(row: dict[str, Any]) -> dict[str, Any]:
    """A row's columns as written: the platform key, rates half-up."""
    row = {**row, "platform": row["key"]}
    return {c: rate_text(row[c]) if c in RATES else row[c] for c in COLUMNS}


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(cells(row).values())
    return buffer.getvalue()


def _json_value(column: str, value: Any) -> str:
    if column in RATES:
        return value or "null"  # a JSON number with exactly two decimals
    return json.dumps(value, ensure_ascii=False)


def to_json(rows: list[dict[str, Any]]) -> str:
    objects = [
        "  {" + ", ".join(f'"{c}": {_json_value(c, v)}' for c, v in cells(row).items()) + "}"
        for row in rows
    ]
    return "[\n" + ",\n".join(objects) + "\n]\n" if objects else "[]\n"
