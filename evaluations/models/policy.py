"""The yearly policy (levels' points and thresholds, quorum, veto, weights) and the levels."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, Versioned
from districts.scoping import Scope

percent = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
share = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class Level(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("very satisfied")
    SATISFIED = "satisfied", _("satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied")
    UNSATISFIED = "unsatisfied", _("unsatisfied")


class Policy(Versioned, TimeStampedModel):
    """One year's assessment policy; the defaults are DOMAIN.md's. Past years keep theirs."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    quorum_share = models.DecimalField(
        _("quorum share of the roll"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=share,
    )
    points_very_satisfied = models.PositiveSmallIntegerField(
        _("points: very satisfied"), default=100
    )
    points_satisfied = models.PositiveSmallIntegerField(_("points: satisfied"), default=80)
    points_basically_satisfied = models.PositiveSmallIntegerField(
        _("points: basically satisfied"), default=60
    )
    points_unsatisfied = models.PositiveSmallIntegerField(_("points: unsatisfied"), default=0)
    very_satisfied_min = models.DecimalField(
        _("very satisfied from score"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("90"),
        validators=percent,
    )
    satisfied_min = models.DecimalField(
        _("satisfied from score"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("75"),
        validators=percent,
    )
    basically_satisfied_min = models.DecimalField(
        _("basically satisfied from score"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=percent,
    )
    veto_numerator = models.PositiveSmallIntegerField(_("veto share: numerator"), default=1)
    veto_denominator = models.PositiveSmallIntegerField(_("veto share: denominator"), default=3)
    weight_safety = models.DecimalField(
        _("weight of the safety index"), max_digits=4, decimal_places=2, default=Decimal("0.40")
    )
    weight_satisfaction = models.DecimalField(
        _("weight of review satisfaction"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.30"),
    )
    weight_grievances = models.DecimalField(
        _("weight of grievance resolution"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.15"),
    )
    weight_key_disputes = models.DecimalField(
        _("weight of key dispute resolution"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.15"),
    )
    city_safety_minimum = models.DecimalField(
        _("city minimum safety index"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80.00"),
        validators=percent,
    )
    # below these samples a component is marked thin (``thin_data``): it informs, never re-ranks
    min_respondents = models.PositiveIntegerField(
        _("minimum survey respondents for a firm safety index"), default=100
    )
    min_meetings = models.PositiveIntegerField(
        _("minimum counted meetings for a firm review satisfaction"), default=4
    )
    min_grievances = models.PositiveIntegerField(
        _("minimum grievances (or key disputes) for a firm resolution rate"), default=10
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("assessment policy")
        verbose_name_plural = _("assessment policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(veto_denominator__gt=0) & Q(veto_numerator__lte=F("veto_denominator")),
                name="policy_veto_share_is_a_fraction",
            ),
            models.CheckConstraint(
                condition=Q(very_satisfied_min__gte=F("satisfied_min"))
                & Q(satisfied_min__gte=F("basically_satisfied_min")),
                name="policy_thresholds_descend",
            ),
            models.CheckConstraint(
                condition=Q(quorum_share__gte=0, quorum_share__lte=1),
                name="policy_quorum_share_between_0_and_1",
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return Q() if not scope.empty else Q(pk__in=[])

    def __str__(self) -> str:
        return str(_("Policy %(year)s") % {"year": self.year})
