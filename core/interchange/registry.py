"""The kinds of CSV file (:class:`Kind`) and the registry every app adds its kinds to in
its ``AppConfig.ready``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext as _

from .report import ImportReport, Row, RowError

if TYPE_CHECKING:
    # django-stubs resolves this alias to settings.AUTH_USER_MODEL (the project's User), so
    # core names the account type without importing the app that defines it.
    from django.contrib.auth.models import _User as User


Progress = Callable[[int], None]
"""Told how many more rows have been read (or written) since it was last called."""


class Kind:
    """One CSV kind. Subclasses set ``name``, ``columns``, ``row_form`` and implement
    ``check`` (cross-row and database rules), ``apply`` and ``export_rows``."""

    name: str = ""
    verbose_name: Any = ""  # what people read (a lazy translation); ``name`` is the code
    columns: tuple[str, ...] = ()
    row_form: type[forms.Form]
    takes_year: bool = False
    importable: bool = True
    # The rows ``make bench`` times an import of this kind at (it once was the admin page's
    # limit per request; the page now imports in the background, with no row limit).
    max_upload_rows: int = 1000

    @property
    def label(self) -> str:
        """The kind in the reader's language (its code where it has no name)."""
        return str(self.verbose_name or self.name)

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
