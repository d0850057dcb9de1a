import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tools import national


class Command(BaseCommand):
    help = (
        "Write a generated country (2,800 districts, 40,000 streets, 600,000 communities, "
        "quarterly meetings) set-based into an empty PostgreSQL database (docs/scale.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        default = national.Country()
        parser.add_argument("--years", type=int, default=2, help="years of meetings")
        parser.add_argument("--first-year", type=int, default=2009)
        parser.add_argument("--seed", type=int, default=2010)
        parser.add_argument("--districts", type=int, default=default.districts)
        parser.add_argument("--streets", type=int, default=default.streets)
        parser.add_argument("--communities", type=int, default=default.communities)
        parser.add_argument(
            "--check", action="store_true", help="count the rows breaking a rule afterwards"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        country = national.Country(
            districts=options["districts"],
            streets=options["streets"],
            communities=options["communities"],
        )
        if not 0 < country.districts <= country.streets <= country.communities:
            raise CommandError("Need 0 < districts <= streets <= communities.")
        if options["years"] < 1:
            raise CommandError("--years must be at least 1.")
        started = time.monotonic()
        try:
            national.seed(
                country,
                years=options["years"],
                first_year=options["first_year"],
                seed=options["seed"],
                log=self.stdout.write,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"written in {time.monotonic() - started:.1f} s")
        if options["check"]:
            for rule, count in national.check().items():
                self.stdout.write(f"{rule}: {count}")
