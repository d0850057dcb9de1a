"""Who changed a row, and why: what django-simple-history writes into the history.

simple-history reads two private attributes of the instance when it saves or deletes it
(``_history_user`` and ``_change_reason``, its documented way to name the user outside a
request); every write of the project sets them through :func:`attribute_history`.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.utils.translation import gettext

# the reason an import writes on every row it creates or changes (core.interchange and the
# kinds of the apps): a code, shown in the reader's language
IMPORT_REASON = "import"

U = TypeVar("U", bound=AbstractBaseUser)


def reason_shown(reason: str | None) -> str:
    """A history entry's reason as a page shows it: what a person typed as typed, the
    import's code in words (it read "原因： import" on the Chinese pages)."""
    if reason == IMPORT_REASON:
        return gettext("recorded from an uploaded file (CSV import)")
    return reason or ""


def recorded_user(user: U | AnonymousUser | None) -> U | None:
    """The account to record as the author of a change: nobody for a command or an import
    run without one (``None``), an anonymous or an unsaved user."""
    if user is None or isinstance(user, AnonymousUser) or not user.pk:
        return None
    return user


def attribute_history(
    obj: Model, user: AbstractBaseUser | AnonymousUser | None, reason: str | None = None
) -> None:
    """Record ``user`` (see :func:`recorded_user`) and ``reason`` in the history entry of
    ``obj``'s next save or delete."""
    # simple-history's documented hooks are plain instance attributes a Model doesn't declare
    obj._history_user = recorded_user(user)  # type: ignore[attr-defined]
    if reason is not None:
        obj._change_reason = reason  # type: ignore[attr-defined]
