"""Reading a file: UTF-8 decoded a line at a time from chunks of bytes, the header
checked against a kind's columns, each data row handed on with its line number."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO

from django.utils.translation import gettext as _

from .report import ImportFailed, RowError

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
