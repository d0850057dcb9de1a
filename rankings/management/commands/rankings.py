from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from districts.models import District
from rankings import output as ranking_output
from rankings.assessment import assess


class Command(BaseCommand):
    help = "Write the year's ranking of districts, or of streets within districts (DOMAIN.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("--level", choices=["district", "street"], required=True)
        parser.add_argument("--district", help="district code (street level only)")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(
        self,
        *args: Any,
        year: int,
        level: str,
        district: str | None,
        format: str,
        **options: Any,
    ) -> None:
        district_obj = None
        if district:
            if level != "street":
                raise CommandError("--district goes with --level street.")
            district_obj = District.objects.filter(code=district).first()
            if district_obj is None:
                raise CommandError(f"Unknown district {district}.")
        data = ranking_output.rows(assess(year, level, district_obj), level)
        output = ranking_output.to_json(data) if format == "json" else ranking_output.to_csv(data)
        self.stdout.write(output, ending="")
