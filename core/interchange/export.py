"""Writing a kind's rows as CSV: the exact file for programs (``export_csv``), and the
download for people, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..export_safety import csv_line
from .registry import get_kind

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    # django-stubs resolves this alias to settings.AUTH_USER_MODEL (the project's User), so
    # core names the account type without importing the app that defines it.
    from django.contrib.auth.models import _User as User


def write_csv(kind_name: str, out: SupportsWrite[str], *, year: int | None = None) -> int:
    """The exact interchange CSV of ``manage.py export_csv``: every value as it is stored,
    so the file imports back unchanged."""
    kind = get_kind(kind_name)
    writer = csv.DictWriter(out, fieldnames=list(kind.columns), lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in kind.export_rows(year=year):
        writer.writerow(row)
        count += 1
    return count


def iter_csv_for_people(
    kind_name: str, *, year: int | None = None, user: User | None = None
) -> Iterator[str]:
    """The export for a person's download (the admin's), as chunks of text for a streaming
    HTTP response: the rows of :func:`write_csv`, written through :mod:`core.export_safety`
    so that no cell runs as a formula when the file is opened in a spreadsheet. A text
    that begins like a formula gains a leading apostrophe; :func:`write_csv` is the exact
    file for programs."""
    kind = get_kind(kind_name)
    columns = list(kind.columns)
    buffer = io.StringIO()
    buffer.write(csv_line(columns, lineterminator="\n"))
    for row in kind.export_rows(year=year, user=user):
        buffer.write(csv_line([row[c] for c in columns], lineterminator="\n"))
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
