"""Optimistic concurrency: no silent overwrite of someone else's save.

A versioned row (:class:`core.models.Versioned`) carries a ``version``; a form carries the
version it was loaded at (0: the row did not exist yet). The service locks the row with
``select_for_update()``, compares, and raises :class:`StaleEdit` when they differ. The
refusal says who saved since, when, and which fields went from what to what: every
historical record (simple-history) carries the version, so the record at the user's
version is what they saw, and ``diff_against`` gives the changes since. The view shows the
refusal above the user's own entry, kept as typed, with the current version in the form:
saving again, after reading what changed, is a deliberate choice.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from simple_history.models import DeletedObject

from .models import Versioned

EMPTY = "—"
TEXT_LENGTH = 60
BOOKKEEPING = frozenset({"created_at", "updated_at", "version"})


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The row's own values (not its bookkeeping), to tell a real change from a no-op."""
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.name not in BOOKKEEPING
    }


def bump_if_changed(instance: Versioned, before: dict[str, Any]) -> bool:
    """A new version when a value differs from ``before``; says whether it did."""
    if snapshot(instance) == before:
        return False
    instance.version += 1
    return True


def display(field: models.Field[Any, Any], value: Any) -> str:
    """A value as a person reads it: a choice's label, a date, yes/no, — for nothing."""
    if isinstance(value, DeletedObject):  # simple-history's stand-in for a missing relation
        value = None if value.pk is None else value
    if field.choices and not isinstance(value, models.Model):
        labels = dict(field.flatchoices)
        if value in labels:
            return str(labels[value])
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return Truncator(" ".join(str(value).split())).chars(TEXT_LENGTH)


def model_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """A concrete field of ``model`` (with its verbose name), by name."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return field


def who(user: Any) -> str:
    return str(user) if user is not None else _("import or system")


@dataclass(frozen=True)
class Save:
    """One save by someone else since the form was loaded."""

    who: str
    when: datetime.datetime
    kind: str  # simple-history's type: + created, ~ changed, - deleted

    def __str__(self) -> str:
        values = {"who": self.who, "when": timezone.localtime(self.when).strftime("%Y-%m-%d %H:%M")}
        if self.kind == "+":
            return _("%(who)s created it at %(when)s") % values
        if self.kind == "-":
            return _("%(who)s deleted it at %(when)s") % values
        return _("%(who)s saved it at %(when)s") % values


@dataclass(frozen=True)
class Change:
    """One field that changed: "到会居民代表: 8 → 9", or, for a part such as one
    official's tally, "袁海燕: 不满意 1 → 3"."""

    label: str
    old: str
    new: str
    subject: str = ""

    def __str__(self) -> str:
        if self.subject:
            return _("%(subject)s: %(label)s %(old)s → %(new)s") % {
                "subject": self.subject,
                "label": self.label,
                "old": self.old,
                "new": self.new,
            }
        return _("%(label)s: %(old)s → %(new)s") % {
            "label": capfirst(self.label),
            "old": self.old,
            "new": self.new,
        }


class StaleEdit(ValidationError):
    """A save refused because the row changed since the user loaded the form.

    ``version`` is the row's current version (0 if it is gone): the form is re-shown with
    it, so that saving again, after reading ``saves`` and ``changes``, goes through. It is a
    ValidationError, so a caller that only knows those still shows a clear message.
    """

    def __init__(self, *, saves: Sequence[Save], changes: Sequence[Change], version: int):
        self.saves = list(saves)
        self.changes = list(changes)
        self.version = version
        super().__init__({NON_FIELD_ERRORS: [self.text()]})

    @property
    def created(self) -> bool:
        """The row did not exist when the form was loaded: someone has just created it."""
        return any(s.kind == "+" for s in self.saves)

    @property
    def deleted(self) -> bool:
        return self.version == 0

    def text(self) -> str:
        parts = [_("Not saved: this was changed by someone else after you opened the form.")]
        if self.saves:
            parts.append("; ".join(str(s) for s in self.saves) + ".")
        if self.changes:
            parts.append(
                _("What changed: %(changes)s.") % {"changes": "; ".join(map(str, self.changes))}
            )
        parts.append(_("Your entry is kept in the form; check it against theirs, then save again."))
        return " ".join(parts)


def _ordered(history: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return history.order_by("history_date", "history_id")


def record_at(history: models.QuerySet[Any], version: int) -> Any:
    """The historical record of what a form loaded at ``version`` showed: the last one
    with that version (a save that changed nothing keeps the version)."""
    if version <= 0:
        return None
    return _ordered(history.filter(version=version)).exclude(history_type="-").last()


def saves_since(history: models.QuerySet[Any], seen: Any) -> list[Save]:
    """Who saved after the record ``seen`` (after nothing: every save, from the creation)."""
    later = history if seen is None else history.filter(history_date__gt=seen.history_date)
    return [
        Save(who=who(r.history_user), when=r.history_date, kind=r.history_type)
        for r in _ordered(later).select_related("history_user")
    ]


def field_changes(
    model: type[models.Model],
    seen: Any,
    latest: Any,
    fields: Iterable[str],
) -> list[Change]:
    """Fields that differ between two historical records, in the order given, with their
    labels; with nothing seen, every field the latest record fills in."""
    if latest is None or latest.history_type == "-":
        return []
    fields = list(fields)
    if seen is None:
        pairs = [(f, None, getattr(latest, f)) for f in fields]
    else:
        delta = latest.diff_against(seen, included_fields=fields, foreign_keys_are_objs=True)
        found = {c.field: (c.old, c.new) for c in delta.changes}
        pairs = [(f, *found[f]) for f in fields if f in found]
    changes = []
    for name, old, new in pairs:
        field = model_field(model, name)
        before, after = display(field, old), display(field, new)
        if before != after:
            changes.append(Change(label=str(field.verbose_name), old=before, new=after))
    return changes


def conflict(
    *,
    model: type[models.Model],
    history: models.QuerySet[Any],
    version: int,
    current: models.Model | None,
    fields: Iterable[str],
) -> StaleEdit:
    """The refusal of a save made at ``version`` on a row now at ``current``'s version.

    ``history`` is the historical records of that one row, deleted or not."""
    seen = record_at(history, version)
    latest = _ordered(history).last()
    if seen is None and version > 0:
        # a version the history does not know: say who saved last, not what changed
        saves = [] if latest is None else saves_since(history.filter(pk=latest.pk), None)
        changes: list[Change] = []
    else:
        saves = saves_since(history, seen)
        changes = field_changes(model, seen, latest, fields)
    return StaleEdit(saves=saves, changes=changes, version=getattr(current, "version", 0))
