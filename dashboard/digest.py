"""The daily digest by email (issue 11): for each user who wants it, what needs their
attention in their own scope: items due soon, overdue, escalated, replacement
recommendations opened, and the departments' monthly bulletins generated for them (the
bulletin notices of their inbox, since yesterday: the inbox's rule). Every figure comes
from the same scoped selectors and the same definitions (Grievance.due_soon_q,
overdue_q, figure_filters) as the pages.

Sent once a day per user: the user's row is held (SELECT ... FOR UPDATE SKIP LOCKED)
while the mail goes and marked sent (last_digest_on) in the same transaction, so a second
worker skips it, a second run sends nothing new, and a worker killed mid-send leaves the
day open for the next run. A mail server that refuses or cannot be reached (issue 22,
"Faults survived") fails that user's send only: the day stays open, the others are sent,
and the job (dashboard.tasks) runs again later for those who are left.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from districts.models import Notification, User
from districts.scoping import scope_of
from evaluations import selectors as review_selectors
from grievances import selectors as grievance_selectors
from grievances.models import Grievance
from grievances.rules import figure_filters

logger = logging.getLogger(__name__)

LISTED = 10  # references listed per heading; the count says how many in all


@dataclass
class Digest:
    user: User
    today: datetime.date
    escalated_level: str
    counts: dict[str, int] = field(default_factory=dict)
    items: dict[str, list[Grievance]] = field(default_factory=dict)
    recommendations: list[str] = field(default_factory=list)
    bulletins: list[tuple[str, str]] = field(default_factory=list)  # subject, address

    @property
    def empty(self) -> bool:
        return not any(self.counts.values())


def digest_for(user: User, today: datetime.date) -> Digest:
    scope = scope_of(user)
    level = "city" if scope.city else "district"
    filters = figure_filters(today)
    grievances = grievance_selectors.grievances(user=user)
    digest = Digest(user=user, today=today, escalated_level=level)
    for name, q in (
        ("due_soon", filters["due_soon"]),
        ("overdue", filters["overdue"]),
        ("escalated", filters[f"escalated_{level}"]),
    ):
        rows = list(grievances.filter(q).order_by("deadline", "reference")[: LISTED + 1])
        digest.items[name] = rows[:LISTED]
        digest.counts[name] = len(rows) if len(rows) <= LISTED else grievances.filter(q).count()
    since = timezone.now() - datetime.timedelta(days=1)
    opened = review_selectors.open_recommendations(user=user).filter(created_at__gte=since)
    digest.recommendations = [
        f"{r.official.name} · {r.community.name}"
        for r in opened.select_related("official", "community")[:LISTED]
    ]
    digest.counts["recommendations"] = opened.count()
    bulletins = user.notifications.filter(
        kind=Notification.Kind.BULLETIN, created_at__gte=since
    ).order_by("subject")
    digest.bulletins = list(bulletins.values_list("subject", "url")[:LISTED])
    digest.counts["bulletins"] = (
        len(digest.bulletins) if len(digest.bulletins) < LISTED else bulletins.count()
    )
    return digest


def _send(digest: Digest) -> None:
    with translation.override(settings.DIGEST_LANGUAGE):
        context = {
            "d": digest,
            "site": settings.SITE_URL.rstrip("/"),
            "list_url": reverse("grievances:list"),
            "account_url": reverse("account"),
        }
        subject = _("Community safety: your daily digest for %(date)s") % {
            "date": digest.today.isoformat()
        }
        body = render_to_string("dashboard/digest.txt", context)
    send_mail(subject, body, None, [digest.user.email])


@transaction.atomic
def _send_one(user: User, today: datetime.date) -> str:
    """Send ``user`` today's digest, holding their row: "sent", "quiet" (nothing to
    report), "failed" (the mail server refused; the day stays open for a later run) or
    "taken" (another worker has the row, or sent it already). The day is marked sent in
    the same transaction, after the mail has gone: a worker stopped or killed in between
    leaves the day open (its transaction rolls back), so a later run sends it; a mail is
    never lost, at worst sent twice."""
    row = (
        User.objects.select_for_update(skip_locked=True)
        .filter(pk=user.pk)
        .exclude(last_digest_on=today)
        .values_list("pk", flat=True)
    )
    if not row:  # another worker holds this user, or has sent it meanwhile
        return "taken"
    digest = digest_for(user, today)
    if not digest.empty:
        try:
            _send(digest)
        except (smtplib.SMTPException, OSError) as error:  # refused, unreachable, timed out
            logger.warning("Digest for user %s not sent: %r", user.pk, error)
            return "failed"
    User.objects.filter(pk=user.pk).update(last_digest_on=today)
    return "quiet" if digest.empty else "sent"


def send_digests(*, today: datetime.date | None = None) -> dict[str, int]:
    """Send today's digest to every active user who wants it and has an address; returns
    how many were sent, how many had nothing to report, and how many the mail server
    refused (their day given back, to be sent by a later run)."""
    today = timezone.localdate() if today is None else today
    users = (
        User.objects.filter(is_active=True, digest_enabled=True)
        .exclude(email="")
        .exclude(last_digest_on=today)
        .select_related("district", "street")
        .order_by("pk")
    )
    sent = quiet = failed = 0
    for user in users:
        outcome = _send_one(user, today)
        sent += outcome == "sent"
        quiet += outcome == "quiet"
        failed += outcome == "failed"
    return {"sent": sent, "nothing_to_report": quiet, "failed": failed}
