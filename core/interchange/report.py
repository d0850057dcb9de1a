"""What an import says: a row as read, an error with its row number, the failure that
carries every error of a file, and the report of what was (or would be) written."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


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
