import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from core import interchange


class Command(BaseCommand):
    help = "Import a CSV file of one kind, all or nothing (DOMAIN.md, Interchange formats)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(interchange.kinds()))
        parser.add_argument("file", help="path of the CSV file, or - for standard input")
        parser.add_argument("--dry-run", action="store_true", help="check and report, save nothing")

    def handle(self, *args: Any, kind: str, file: str, dry_run: bool, **options: Any) -> None:
        if file == "-":
            data = sys.stdin.buffer.read()
        else:
            try:
                data = Path(file).read_bytes()
            except OSError as exc:
                raise CommandError(
                    _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
                ) from exc
        try:
            report = interchange.run_import(kind, data, dry_run=dry_run)
        except interchange.ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)s error(s); nothing was imported.") % {"count": len(failed.errors)}
            ) from None
        for line in report.lines():
            self.stdout.write(line)
