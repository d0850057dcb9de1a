"""``manage.py promise_figures YEAR``: the promise figures of DOMAIN.md for other programs.

One row per area or official in code order with exactly DOMAIN.md's columns (code, made,
judged, kept, not_kept, overdue, keeping_rate); the rate in percent with 2 decimals
(half-up), blank (null in JSON) when nothing was judged; rows with all counts 0 left out.
The numbers are the figures page's own computation
(:func:`evaluations.promises.figures.figure_rows`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from districts.models import District
from evaluations.promises.figures import figure_rows
from evaluations.promises.output import to_csv, to_json
from evaluations.promises.selectors import promises


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of: not an ISO date (2009-09-30): {value!r}.") from exc


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError as exc:
        raise CommandError(f"YEAR: not a year: {value!r}.") from exc
    if not 2000 <= year <= 2100:
        raise CommandError(f"YEAR: {year} is outside 2000..2100.")
    return year


class Command(BaseCommand):
    help = "Write the promise figures of a year (or a quarter), one row per area or official."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", metavar="YEAR", help="the year of the meetings")
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])
        parser.add_argument(
            "--by", choices=["official", "community", "street", "district"], default="community"
        )
        parser.add_argument("--district", help="district code: only its promises")
        parser.add_argument("--as-of", dest="as_of", help="the date for overdue (default today)")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        year = _year(options["year"])
        as_of = _date(options["as_of"]) if options["as_of"] else timezone.localdate()
        qs = promises()
        if code := options["district"]:
            district = District.objects.filter(code=code).first()
            if district is None:
                raise CommandError(f"--district: unknown district {code}.")
            qs = qs.filter(meeting__community__street__district=district)
        rows = list(
            figure_rows(qs, year=year, quarter=options["quarter"], by=options["by"], as_of=as_of)
        )
        if options["format"] == "json":
            self.stdout.write(to_json(rows), ending="")
        else:
            self.stdout.write(to_csv(rows), ending="")
