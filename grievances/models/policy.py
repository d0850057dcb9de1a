"""One year's grievance rules (DOMAIN.md, "Grievances"): the grievances' part of the
yearly policy."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, Versioned
from core.years import year_constraint, year_validators
from districts.scoping import Scope

working_days = [MinValueValidator(1), MaxValueValidator(250)]
percent = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class GrievancePolicy(Versioned, TimeStampedModel):
    """One year's grievance rules (DOMAIN.md, "Grievances"): deadlines in working days,
    due soon, escalation to the city, whether an unsatisfied verdict reopens an item, and
    the departments' thresholds of the monthly bulletin (DOMAIN.md, "Departments answer
    for their work").

    The reviews' part of the yearly policy is evaluations.Policy; this one is the
    grievances' own, with the same pages, version check and history (core.yearly). A year
    without a row uses the defaults (:meth:`for_year`). Edited by city officials;
    simple-history keeps every change.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=year_validators())
    ordinary_deadline_days = models.PositiveSmallIntegerField(
        _("deadline of an ordinary item (working days)"), default=7, validators=working_days
    )
    key_dispute_deadline_days = models.PositiveSmallIntegerField(
        _("deadline of a key dispute (working days)"), default=15, validators=working_days
    )
    deadline_min_days = models.PositiveSmallIntegerField(
        _("shortest deadline allowed (working days)"), default=1, validators=working_days
    )
    deadline_max_days = models.PositiveSmallIntegerField(
        _("longest deadline allowed (working days)"), default=60, validators=working_days
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("due soon within (working days)"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )
    city_escalation_days = models.PositiveSmallIntegerField(
        _("escalate to the city after the deadline (working days)"),
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(250)],
    )
    unsatisfied_verdict_reopens = models.BooleanField(
        _("an unsatisfied verdict reopens the item"), default=True
    )
    # the departments' monthly bulletin (DOMAIN.md, "Departments answer for their work"):
    # a department below either is named on it; defaults from 12345 hotline practice
    department_satisfaction_threshold = models.DecimalField(
        _("bulletin: department satisfaction threshold (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("85.00"),
        validators=percent,
    )
    department_on_time_threshold = models.DecimalField(
        _("bulletin: department resolution on time threshold (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("92.00"),
        validators=percent,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("grievance policy")
        verbose_name_plural = _("grievance policies")
        constraints = [
            year_constraint("grievance_policy_year_2000_to_2100"),
            models.CheckConstraint(
                condition=Q(deadline_min_days__gte=1)
                & Q(deadline_min_days__lte=F("deadline_max_days")),
                name="grievance_policy_deadline_limits_ordered",
            ),
            models.CheckConstraint(
                condition=Q(ordinary_deadline_days__gte=F("deadline_min_days"))
                & Q(ordinary_deadline_days__lte=F("deadline_max_days"))
                & Q(key_dispute_deadline_days__gte=F("deadline_min_days"))
                & Q(key_dispute_deadline_days__lte=F("deadline_max_days")),
                name="grievance_policy_defaults_within_limits",
            ),
            models.CheckConstraint(
                condition=Q(department_satisfaction_threshold__gte=0)
                & Q(department_satisfaction_threshold__lte=100)
                & Q(department_on_time_threshold__gte=0)
                & Q(department_on_time_threshold__lte=100),
                name="grievance_policy_department_thresholds_percent",
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return Q() if not scope.empty else Q(pk__in=[])

    @classmethod
    def for_year(cls, year: int) -> "GrievancePolicy":
        """The saved policy of ``year``, or DOMAIN.md's defaults (unsaved)."""
        return cls.objects.filter(year=year).first() or cls(year=year)

    def __str__(self) -> str:
        return str(_("Grievance policy %(year)s") % {"year": self.year})

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        low, high = self.deadline_min_days, self.deadline_max_days
        if low is not None and high is not None:
            if low > high:
                errors["deadline_min_days"] = str(
                    _("The shortest deadline is longer than the longest.")
                )
            else:
                for field in ("ordinary_deadline_days", "key_dispute_deadline_days"):
                    value = getattr(self, field)
                    if value is not None and not low <= value <= high:
                        errors[field] = str(
                            _("Between %(low)s and %(high)s working days, the limits below.")
                            % {"low": low, "high": high}
                        )
        if errors:
            raise ValidationError(errors)

    def default_deadline_days(self, *, key_dispute: bool) -> int:
        return self.key_dispute_deadline_days if key_dispute else self.ordinary_deadline_days
