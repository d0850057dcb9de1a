"""A promise's history of changes, newest first, with what changed (one query)."""

from __future__ import annotations

from typing import Any

from core.concurrency import display, model_field
from core.history import reason_shown

from ..models import Promise

FIELDS = ["text", "due_on", "done_on", "done_text", "kept_votes", "not_kept_votes"]
OWNER_FIELDS = ["official_id", "department_id"]


def promise_history(promise: Promise) -> list[dict[str, Any]]:
    entries = []
    before = None
    for record in promise.history.select_related("history_user").order_by("history_date"):
        changes = []
        for name in FIELDS:
            old: Any = getattr(before, name) if before else None
            new: Any = getattr(record, name)
            if before is not None and old == new:
                continue
            if before is None and new in (None, ""):
                continue
            field = model_field(Promise, name)
            changes.append(
                {
                    "label": str(field.verbose_name),
                    "old_display": display(field, old),
                    "new_display": display(field, new),
                }
            )
        owner_changed = before is not None and any(
            getattr(before, n) != getattr(record, n) for n in OWNER_FIELDS
        )
        before = record
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "type": record.history_type,
                "changes": changes,
                "owner_changed": owner_changed,
                "reason": reason_shown(record.history_change_reason),
            }
        )
    entries.reverse()
    return entries
