import sys
from contextlib import nullcontext
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import interchange


class Command(BaseCommand):
    help = (
        "Import a CSV file of one kind, all or nothing (DOMAIN.md, Interchange formats). "
        "The file is read as a stream, so any size goes; the admin page takes smaller files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(interchange.kinds()))
        parser.add_argument("file", help="path of the CSV file, or - for standard input")
        parser.add_argument("--dry-run", action="store_true", help="check and report, save nothing")

    def handle(self, *args: Any, kind: str, file: str, dry_run: bool, **options: Any) -> None:
        try:
            with nullcontext(sys.stdin.buffer) if file == "-" else open(file, "rb") as stream:
                report = interchange.run_import(kind, stream, dry_run=dry_run)
        except interchange.ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(str(error))
            raise CommandError(
                ngettext(
                    "%(count)s error; nothing was imported.",
                    "%(count)s errors; nothing was imported.",
                    len(failed.errors),
                )
                % {"count": len(failed.errors)}
            ) from None
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            ) from exc
        for line in report.lines():
            self.stdout.write(line)
