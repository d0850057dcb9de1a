"""The import/export framework every CSV kind plugs into (DOMAIN.md, "Interchange formats").

A :class:`Kind` names its columns, validates one row with a Django form (the same rules
the browser forms use), checks the rows against each other and the database, and applies
them. :func:`run_import` makes the whole thing all-or-nothing: every error of the file is
collected with its row number, and nothing is written unless there are none. A dry run
goes all the way through the writes and rolls them back, so it reports exactly what a
real run would do.

Row numbers are the file's line numbers: the header is row 1, the first data row row 2,
as a spreadsheet shows them.

The package, one module per job: :mod:`.report` (rows, errors, the report),
:mod:`.registry` (:class:`Kind` and the registry), :mod:`.reading` (decoding and the
header), :mod:`.fastclean` (validation without the form machinery), :mod:`.running`
(:func:`run_import`), :mod:`.export` (the CSV written out) and :mod:`.fields` (the shared
CSV fields). Callers import the package: ``from core import interchange``.
"""

from .export import iter_csv_for_people, write_csv
from .fastclean import FastClean
from .fields import ISO_DATE, IsoDateField, YesNoField, yes_no
from .reading import CHUNK_BYTES, Source, count_rows, decoded_lines, read_records
from .registry import Kind, Progress, get_kind, kinds, register
from .report import ImportFailed, ImportReport, Row, RowError
from .running import read_rows, run_import

__all__ = [
    "CHUNK_BYTES",
    "ISO_DATE",
    "FastClean",
    "ImportFailed",
    "ImportReport",
    "IsoDateField",
    "Kind",
    "Progress",
    "Row",
    "RowError",
    "Source",
    "YesNoField",
    "count_rows",
    "decoded_lines",
    "get_kind",
    "iter_csv_for_people",
    "kinds",
    "read_records",
    "read_rows",
    "register",
    "run_import",
    "write_csv",
    "yes_no",
]
