"""Running an import: the file read and validated a row at a time, checked across rows
and against the database, then written all or nothing (or rolled back for a dry run)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from .. import dataversion
from .fastclean import FastClean
from .reading import Source, read_records
from .registry import Kind, Progress, get_kind
from .report import ImportFailed, ImportReport, Row, RowError

if TYPE_CHECKING:
    # django-stubs resolves this alias to settings.AUTH_USER_MODEL (the project's User), so
    # core names the account type without importing the app that defines it.
    from django.contrib.auth.models import _User as User


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
    outcome: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Import a whole file or nothing. Raises :class:`ImportFailed` with every error.

    ``source`` is the file's bytes or a binary file object, read in chunks: memory grows
    with the cleaned rows (kept for the checks across rows), not with the file.

    ``progress``, if given, is told the phase ("read", then "write") and how many more
    rows went through it since the last call.

    ``outcome``, if given, is called with the report inside the import's transaction, after
    the rows are written (a dry run: after its rollback): what it records (the admin
    upload's report) commits with the rows or not at all."""
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
        else:
            if report.changed:
                dataversion.bump()  # bulk writes send no signals
            if outcome is not None:
                outcome(report)
    if dry_run and outcome is not None:
        outcome(report)
    return report
