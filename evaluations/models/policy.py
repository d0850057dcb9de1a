"""The yearly policy (levels' points and thresholds, quorum, veto, weights) and the levels."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value, lookups
from django.db.models.constraints import BaseConstraint
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import model_field
from core.models import TimeStampedModel, Versioned
from core.years import year_constraint, year_validators
from districts.scoping import Scope

percent = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
share = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]
points = [MaxValueValidator(100)]

POINT_FIELDS = (
    "points_very_satisfied",
    "points_satisfied",
    "points_basically_satisfied",
    "points_unsatisfied",
)
THRESHOLD_FIELDS = ("very_satisfied_min", "satisfied_min", "basically_satisfied_min")
WEIGHT_FIELDS = ("weight_safety", "weight_satisfaction", "weight_grievances", "weight_key_disputes")


class Level(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("very satisfied")
    SATISFIED = "satisfied", _("satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied")
    UNSATISFIED = "unsatisfied", _("unsatisfied")


class Policy(Versioned, TimeStampedModel):
    """One year's assessment policy; the defaults are DOMAIN.md's. Past years keep theirs."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=year_validators())
    quorum_share = models.DecimalField(
        _("quorum share of the roll"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=share,
    )
    points_very_satisfied = models.PositiveSmallIntegerField(
        _("points: very satisfied"), default=100, validators=points
    )
    points_satisfied = models.PositiveSmallIntegerField(
        _("points: satisfied"), default=80, validators=points
    )
    points_basically_satisfied = models.PositiveSmallIntegerField(
        _("points: basically satisfied"), default=60, validators=points
    )
    points_unsatisfied = models.PositiveSmallIntegerField(
        _("points: unsatisfied"), default=0, validators=points
    )
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
        _("weight of the safety index"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.40"),
        validators=share,
    )
    weight_satisfaction = models.DecimalField(
        _("weight of review satisfaction"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.30"),
        validators=share,
    )
    weight_grievances = models.DecimalField(
        _("weight of grievance resolution"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.15"),
        validators=share,
    )
    weight_key_disputes = models.DecimalField(
        _("weight of key dispute resolution"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.15"),
        validators=share,
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
        # Each rule is also checked by clean(), which names the field; the constraints
        # guard the table, and their messages are words too, never their names.
        constraints = [
            year_constraint("policy_year_2000_to_2100"),
            models.CheckConstraint(
                condition=Q(veto_denominator__gt=0) & Q(veto_numerator__lte=F("veto_denominator")),
                name="policy_veto_share_is_a_fraction",
                violation_error_message=_(
                    "The veto share is a fraction: a denominator above 0 and a numerator "
                    "not above it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(very_satisfied_min__gt=F("satisfied_min"))
                & Q(satisfied_min__gt=F("basically_satisfied_min")),
                name="policy_thresholds_descend",
                violation_error_message=_(
                    "The level thresholds must descend: very satisfied above satisfied above "
                    "basically satisfied."
                ),
            ),
            models.CheckConstraint(
                condition=Q(quorum_share__gte=0, quorum_share__lte=1),
                name="policy_quorum_share_between_0_and_1",
                violation_error_message=_("The quorum share is between 0 and 1."),
            ),
            models.CheckConstraint(
                condition=Q(
                    points_very_satisfied__lte=100,
                    points_satisfied__lte=100,
                    points_basically_satisfied__lte=100,
                    points_unsatisfied__lte=100,
                ),
                name="policy_points_within_0_and_100",
                violation_error_message=_("Points are between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(points_very_satisfied__gte=F("points_satisfied"))
                & Q(points_satisfied__gte=F("points_basically_satisfied"))
                & Q(points_basically_satisfied__gte=F("points_unsatisfied")),
                name="policy_points_do_not_increase",
                violation_error_message=_(
                    "Points must not increase from very satisfied to unsatisfied."
                ),
            ),
            models.CheckConstraint(
                condition=lookups.Exact(
                    F("weight_safety")
                    + F("weight_satisfaction")
                    + F("weight_grievances")
                    + F("weight_key_disputes"),
                    Value(Decimal("1.00")),
                ),
                name="policy_weights_sum_to_1",
                violation_error_message=_("The four weights must add up to exactly 1."),
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return Q() if not scope.empty else Q(pk__in=[])

    def __str__(self) -> str:
        return str(_("Policy %(year)s") % {"year": self.year})

    def clean(self) -> None:
        super().clean()
        if errors := policy_errors(self):
            raise ValidationError(errors)

    def get_constraints(self) -> list[tuple[type[models.Model], Sequence[BaseConstraint]]]:
        """The constraints full_clean() checks: not those clean() already checks with a
        message on the field (the same rule would be said twice)."""
        return [
            (model, [c for c in found if c.name not in CHECKED_IN_CLEAN])
            for model, found in super().get_constraints()
        ]


CHECKED_IN_CLEAN = frozenset(
    {
        "policy_veto_share_is_a_fraction",
        "policy_thresholds_descend",
        "policy_points_within_0_and_100",
        "policy_points_do_not_increase",
        "policy_weights_sum_to_1",
    }
)


def _label(name: str) -> str:
    return str(model_field(Policy, name).verbose_name)


def policy_errors(policy: Policy) -> dict[str, list[str]]:
    """What makes a policy nonsense, by field, in words (DOMAIN.md: points within 0-100 and
    not increasing from very satisfied to unsatisfied, thresholds descending, weights adding
    up to exactly 1, a veto share that is a fraction). Values that are missing (a field the
    form already refused) are not compared."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: Any) -> None:
        errors.setdefault(field, []).append(str(message))

    values = {f: getattr(policy, f) for f in (*POINT_FIELDS, *THRESHOLD_FIELDS, *WEIGHT_FIELDS)}
    for field in POINT_FIELDS:
        value = values[field]
        if value is not None and not 0 <= value <= 100:
            add(field, _("Points are between 0 and 100."))
    for higher, lower in zip(POINT_FIELDS, POINT_FIELDS[1:], strict=False):
        a, b = values[higher], values[lower]
        if a is not None and b is not None and b > a:
            add(
                lower,
                _(
                    "Points must not increase from very satisfied to unsatisfied: "
                    "%(lower)s (%(b)s) is more than %(higher)s (%(a)s)."
                )
                % {"lower": _label(lower), "b": b, "higher": _label(higher), "a": a},
            )
    for higher, lower in zip(THRESHOLD_FIELDS, THRESHOLD_FIELDS[1:], strict=False):
        a, b = values[higher], values[lower]
        if a is not None and b is not None and b >= a:
            add(
                lower,
                _(
                    "The level thresholds must descend: %(lower)s (%(b)s) must be below "
                    "%(higher)s (%(a)s)."
                )
                % {"lower": _label(lower), "b": b, "higher": _label(higher), "a": a},
            )
    weights = [values[f] for f in WEIGHT_FIELDS]
    if all(w is not None for w in weights) and sum(weights) != Decimal(1):
        add(
            NON_FIELD_ERRORS,
            _("The four weights add up to %(total)s; they must add up to exactly 1.")
            % {"total": sum(weights)},
        )
    numerator, denominator = policy.veto_numerator, policy.veto_denominator
    if denominator is not None and denominator <= 0:
        add("veto_denominator", _("The veto denominator must be above 0."))
    elif numerator is not None and denominator is not None and numerator > denominator:
        add(
            "veto_numerator",
            _("The veto share cannot be more than 1: %(n)s is above the denominator %(d)s.")
            % {"n": numerator, "d": denominator},
        )
    return errors
