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
from grievances.models import Bulletin

from . import preview, snapshots
from .models import Publication


class DataChanged(ValidationError):
    """What would be published differs from what was previewed: preview it again."""


def as_of(year: int, quarter: int) -> datetime.date:
    """The day a quarter's overdue items are counted on (:func:`preview.as_of`, today)."""
    return preview.as_of(year, quarter, timezone.localdate())


def _confirmed(shown: preview.Preview, digest: str | None) -> None:
    """The previewed digest, if given, is that of what would be published now."""
    if digest is not None and digest != shown.digest:
        raise DataChanged(
            _(
                "The data changed after your preview: check what the public will see "
                "below, then confirm again."
            )
        )


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


def publication_preview_quarter(*, user: User, year: int, quarter: int) -> preview.Preview:
    """The user's district's quarter as it would be published now, with its warnings;
    refused for a quarter not begun or without any submitted meeting."""
    if not may_publish_quarter(user):
        raise PermissionDenied
    today = timezone.localdate()
    if not 1 <= quarter <= 4 or not 2000 <= year <= today.year:
        raise ValidationError({"quarter": _("Choose a quarter that has begun.")})
    if quarter_bounds(year, quarter)[0] > today:
        raise ValidationError({"quarter": _("Choose a quarter that has begun.")})
    district = District.objects.get(pk=user.district_id or 0)
    return preview.quarter_preview(district, year, quarter, today)


@transaction.atomic
def publication_publish_quarter(
    *, user: User, year: int, quarter: int, digest: str | None = None
) -> Publication:
    """Publish the user's district's quarter; with ``digest`` (the preview's), only if
    what would be published is still what was previewed (else :class:`DataChanged`)."""
    shown = publication_preview_quarter(user=user, year=year, quarter=quarter)
    _confirmed(shown, digest)
    return _publish(
        user=user,
        snapshot=shown.snapshot,
        kind=Publication.Kind.QUARTER,
        district_id=user.district_id,
        year=year,
        quarter=quarter,
    )


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


def publication_preview_rankings(*, user: User, year: int) -> preview.Preview:
    """The year's rankings as they would be published now, with their warnings; refused
    for a year not begun or without any figure."""
    if not may_publish_rankings(user):
        raise PermissionDenied
    today = timezone.localdate()
    if not 2000 <= year <= today.year:
        raise ValidationError({"year": _("Choose a year that has begun.")})
    return preview.rankings_preview(year, today)


@transaction.atomic
def publication_publish_rankings(
    *, user: User, year: int, digest: str | None = None
) -> Publication:
    """Publish the year's rankings; with ``digest``, only if unchanged since the preview."""
    shown = publication_preview_rankings(user=user, year=year)
    _confirmed(shown, digest)
    return _publish(
        user=user,
        snapshot=shown.snapshot,
        kind=Publication.Kind.RANKINGS,
        district=None,
        year=year,
        quarter=None,
    )


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
def publication_publish_bulletin(*, user: User, bulletin: Bulletin) -> Publication:
    """Publish a district's monthly departments' bulletin as it was generated (the
    bulletin's page is what the public will see: departments and figures, no item).
    Its district's officials publish it, as they publish its quarters."""
    if not may_withdraw(user, district_id=bulletin.district_id):
        raise PermissionDenied
    return publish_bulletin_of(bulletin=bulletin, user=user)


@transaction.atomic
def publish_bulletin_of(*, bulletin: Bulletin, user: User) -> Publication:
    """Publish (no permission check: callers check, the demo publishes its bulletin)."""
    return _publish(
        user=user,
        snapshot=snapshots.bulletin_snapshot(bulletin),
        kind=Publication.Kind.BULLETIN,
        district_id=bulletin.district_id,
        year=bulletin.year,
        quarter=None,
        month=bulletin.month,
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
