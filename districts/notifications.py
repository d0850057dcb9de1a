"""Writes of the in-app inbox: notices in bulk, marking read, the unread count.

The unread count on each account (User.unread_notifications) is recounted from the inbox
in the same statement that changes it, so the masthead shows it from the signed-in user's
row with no query of its own, and it can never drift from the inbox.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Notification, User

Notice = tuple[int, str, str, str]  # user id, kind, subject, url


def recount(user_ids: Iterable[int]) -> None:
    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    User.objects.filter(pk__in=set(user_ids)).update(
        unread_notifications=Coalesce(Subquery(unread), Value(0))
    )


@transaction.atomic
def notify(notices: Iterable[Notice], *, renew: bool = False) -> None:
    """Add the notices (one per user and event: a notice already there is not repeated).

    ``renew``: for an event that can happen again on the same subject (an answer sent
    back a second time), a notice already there is made new again (unread, at the top)
    rather than left as it was."""
    rows = [Notification(user_id=u, kind=k, subject=s[:200], url=url) for u, k, s, url in notices]
    if not rows:
        return
    if renew:
        Notification.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["user", "kind", "subject"],
            update_fields=["created_at", "read_at", "url"],
        )
    else:
        Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    recount(r.user_id for r in rows)


@transaction.atomic
def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notices read (those of ``ids``, or all); how many were."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    changed = qs.update(read_at=timezone.now())
    recount([user.pk])
    user.refresh_from_db(fields=["unread_notifications"])
    return changed
