"""Replacement recommendations (建议换人) opened by two unsatisfied quarters running."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, Versioned
from districts.models import Community, Official, OfficialRole
from districts.scoping import Scope, area_q

from .meetings import Rating


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    """A recommendation's states, defined once: every list, filter, figure and page asks
    these (and :attr:`Recommendation.is_open` says the same of one)."""

    def standing(self) -> "RecommendationQuerySet":
        """Not withdrawn by a correction: the streak that opened it still stands."""
        return self.filter(withdrawn_at__isnull=True)

    def open(self) -> "RecommendationQuerySet":
        """Standing and waiting for an outcome: shown on every dashboard of its area."""
        return self.standing().filter(outcome="")

    def closed(self) -> "RecommendationQuerySet":
        """Standing, with its outcome (replaced or retained) recorded."""
        return self.standing().exclude(outcome="")

    def withdrawn(self) -> "RecommendationQuerySet":
        return self.filter(withdrawn_at__isnull=False)


class Recommendation(Versioned, TimeStampedModel):
    """建议换人: opened by two consecutive unsatisfied quarters, followed up by staff."""

    class Outcome(models.TextChoices):
        PENDING = "", _("pending")
        REPLACED = "replaced", _("replaced")
        RETAINED = "retained", _("retained")

    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("official"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("community"),
    )
    role = models.CharField(_("role"), max_length=20, choices=OfficialRole.choices)
    opened_by = models.OneToOneField(
        Rating,
        on_delete=models.PROTECT,
        related_name="recommendation",
        verbose_name=_("second unsatisfied rating"),
    )
    previous = models.ForeignKey(
        Rating,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("first unsatisfied rating"),
    )
    addressed_to = models.CharField(_("addressed to"), max_length=100, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING, blank=True
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    objects = RecommendationQuerySet.as_manager()

    withdrawn_at = models.DateTimeField(
        _("withdrawn at"),
        null=True,
        blank=True,
        help_text=_("Set when a correction removed the streak that opened it."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("replacement recommendation")
        verbose_name_plural = _("replacement recommendations")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["", "replaced", "retained"]),
                name="recommendation_outcome_valid",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="retained") | ~Q(reason=""),
                name="recommendation_retained_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | (Q(sent_on__isnull=False) & Q(outcome_on__isnull=False)),
                name="recommendation_outcome_after_sending",
            ),
        ]
        indexes = [
            # the dashboards' open recommendations, newest first: without it PostgreSQL
            # joined every rating of the city to find the 50 newest open ones
            models.Index(
                fields=["created_at"],
                condition=Q(withdrawn_at__isnull=True, outcome=""),
                name="recommendation_open_created",
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(scope, district="community__street__district", street="community__street")

    @property
    def is_open(self) -> bool:
        return not self.withdrawn_at and not self.outcome

    @property
    def state_label(self) -> str:
        if self.withdrawn_at:
            return str(_("withdrawn by a correction"))
        if self.outcome:
            return str(self.get_outcome_display())
        if self.sent_on:
            return str(_("sent, awaiting outcome"))
        return str(_("open, not yet sent"))

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("evaluations:recommendation", args=[self.pk])

    def __str__(self) -> str:
        return f"{self.official.name} · {self.get_role_display()} · {self.community.name}"
