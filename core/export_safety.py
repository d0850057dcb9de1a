"""Downloads that people open in a spreadsheet cannot attack them.

A resident's words reach the exports unchanged: a grievance summary such as
``=HYPERLINK("http://x","y")`` would run as a formula when the file is opened. Every CSV
and XLSX download meant for people (the list pages, the ranking pages, the admin's CSV
export) is written through this module:

- CSV: a text cell beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets
  a leading apostrophe, OWASP's rule against CSV injection
  (https://owasp.org/www-community/attacks/CSV_Injection). Numbers, Decimals, dates and
  empty cells keep their type, so ``-2.50`` stays a number. A cell holding a line break
  (CR or LF) is always quoted, so it cannot start a row of its own.
- XLSX: text is always stored as a string, never as a formula, and the cells beginning
  with one of those characters carry Excel's quote prefix, so editing them keeps them text.
  The text itself is unchanged: a string cell in XLSX is not evaluated.

The machine interchange (``manage.py export_csv``, ``manage.py rankings``) stays exact, byte
for byte, so its files import back unchanged: those commands write without this module.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import openpyxl
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django_tables2.columns import BooleanColumn
from django_tables2.export import ExportMixin, TableExport
from django_tables2.utils import Accessor
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Values of these types are data, not text: they keep their type in every writer.
TYPED = (bool, int, float, Decimal, datetime.date, datetime.time)

DATA_SHEET = "data"  # the second sheet of every XLSX for people: machine column names
# Excel on a Chinese desktop reads a CSV without a byte order mark in the local code page
# (GBK) and garbles every Chinese name: the CSVs for people start with one.
BOM = "\ufeff"

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet would read this text as the start of a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(value: Any) -> Any:
    """One CSV cell for people: text that could start a formula gets a leading apostrophe.

    ``None`` and the types of :data:`TYPED` are returned as they are; anything else is
    text (its ``str``), neutralised when it begins with one of :data:`FORMULA_TRIGGERS`.
    """
    if value is None or isinstance(value, TYPED):
        return value
    text = str(value)
    return "'" + text if is_dangerous(text) else text


def _same(value: Any) -> Any:
    return value


def csv_line(
    values: Iterable[Any], *, text: Callable[[Any], Any] = _same, lineterminator: str = "\r\n"
) -> str:
    """One CSV row for people: each cell neutralised, then written with ``text`` (how the
    file writes numbers, say), and quoted whenever it holds a line break of either kind.

    Python's csv module quotes only the characters of its own line terminator: with
    ``\n`` a bare CR would be left unquoted, and a spreadsheet starts a new row there,
    whose first cell is whatever follows, a formula included.
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([text(neutralise(v)) for v in values])
    return buffer.getvalue()[: -len("\r\n")] + lineterminator


def csv_text(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    text: Callable[[Any], Any] = _same,
    lineterminator: str = "\r\n",
) -> str:
    """A whole CSV for people: the header, then the rows, each through :func:`csv_line`."""
    return "".join(
        csv_line(values, text=text, lineterminator=lineterminator) for values in (header, *rows)
    )


def _xlsx_value(value: Any) -> Any:
    """A value openpyxl stores with its type: aware datetimes become local and naive
    (Excel has no time zones), text loses the control characters XLSX cannot hold."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.time):
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", str(value))


def xlsx_bytes(
    *,
    title: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    decimal_format: str = "0.00",
    data: tuple[Sequence[Any], Iterable[Sequence[Any]]] | None = None,
) -> bytes:
    """A workbook for people: a bold, frozen header row, then the rows.

    Text cells are strings, never formulas; Decimals are numbers shown with
    ``decimal_format``; dates are dates. ``data`` (header, rows) adds a second sheet named
    ``data`` with the stable machine columns, for whoever reads the file with a program.
    """
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    _fill_sheet(sheet, title, header, rows, decimal_format)
    if data is not None:
        _fill_sheet(book.create_sheet(), DATA_SHEET, data[0], data[1], decimal_format)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill_sheet(
    sheet: Any,
    title: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    decimal_format: str,
) -> None:
    sheet.title = "".join("-" if c in "\\*?:/[]" else c for c in title)[:31] or "Sheet"
    widths: dict[int, int] = {}
    bold = Font(bold=True)
    for r, values in enumerate([header, *rows], start=1):
        for c, raw in enumerate(values, start=1):
            value = _xlsx_value(raw)
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # a string, even when it starts with "="
                if is_dangerous(value):
                    cell.quotePrefix = True
            elif isinstance(raw, Decimal):
                cell.number_format = decimal_format
            if r == 1:
                cell.font = bold
            widths[c] = max(widths.get(c, 0), len(str(value)) if value is not None else 0)
    sheet.freeze_panes = "A2"
    for c, width in widths.items():
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width, 6) + 2, 60)


def _machine(column: Any, record: Any) -> Any:
    """A cell's stored value: the model field behind the column (``get_kind_display`` gives
    way to ``kind``), without calling anything else."""
    accessor = str(column.accessor)
    if accessor.startswith("get_") and accessor.endswith("_display"):
        accessor = accessor[len("get_") : -len("_display")]
    value = Accessor(accessor).resolve(record, quiet=True)
    return None if callable(value) else value


def _data_cells(table: Any, column: Any, record: Any) -> list[Any]:
    """A row's cells of the data sheet for one column of the table."""
    data = getattr(table, f"data_{column.name}", None)
    if data is None:
        return [_machine(column, record)]
    value = data(record)
    return list(value) if isinstance(value, tuple) else [value]


class SafeTableExport(TableExport):
    """django-tables2's export, for people: CSV and XLSX only, both through this module.

    The other formats of ``TableExport`` (TSV, ODS, JSON...) are not offered: a list page
    asked for them renders as the page.
    """

    FORMATS = {
        TableExport.CSV: TableExport.FORMATS[TableExport.CSV],
        TableExport.XLSX: TableExport.FORMATS[TableExport.XLSX],
    }

    @classmethod
    def is_valid_format(cls, export_format: str | None) -> bool:
        return export_format in cls.FORMATS

    def __init__(
        self,
        export_format: str,
        table: Any,
        exclude_columns: Iterable[str] | None = None,
        dataset_kwargs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(export_format, table, exclude_columns, dataset_kwargs)
        excluded = set(exclude_columns or ())
        columns = [
            c
            for c in table.columns.iterall()
            if not (c.column.exclude_from_export or c.name in excluded)
        ]
        # the data sheet: each column's stored value (keys, booleans, dates), not its words;
        # a table may name a column's machine columns (``data_names``) and give their
        # values (``data_<column>(record)``: one value, or a tuple for several columns)
        names = getattr(table, "data_names", {})
        self.names = [n for c in columns for n in names.get(c.name, (c.name,))]
        self.machine = [
            [v for c in columns for v in _data_cells(table, c, row.record)] for row in table.rows
        ]
        self.booleans = {i for i, c in enumerate(columns) if isinstance(c.column, BooleanColumn)}

    def _for_people(self, rows: list[list[Any]]) -> list[list[Any]]:
        """Yes and no in the page's language, where the table shows a boolean."""
        words = {"True": gettext("yes"), "False": gettext("no")}
        return [
            [
                words.get(v, v) if i in self.booleans and isinstance(v, str) else v
                for i, v in enumerate(row)
            ]
            for row in rows
        ]

    def export(self) -> str | bytes:
        header = self.dataset.headers or []
        rows = [list(r) for r in self.dataset]
        if self.format == self.XLSX:
            return xlsx_bytes(
                title=self.dataset.title or "",
                header=header,
                rows=self._for_people(rows),
                data=(self.names, self.machine),
            )
        # tablib's layout: CRLF line ends
        return BOM + csv_text(header, self._for_people(rows))


class SafeExportMixin(ExportMixin):
    """The CSV/XLSX export of every list page (django-tables2 ``ExportMixin``)."""

    export_class = SafeTableExport
    export_formats = (TableExport.CSV, TableExport.XLSX)


def attachment(content: str | bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
