"""The writes of the entry page's promise rows (:mod:`.entry`): each in a savepoint, its
refusal put on the row's own fields; a promise changed or removed since the page was
opened is refused as stale (:class:`core.concurrency.StaleEdit`)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from core.concurrency import StaleEdit, conflict
from core.forms import set_posted_value

from ..models import Promise
from . import services
from .forms import PromiseRowForm, VerdictForm


def current(promise: Promise, version: int | None) -> Promise:
    """The promise as stored now (it may have been removed since the form was opened)."""
    current = Promise.objects.filter(pk=promise.pk).select_related("meeting").first()
    if current is None:
        raise stale(promise.pk, version)
    return current


def stale(pk: int, version: int | None) -> StaleEdit:
    return conflict(
        model=Promise,
        history=Promise.history.filter(id=pk),
        version=version or 0,
        current=None,
        fields=services.PROMISE_FIELDS,
    )


# a service's field, on the entry page's rows
ROW_FIELDS = {"number": NON_FIELD_ERRORS}
VERDICT_FIELDS = {"judged_at": "kept_votes", "due_on": "renew_due_on", "text": "renew_text"}


def attempt(form: PromiseRowForm | VerdictForm, write: Callable[[], None]) -> bool:
    """Run one row's write in a savepoint; its ValidationError goes on the row's fields
    (StaleEdit goes up, the row then carrying the current version)."""
    try:
        with transaction.atomic():
            write()
    except StaleEdit as stale:
        set_posted_value(form, "version", str(stale.version))
        stale.form = form  # type: ignore[attr-defined]
        raise
    except ValidationError as exc:
        _add_errors(form, exc)
        return False
    return True


def _add_errors(form: PromiseRowForm | VerdictForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        field = "renew_due_on" if isinstance(form, VerdictForm) else None
        for message in exc.messages:
            form.add_error(field, message)
        return
    fields = VERDICT_FIELDS if isinstance(form, VerdictForm) else ROW_FIELDS
    for key, messages in exc.message_dict.items():
        field = fields.get(key, key)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
