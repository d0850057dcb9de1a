"""The ``promises`` kind's update of changed rows, as a set (:mod:`.promises`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from simple_history.utils import bulk_update_with_history

from core import bulksql
from districts.models import User

from ..models import Promise

# The columns an import changes, with their PostgreSQL types (one UPDATE for the file).
UPDATED_COLUMNS = {
    "official_id": "bigint",
    "department_id": "bigint",
    "text": "text",
    "due_on": "date",
    "done_on": "date",
    "done_text": "text",
    "done_by_id": "bigint",
    "judged_at_id": "bigint",
    "kept_votes": "integer",
    "not_kept_votes": "integer",
    "version": "integer",
}

BATCH = 2000


def update_promises(
    changed: list[Promise], history_user: User | None, now: datetime.datetime
) -> None:
    """The changed promises written with their history rows (why: "import"). On
    PostgreSQL one ``UPDATE ... FROM unnest(...)`` per batch: Django's ``bulk_update``
    writes a CASE of every row for each column, which took 135 s for 4,000 rows."""
    if not bulksql.available():
        bulk_update_with_history(
            changed,
            Promise,
            fields=[c.removesuffix("_id") for c in UPDATED_COLUMNS] + ["updated_at"],
            batch_size=100,
            default_user=history_user,
            default_change_reason="import",
            default_date=now,
        )
        return
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in UPDATED_COLUMNS)
    arrays = ", ".join(f"%s::{t}[]" for t in UPDATED_COLUMNS.values())
    names = ", ".join(quote(c) for c in UPDATED_COLUMNS)
    # names from the model, quoted; every value is a parameter
    sql = (
        f"UPDATE {quote(Promise._meta.db_table)} AS t SET {sets}, updated_at = %s "  # noqa: S608
        f"FROM unnest(%s::bigint[], {arrays}) AS v(id, {names}) WHERE t.id = v.id"
    )
    for start in range(0, len(changed), BATCH):
        batch = changed[start : start + BATCH]
        params: list[Any] = [now, [p.pk for p in batch]]
        params += [[getattr(p, c) for p in batch] for c in UPDATED_COLUMNS]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        bulksql.history_insert(
            Promise,
            [p.pk for p in batch],
            history_type="~",
            user_id=history_user.pk if history_user is not None else None,
            date=now,
            reason="import",
        )
