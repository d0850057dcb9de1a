"""``manage.py figures FROM TO``: the grievance figures of DOMAIN.md for other programs.

One row per area in code order with exactly DOMAIN.md's columns; rates in percent with
2 decimals (half-up), blank (null in JSON) when the denominator is 0. The numbers are
the figures page's own computation (:func:`grievances.selectors.figure_table`).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from districts.models import District, Street
from grievances.selectors import FIGURE_COLUMNS, RATES, figure_table

COLUMNS = ("code", *FIGURE_COLUMNS)
CENT = Decimal("0.01")


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not an ISO date (2009-09-30): {value!r}.") from exc


def rate_text(value: Decimal | None) -> str:
    return "" if value is None else str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


class Command(BaseCommand):
    help = "Write the grievance figures of items received FROM..TO, one row per area."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("start", metavar="FROM", help="first day received (ISO date)")
        parser.add_argument("end", metavar="TO", help="last day received (ISO date)")
        area = parser.add_mutually_exclusive_group()
        area.add_argument("--district", help="district code")
        area.add_argument("--street", help="street code")
        parser.add_argument("--by", choices=["district", "street", "community"])
        parser.add_argument("--as-of", dest="as_of", help="'today' for overdue and escalation")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("TO is before FROM.")
        today = _date(options["as_of"]) if options["as_of"] else timezone.localdate()
        district = street = None
        if code := options["district"]:
            district = District.objects.filter(code=code).first()
            if district is None:
                raise CommandError(f"Unknown district {code}.")
        if code := options["street"]:
            street = Street.objects.filter(code=code).first()
            if street is None:
                raise CommandError(f"Unknown street {code}.")
        by = options["by"]
        if by == "district" and (district or street) or by == "street" and street:
            raise CommandError(f"--by {by} is above the area chosen.")
        rows, _total, _level = figure_table(
            user=None, start=start, end=end, today=today, district=district, street=street, by=by
        )
        if options["format"] == "json":
            self.stdout.write(to_json(rows), ending="")
        else:
            self.stdout.write(to_csv(rows), ending="")


def _cells(row: dict[str, Any]) -> dict[str, Any]:
    return {c: rate_text(row[c]) if c in RATES else row[c] for c in COLUMNS}


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(_cells(row).values())
    return buffer.getvalue()


def _json_value(column: str, value: Any) -> str:
    if column in RATES:
        return rate_text(value) or "null"  # a JSON number with exactly two decimals
    return json.dumps(value, ensure_ascii=False)


def to_json(rows: list[dict[str, Any]]) -> str:
    objects = [
        "  {" + ", ".join(f'"{c}": {_json_value(c, row[c])}' for c in COLUMNS) + "}" for row in rows
    ]
    return "[\n" + ",\n".join(objects) + "\n]\n" if objects else "[]\n"
