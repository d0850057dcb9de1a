from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from core import interchange


class Command(BaseCommand):
    help = "Write one kind as CSV to standard output, for the whole installation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(interchange.kinds()))
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args: Any, kind: str, year: int | None, **options: Any) -> None:
        if year is not None and not interchange.get_kind(kind).takes_year:
            raise CommandError(_("%(kind)s has no year.") % {"kind": kind})
        interchange.write_csv(kind, self.stdout, year=year)
