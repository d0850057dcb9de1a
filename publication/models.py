"""Publications (公示): a recorded, withdrawable act that freezes what was published
(DOMAIN.md, "Publication"): a district's quarter, the year's rankings, and a district's
monthly departments' bulletin (DOMAIN.md, "Departments answer for their work").

A publication keeps a snapshot of exactly what the public may see (built by
:mod:`publication.snapshots`), so the notice board and the anonymous API read nothing
but snapshots: a later correction of a meeting shows publicly only once the quarter is
published again. Publishing a subject again creates a new row that ``replaces`` the
previous one; the public sees the latest row of a subject, unless it was withdrawn.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.years import year_constraint, year_validators
from districts.scoping import Scope, area_q


class PublicationQuerySet(models.QuerySet["Publication"]):
    def current(self) -> PublicationQuerySet:
        """What the public sees: the latest publication of each subject, not withdrawn."""
        replaced = Publication.objects.filter(replaces=OuterRef("pk"))
        return self.filter(withdrawn_at__isnull=True).filter(~Exists(replaced))


class Publication(TimeStampedModel):
    class Kind(models.TextChoices):
        QUARTER = "quarter", _("a quarter's review results")
        RANKINGS = "rankings", _("a year's rankings")
        BULLETIN = "bulletin", _("a month's departments' bulletin")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    district = models.ForeignKey(
        "districts.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("district"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators())
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    first_published_at = models.DateTimeField(_("first published at"))
    corrected = models.BooleanField(
        _("corrected"),
        default=False,
        help_text=_("Published again with figures that differ from the earlier publication."),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    snapshot: models.JSONField[Any, Any] = models.JSONField(_("what was published"))

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            year_constraint("publication_year_2000_to_2100"),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="quarter",
                        district__isnull=False,
                        quarter__gte=1,
                        quarter__lte=4,
                        month__isnull=True,
                    )
                    | Q(
                        kind="rankings",
                        district__isnull=True,
                        quarter__isnull=True,
                        month__isnull=True,
                    )
                    | Q(
                        kind="bulletin",
                        district__isnull=False,
                        quarter__isnull=True,
                        month__gte=1,
                        month__lte=12,
                    )
                ),
                name="publication_subject_valid_with_bulletins",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_by__isnull=False),
                name="publication_withdrawal_has_who",
            ),
            # one first publication per subject: a second, concurrent one is refused
            models.UniqueConstraint(
                fields=["district", "year", "quarter"],
                condition=Q(kind="quarter", replaces__isnull=True),
                name="publication_one_first_quarter",
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(kind="rankings", replaces__isnull=True),
                name="publication_one_first_rankings",
            ),
            models.UniqueConstraint(
                fields=["district", "year", "month"],
                condition=Q(kind="bulletin", replaces__isnull=True),
                name="publication_one_first_bulletin",
            ),
        ]
        indexes = [models.Index(fields=["kind", "year", "quarter"])]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        """Who manages it: a quarter's results and a month's bulletin belong to their
        district; the rankings to the city."""
        return area_q(scope, district="district", street=None)

    def __str__(self) -> str:
        if self.kind == self.Kind.QUARTER:
            return f"{self.district} {self.year} Q{self.quarter}"
        if self.kind == self.Kind.BULLETIN:
            return f"{self.district} {self.year}-{self.month or 0:02d} {self.get_kind_display()}"
        return f"{self.year} {self.get_kind_display()}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
