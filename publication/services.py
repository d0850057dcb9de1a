"""Publishing and withdrawing (DOMAIN.md, "Publication"): recorded acts, who and when."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from districts.models import District, User
from districts.permissions import may_publish_quarter, may_publish_rankings, may_withdraw
from evaluations.rules import quarter_bounds

from . import snapshots
from .models import Publication


def as_of(year: int, quarter: int) -> datetime.date:
    """The day a quarter's overdue items are counted on: its last day (today while it
    runs), so publishing a past quarter again gives the same figures."""
    return min(timezone.localdate(), quarter_bounds(year, quarter)[1])


def _latest(**subject: Any) -> Publication | None:
    return (
        Publication.objects.select_for_update(of=("self",))
        .filter(replaced_by__isnull=True, **subject)
        .order_by("-published_at", "-pk")
        .first()
    )


def _publish(*, user: User, snapshot: dict[str, Any], **subject: Any) -> Publication:
    now = timezone.now()
    previous = _latest(**subject)
    publication = Publication(
        **subject,
        published_at=now,
        published_by=user,
        first_published_at=previous.first_published_at if previous else now,
        corrected=previous is not None and previous.snapshot != snapshot,
        replaces=previous,
        snapshot=snapshot,
    )
    publication.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            publication.save()
    except IntegrityError as exc:  # someone published the same subject at the same moment
        raise ValidationError(
            _("Someone else has just published this. Reload the page and try again.")
        ) from exc
    return publication


@transaction.atomic
def publication_publish_quarter(*, user: User, year: int, quarter: int) -> Publication:
    if not may_publish_quarter(user):
        raise PermissionDenied
    today = timezone.localdate()
    if not 1 <= quarter <= 4 or not 2000 <= year <= today.year:
        raise ValidationError({"quarter": _("Choose a quarter that has begun.")})
    if quarter_bounds(year, quarter)[0] > today:
        raise ValidationError({"quarter": _("Choose a quarter that has begun.")})
    district = District.objects.get(pk=user.district_id or 0)
    return publish_quarter_of(district=district, year=year, quarter=quarter, user=user)


def publish_quarter_of(*, district: District, year: int, quarter: int, user: User) -> Publication:
    """Publish (no permission check: callers check, the demo publishes for its districts)."""
    snapshot = snapshots.quarter_snapshot(district, year, quarter, as_of(year, quarter))
    return _publish(
        user=user,
        snapshot=snapshot,
        kind=Publication.Kind.QUARTER,
        district=district,
        year=year,
        quarter=quarter,
    )


@transaction.atomic
def publication_publish_rankings(*, user: User, year: int) -> Publication:
    if not may_publish_rankings(user):
        raise PermissionDenied
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("Choose a year that has begun.")})
    return publish_rankings_of(year=year, user=user)


def publish_rankings_of(*, year: int, user: User) -> Publication:
    return _publish(
        user=user,
        snapshot=snapshots.rankings_snapshot(year),
        kind=Publication.Kind.RANKINGS,
        district=None,
        year=year,
        quarter=None,
    )


@transaction.atomic
def publication_withdraw(*, user: User, publication: Publication) -> Publication:
    """Withdraw what the public sees of the subject (its latest publication)."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if not may_withdraw(user, district_id=publication.district_id):
        raise PermissionDenied
    if publication.is_withdrawn or Publication.objects.filter(replaces=publication).exists():
        raise ValidationError(_("Only the current publication can be withdrawn."))
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_by = user
    publication.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    return publication
