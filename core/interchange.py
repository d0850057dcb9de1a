"""The import/export framework every CSV kind plugs into (DOMAIN.md, "Interchange formats").

A :class:`Kind` names its columns, validates one row with a Django form (the same rules
the browser forms use), checks the rows against each other and the database, and applies
them. :func:`run_import` makes the whole thing all-or-nothing: every error of the file is
collected with its row number, and nothing is written unless there are none. A dry run
goes all the way through the writes and rolls them back, so it reports exactly what a
real run would do.

Row numbers are the file's line numbers: the header is row 1, the first data row row 2,
as a spreadsheet shows them.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    # django-stubs resolves this alias to settings.AUTH_USER_MODEL (the project's User), so
    # core names the account type without importing the app that defines it.
    from django.contrib.auth.models import _User as User
from . import dataversion
from .export_safety import csv_line


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = _("row %(row)s") % {"row": self.row} if self.row else _("file")
        if self.column:
            where = f"{where}, {self.column}"
        return f"{where}: {self.message}"


class ImportFailed(Exception):  # noqa: N818 - reads as a sentence at the call site
    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda e: (e.row or 0, e.column or ""))
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass(slots=True)
class Row:
    """One data row: its line number and the form-cleaned values (the raw strings are
    dropped once the row is validated, so a big file is not held twice).

    A row with field errors keeps the values that did clean, so the checks across rows
    and against the database still see them and report their own errors too.
    """

    number: int
    data: Mapping[str, Any] = field(default_factory=dict)
    valid: bool = False

    def has(self, *keys: str) -> bool:
        """Whether these columns cleaned (a check that needs them can run)."""
        return self.valid or all(key in self.data for key in keys)


@dataclass
class ImportReport:
    kind: str
    rows: int
    dry_run: bool
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        names = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        out = [
            ngettext("%(kind)s: %(rows)s row read.", "%(kind)s: %(rows)s rows read.", self.rows)
            % {"kind": self.kind, "rows": self.rows}
        ]
        for name in names:
            out.append(
                _("%(name)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % {
                    "name": name,
                    "created": self.created[name],
                    "updated": self.updated[name],
                    "unchanged": self.unchanged[name],
                }
            )
        if self.dry_run:
            out.append(_("Dry run: nothing was saved."))
        return out

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))


Progress = Callable[[int], None]
"""Told how many more rows have been read (or written) since it was last called."""


class Kind:
    """One CSV kind. Subclasses set ``name``, ``columns``, ``row_form`` and implement
    ``check`` (cross-row and database rules), ``apply`` and ``export_rows``."""

    name: str = ""
    columns: tuple[str, ...] = ()
    row_form: type[forms.Form]
    takes_year: bool = False
    importable: bool = True
    # The rows ``make bench`` times an import of this kind at (it once was the admin page's
    # limit per request; the page now imports in the background, with no row limit).
    max_upload_rows: int = 1000

    def check(self, rows: list[Row], *, user: User | None = None) -> list[RowError]:
        return []

    def apply(self, rows: list[Row], report: ImportReport, *, user: User | None = None) -> None:
        raise NotImplementedError

    def apply_with_progress(
        self,
        rows: list[Row],
        report: ImportReport,
        *,
        user: User | None = None,
        progress: Progress | None = None,
    ) -> None:
        """:meth:`apply`, calling ``progress`` with the number of rows written as it goes
        (a kind that writes in steps overrides this; by default, once at the end)."""
        self.apply(rows, report, user=user)
        if progress is not None:
            progress(len(rows))

    def export_rows(
        self, *, year: int | None = None, user: User | None = None
    ) -> Iterable[dict[str, Any]]:
        """Rows in the stable order; ``user`` limits them to what that user may see,
        ``None`` is the whole installation (the command line)."""
        raise NotImplementedError


_REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _REGISTRY[kind.name] = kind


def kinds() -> dict[str, Kind]:
    return dict(sorted(_REGISTRY.items()))


def get_kind(name: str) -> Kind:
    try:
        return _REGISTRY[name]
    except KeyError as exc:
        raise ValueError(
            _("Unknown kind %(name)s; known kinds: %(known)s.")
            % {"name": name, "known": ", ".join(sorted(_REGISTRY))}
        ) from exc


# The file is read in chunks of this size, so its size never decides the memory used.
CHUNK_BYTES = 64 * 1024

Source = bytes | IO[bytes]
"""A whole file in memory, or a binary file object (an upload, an open file, stdin)."""


def _chunks(source: Source) -> Iterator[bytes]:
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    while chunk := stream.read(CHUNK_BYTES):
        yield chunk


def _byte_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Lines ending in ``\n``, ``\r\n`` or ``\r``, as ``io.StringIO(newline="")`` splits
    them for the csv module. Neither byte occurs inside a UTF-8 sequence, so each line
    decodes on its own."""
    pending: list[bytes] = []  # the pieces of a line not ended yet
    for chunk in chunks:
        for piece in chunk.splitlines(keepends=True):
            if pending and pending[-1].endswith(b"\r"):
                if piece == b"\n":  # \r\n cut in two by the chunk boundary
                    pending.append(piece)
                    yield b"".join(pending)
                    pending = []
                    continue
                yield b"".join(pending)
                pending = []
            pending.append(piece)
            if piece.endswith(b"\n"):
                yield b"".join(pending)
                pending = []
    if pending:
        yield b"".join(pending)


def decoded_lines(source: Source, *, errors: str = "strict") -> Iterator[str]:
    """The file's lines as text: UTF-8 with or without a BOM, decoded a line at a time.
    Anything else names the line and the byte it fails on."""
    offset = newlines = 0
    for index, line in enumerate(_byte_lines(_chunks(source))):
        skip = len(codecs.BOM_UTF8) if index == 0 and line.startswith(codecs.BOM_UTF8) else 0
        try:
            text = line[skip:].decode("utf-8", errors)
        except UnicodeDecodeError as exc:
            raise ImportFailed(
                [
                    RowError(
                        newlines + 1,
                        None,
                        _("the file is not UTF-8 (byte %(byte)s); save it as CSV UTF-8.")
                        % {"byte": offset + skip + exc.start + 1},
                    )
                ]
            ) from exc
        if text:
            yield text
        offset += len(line)
        newlines += line.count(b"\n")


def count_rows(source: Source) -> int:
    """The data rows of a file (blank ones not counted), without validating them: cheap
    enough to refuse a file before the real work. A file that does not read counts as far
    as it reads; the import itself then says what is wrong."""
    reader = csv.reader(decoded_lines(source, errors="replace"))
    count = -1  # the header
    try:
        for values in reader:
            if count < 0 or any(v.strip() for v in values):
                count += 1
    except csv.Error:
        pass
    return max(count, 0)


def read_records(source: Source, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row as its line number and its raw strings by column, one at a time.

    A bad header stops at once. After a row of the wrong shape no more rows are handed
    on, but the rest of the file is still read, so every such error is reported."""
    reader = csv.reader(decoded_lines(source))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailed([RowError(None, None, _("the file is empty."))]) from None
    except csv.Error as exc:
        raise ImportFailed([RowError(1, None, str(exc))]) from None
    header = [h.strip() for h in header]
    errors = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            errors.append(RowError(1, name, _("this column appears twice.")))
        seen.add(name)
        if name not in columns:
            errors.append(
                RowError(
                    1,
                    name or "?",
                    _("unknown column; expected only: %(cols)s.") % {"cols": ", ".join(columns)},
                )
            )
    for name in columns:
        if name not in seen:
            errors.append(RowError(1, name, _("missing column.")))
    if errors:
        raise ImportFailed(errors)

    # a row's number is the line it starts on: a quoted value may run over several lines
    start = reader.line_num + 1
    try:
        for values in reader:
            number, start = start, reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                errors.append(
                    RowError(
                        number,
                        None,
                        _("this row has %(n)s fields but the header has %(m)s.")
                        % {"n": len(values), "m": len(header)},
                    )
                )
                continue
            if not errors:
                yield number, {h: v.strip() for h, v in zip(header, values, strict=True)}
    except csv.Error as exc:
        errors.append(RowError(start, None, str(exc)))
    if errors:
        raise ImportFailed(errors)


_INVALID = object()


class _Values(Mapping[str, Any]):
    """A valid row's cleaned values, read by name (see :meth:`FastClean.compact`)."""

    __slots__ = ("_values",)
    _index: dict[str, int]

    def __init__(self, values: tuple[Any, ...]):
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._values[self._index[key]]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._values)


class FastClean:
    """A row form's validation without the form machinery, for the rows that pass it.

    Built from the form's own fields (their types, limits, choices and validators), it
    cleans a row to what ``full_clean`` gives, then runs the form's ``clean()`` on that;
    it answers ``None`` for a row with any error, and the form itself then validates that
    row, so every message stays the form's. The form machinery (bound fields, error
    lists, a dozen calls per field) was most of the time of reading a big file. A form
    with a field of another type, or a ``clean_<field>`` method, is not taken
    (:meth:`of` answers ``None``) and keeps the form path for every row."""

    def __init__(self, form: forms.Form, converters: list[tuple[str, Callable[[str], Any]]]):
        self.form = form
        self.converters = converters
        names = [name for name, _convert in converters]
        self.values: type[_Values] = type(
            "Values", (_Values,), {"_index": {n: i for i, n in enumerate(names)}}
        )

    def compact(self, data: dict[str, Any]) -> Mapping[str, Any]:
        """The row's values as a tuple named by the form's fields (a dict of ten values
        takes three times the memory, and a big file's rows are all kept for the checks
        across rows); the dict itself if ``clean()`` changed its keys."""
        index = self.values._index
        if data.keys() != index.keys():
            return data
        return self.values(tuple(data.values()))

    @classmethod
    def of(cls, form: forms.Form) -> FastClean | None:
        converters = []
        for name, f in form.fields.items():
            if hasattr(form, f"clean_{name}") or f.disabled or f.localize:
                return None
            convert = _converter(f)
            if convert is None:
                return None
            converters.append((name, convert))
        return cls(form, converters)

    def __call__(self, raw: dict[str, str]) -> dict[str, Any] | None:
        data = {}
        for name, convert in self.converters:
            value = convert(raw.get(name, ""))
            if value is _INVALID:
                return None
            data[name] = value
        form = self.form
        form.data = raw  # a clean() may read the raw values too
        form.cleaned_data = data
        form._errors = ErrorDict()  # type: ignore[attr-defined]
        try:
            cleaned = form.clean()
        except forms.ValidationError:
            return None
        if form._errors:  # type: ignore[attr-defined]
            return None
        return data if cleaned is None else cleaned


def _validated(f: forms.Field, value: Any) -> Any:
    try:
        for validator in f.validators:
            validator(value)
    except forms.ValidationError:
        return _INVALID
    return value


def _converter(f: forms.Field) -> Callable[[str], Any] | None:  # noqa: C901 - one case a type
    """How the fast path cleans a value of this field (the raw value is stripped already),
    exactly as the field does when it is valid, or ``None`` for a field it does not know."""
    empty: Any
    if type(f) is forms.IntegerField:
        if f.step_size is not None or any(
            type(v) not in (MinValueValidator, MaxValueValidator) for v in f.validators
        ):
            return None
        low = f.min_value if f.min_value is not None else -(10**18)
        high = f.max_value if f.max_value is not None else 10**18
        empty = None

        known: dict[str, int] = {}  # counts repeat: each text converted once

        def integer(text: str) -> Any:
            if (value := known.get(text)) is not None:
                return value
            if not text:
                return _INVALID if f.required else empty
            if len(text) > 18 or not _ASCII_DIGITS.match(text):
                return _INVALID  # signs, spaces, decimals: the form decides
            value = int(text)
            if not low <= value <= high:
                return _INVALID
            if len(known) < 100_000:
                known[text] = value
            return value

        return integer
    if type(f) is forms.CharField:
        if not f.strip:
            return None
        empty = f.empty_value
        cache: dict[str, str] = {}  # codes repeat: one string each, not one per row

        def text(value: str) -> Any:
            value = value.strip()  # as the field does (read_records strips already)
            if not value:
                return _INVALID if f.required else empty
            if (kept := cache.get(value)) is not None:
                return kept
            if _validated(f, value) is _INVALID:
                return _INVALID
            if len(value) <= 64 and len(cache) < 1_000_000:
                cache[value] = value
            return value

        return text
    if type(f) is forms.ChoiceField or type(f) is YesNoField:
        pairs = list(cast(Any, f).choices)
        choices = {str(k) for k, v in pairs if not isinstance(v, list | tuple)}
        if len(choices) != len(pairs):  # grouped choices
            return None
        yes_no = type(f) is YesNoField

        def choice(value: str) -> Any:
            if not value:
                return _INVALID if f.required else (False if yes_no else "")
            if value not in choices or _validated(f, value) is _INVALID:
                return _INVALID
            return value == "yes" if yes_no else value

        return choice
    if type(f) is IsoDateField:
        dates: dict[str, datetime.date] = {}

        def date(text: str) -> Any:
            if not text:
                return _INVALID if f.required else None
            if (day := dates.get(text)) is not None:
                return day
            if not ISO_DATE.match(text):
                return _INVALID
            try:
                day = datetime.date.fromisoformat(text)
            except ValueError:
                return _INVALID
            if _validated(f, day) is _INVALID:
                return _INVALID
            dates[text] = day
            return day

        return date
    return None


_ASCII_DIGITS = re.compile(r"[0-9]+\Z")


def read_rows(
    kind: Kind, source: Source, *, progress: Progress | None = None
) -> tuple[list[Row], list[RowError]]:
    """Read and validate the file a row at a time: only each row's cleaned values are
    kept, never the file or its raw strings. Returns the rows and their field errors."""
    rows: list[Row] = []
    errors: list[RowError] = []
    # One form, bound to each row in turn: a new form per row deep-copies its fields, which
    # took 70% of the time of reading a big file. full_clean() starts from nothing each
    # time (new cleaned_data and errors), so no row sees another's values.
    form = kind.row_form(data={})
    fast = FastClean.of(form)
    for number, raw in read_records(source, kind.columns):
        if progress is not None and len(rows) % 1000 == 999:
            progress(1000)
        if fast is not None and (data := fast(raw)) is not None:
            rows.append(Row(number, data=fast.compact(data), valid=True))
            continue
        # the form itself: a row the fast path does not take, with the form's messages
        form.data = raw
        form._errors = None  # type: ignore[attr-defined]  # rebound: full_clean starts afresh
        valid = form.is_valid()
        # partial when the row has errors
        rows.append(Row(number, data=form.cleaned_data, valid=valid))
        if not valid:
            for column, messages in form.errors.items():
                for message in messages:
                    errors.append(
                        RowError(number, None if column == "__all__" else column, str(message))
                    )
    return rows, errors


def _phase(progress: Callable[[str, int], None] | None, phase: str) -> Progress | None:
    if progress is None:
        return None
    return lambda rows: progress(phase, rows)


def run_import(
    kind_name: str,
    source: Source,
    *,
    dry_run: bool = False,
    user: User | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> ImportReport:
    """Import a whole file or nothing. Raises :class:`ImportFailed` with every error.

    ``source`` is the file's bytes or a binary file object, read in chunks: memory grows
    with the cleaned rows (kept for the checks across rows), not with the file.

    ``progress``, if given, is told the phase ("read", then "write") and how many more
    rows went through it since the last call."""
    kind = get_kind(kind_name)
    if not kind.importable:
        raise ImportFailed(
            [RowError(None, None, _("%(kind)s is export-only.") % {"kind": kind_name})]
        )
    rows, errors = read_rows(kind, source, progress=_phase(progress, "read"))
    # Every row is also checked against the others and the database, with whatever of it
    # cleaned, so one run reports every error of the file.
    errors += kind.check(rows, user=user)
    if errors:
        raise ImportFailed(errors)
    report = ImportReport(kind=kind.name, rows=len(rows), dry_run=dry_run)
    with transaction.atomic():
        kind.apply_with_progress(rows, report, user=user, progress=_phase(progress, "write"))
        if dry_run:
            transaction.set_rollback(True)
        elif report.changed:
            dataversion.bump()  # bulk writes send no signals
    return report


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


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


class YesNoField(forms.ChoiceField):
    """The CSV booleans: exactly ``yes`` or ``no``."""

    def __init__(self, **kwargs: Any):
        super().__init__(choices=[("yes", "yes"), ("no", "no")], **kwargs)

    def clean(self, value: Any) -> bool:
        return super().clean(value) == "yes"


ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class IsoDateField(forms.DateField):
    """The CSV dates: ISO (2009-09-30), nothing else (DOMAIN.md). Not Django's
    DATE_INPUT_FORMATS (01/02/2010 is ambiguous), not ``2009-9-30``, not full-width digits
    (``strptime`` takes any Unicode digit), not Python's other ISO 8601 forms (20090930)."""

    default_error_messages = {
        "invalid": gettext_lazy("Enter the date as YYYY-MM-DD, for example 2009-09-30."),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        try:
            if not ISO_DATE.match(text):
                raise ValueError(text)
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
