"""The admin's stale forms: no silent overwrite of someone else's save (issue 22, item 5).

The pages carry the version a form was opened at (:mod:`core.concurrency`); Django's admin
carries nothing, so two administrators editing a community, or an administrator's policy
form opened before a city official saved the policy page, undid each other's save.

:class:`StaleAdminMixin` gives every change form a hidden field holding what the row was
when the form was opened, and checks it when the form is posted, under a lock on the row
(in the admin's transaction, so nothing can save between the check and the save):

- a versioned row (:class:`core.models.Versioned`: a yearly policy, a representative...)
  is checked by its version, exactly as its page does, with the same refusal
  (:func:`core.concurrency.conflict`: who saved since, and what changed);
- any other row by a digest of the values the form edits, and the latest historical
  record (simple-history) at that moment, which tells who saved since and what changed.

A stale form is refused above the form, with what the administrator typed kept and the
current state in the hidden field: saving again, after reading what changed, goes through.
Adding a row has nothing to be stale against (the unique constraints refuse a duplicate).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .concurrency import StaleEdit, conflict, field_changes, saves_since
from .forms import set_posted_value
from .models import Versioned

STATE_FIELD = "_loaded_state"
MISSING_STATE = _("This form came without the version it was opened at; reload the page.")


def _history(model: type[models.Model], pk: Any) -> models.QuerySet[Any] | None:
    history = getattr(model, "history", None)
    if history is None:
        return None
    return history.filter(**{model._meta.pk.name: pk})


def _latest_record_id(model: type[models.Model], pk: Any) -> int:
    history = _history(model, pk)
    if history is None:
        return 0
    latest = history.order_by("-history_date", "-history_id").values_list("history_id", flat=True)
    return latest.first() or 0


def edited_fields(model: type[models.Model], form_class: type[forms.BaseForm]) -> list[str]:
    """The row's concrete fields the form edits, by name (a form's own fields aside)."""
    concrete = {f.name for f in model._meta.concrete_fields}
    return [name for name in getattr(form_class, "base_fields", {}) if name in concrete]


def row_state(
    model: type[models.Model], pk: Any, fields: list[str], *, lock: bool = False
) -> str | None:
    """What a form of these fields sees of the row now, as one short text (None: the row
    is gone): its version for a versioned row; otherwise the latest historical record and
    a digest of the values."""
    rows = model._default_manager.filter(pk=pk)
    if lock:
        rows = rows.select_for_update(of=("self",))
    if issubclass(model, Versioned):
        version = rows.values_list("version", flat=True).first()
        return None if version is None else f"v{version}"
    columns = {f.name: f.attname for f in model._meta.concrete_fields}
    attnames = [columns[f] for f in fields]
    values = rows.values_list(*attnames).first() if attnames else rows.values_list("pk").first()
    if values is None:
        return None
    digest = hashlib.sha256(repr(tuple(values)).encode()).hexdigest()[:32]
    return f"h{_latest_record_id(model, pk)}:{digest}"


def same_state(seen: str, now: str) -> bool:
    """Whether a form opened at ``seen`` still sees the row: the same version, or the same
    values (a save that changed nothing leaves a historical record, not a new state)."""
    if now.startswith("v"):
        return seen == now
    return seen.startswith("h") and seen.partition(":")[2] == now.partition(":")[2]


def _number(text: str) -> int | None:
    """A version or record id posted back: ASCII digits within an integer column, or None
    (a tampered value is a stale form, never a database error)."""
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    return None


def stale_edit(model: type[models.Model], pk: Any, seen: str, fields: list[str]) -> StaleEdit:
    """The refusal of a form opened at state ``seen``: who saved since, what changed."""
    history = _history(model, pk)
    current = model._default_manager.filter(pk=pk).first()
    if history is None:
        return StaleEdit(saves=[], changes=[], version=0)
    tracked = {f.name for f in history.model._meta.fields}
    fields = [f for f in fields if f in tracked]  # the history may leave some out (password)
    if issubclass(model, Versioned):
        version = _number(seen[1:]) if seen.startswith("v") else None
        return conflict(
            model=model, history=history, version=version or 0, current=current, fields=fields
        )
    record_id = _number(seen[1:].partition(":")[0]) if seen.startswith("h") else None
    record = None if record_id is None else history.filter(history_id=record_id).first()
    ordered = history.order_by("history_date", "history_id")
    if record is None:  # a form without a known record: who saved last, not what changed
        latest = ordered.last()
        saves = [] if latest is None else saves_since(history.filter(pk=latest.pk), None)
        return StaleEdit(saves=saves, changes=[], version=0)
    return StaleEdit(
        saves=saves_since(history, record),
        changes=field_changes(model, record, ordered.last(), fields),
        version=0,
    )


class StaleCheckedForm(forms.ModelForm):
    """A model form that refuses to save over a row changed since it was opened."""

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        pk = self.instance.pk
        if pk is None or self.instance._state.adding:
            return data
        model = type(self.instance)
        fields = edited_fields(model, type(self))
        seen = self.data.get(self.add_prefix(STATE_FIELD), "")
        if not seen:  # as a page's form without its version (core.forms.VersionField)
            raise ValidationError(MISSING_STATE)
        with transaction.atomic():  # in the admin's own transaction: locked until it ends
            now = row_state(model, pk, fields, lock=True)
            if now is not None and not same_state(seen, now):
                stale = stale_edit(model, pk, seen, fields)
                self._keep_for_retry(now)
                raise stale
        return data

    def _keep_for_retry(self, state: str) -> None:
        """The form keeps what was typed, and now carries the row's current state."""
        set_posted_value(self, STATE_FIELD, state)


class StaleAdminMixin:
    """Every change form of the admin refuses to overwrite a row saved since it was
    opened (see the module). Put it before the ModelAdmin class."""

    model: Any

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))  # type: ignore[misc]
        if obj is not None and STATE_FIELD not in flatten_fieldsets(fieldsets):
            fieldsets.append((None, {"fields": [STATE_FIELD]}))
        return fieldsets

    def get_form(
        self,
        request: HttpRequest,
        obj: Any = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[Any]]:
        # Django's own get_form takes the fields from the fieldsets, where the state is
        # shown (hidden): the model has no such field, so it is left out there
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [f for f in kwargs["fields"] if f != STATE_FIELD]
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        if obj is None or obj.pk is None:
            return form
        fields = edited_fields(self.model, form)
        known: dict[Any, str] = request.__dict__.setdefault("_admin_row_states", {})
        key = (self.model, obj.pk, tuple(fields))
        if key not in known:  # the admin asks for its form several times a request
            known[key] = row_state(self.model, obj.pk, fields) or ""
        state = known[key]
        field = forms.CharField(widget=forms.HiddenInput, required=False, initial=state)
        return type(form.__name__, (StaleCheckedForm, form), {STATE_FIELD: field})
