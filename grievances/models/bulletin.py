"""The departments' monthly bulletin (DOMAIN.md, "Departments answer for their work"):
per district and month, the departments below the year's thresholds (GrievancePolicy)
for the items referred to them that month.

A bulletin is generated once, on the worker, on the first working day of the next month
(grievances.services.bulletin), and kept as generated: its entries hold the counts the
department's figures had on that day (``as_of``), and the thresholds it was judged by. A
department with no item referred in the month is not assessed (a rate of nothing is no
figure), so it is never on a bulletin. Publishing is publication's act (a higher app):
this model knows nothing of it.

Who sees a bulletin: its district's officials and administrators, and the city; street
staff and department staff see none (they read a published bulletin on the notice board,
like everyone).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import DecimalField, ExpressionWrapper, Q, QuerySet, Value
from django.db.models.functions import NullIf
from django.utils.translation import gettext_lazy as _

from core.expressions import Exact
from core.models import TimeStampedModel
from core.years import year_constraint, year_validators
from districts.models import Department, District
from districts.scoping import Scope, area_q

from ..departments.columns import COUNTS as FIGURE_COUNTS
from ..departments.columns import DENOMINATORS, RATES
from .policy import percent

# the counts of a department's figures a bulletin keeps, and its rates from them: those
# of the department's record
COUNTS = (*FIGURE_COUNTS, *DENOMINATORS)


def rate_expression(numerator: str, denominator: str) -> ExpressionWrapper:
    """numerator * 100 / denominator, exact in SQL; NULL for an empty denominator."""
    return ExpressionWrapper(
        Exact(models.F(numerator))
        * Exact(Value(100))
        / NullIf(Exact(models.F(denominator)), Exact(Value(0))),
        output_field=DecimalField(),
    )


class Bulletin(TimeStampedModel):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="bulletins", verbose_name=_("district")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators())
    month = models.PositiveSmallIntegerField(_("month"))
    as_of = models.DateField(_("figures as of"))
    satisfaction_threshold = models.DecimalField(
        _("satisfaction threshold (%)"), max_digits=5, decimal_places=2, validators=percent
    )
    on_time_threshold = models.DecimalField(
        _("resolution on time threshold (%)"), max_digits=5, decimal_places=2, validators=percent
    )
    assessed = models.PositiveIntegerField(
        _("departments assessed"),
        default=0,
        help_text=_("Departments with at least one item referred in the month."),
    )

    class Meta:
        ordering = ["-year", "-month", "district__code"]
        verbose_name = _("departments' bulletin")
        verbose_name_plural = _("departments' bulletins")
        constraints = [
            year_constraint("bulletin_year_2000_to_2100"),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12), name="bulletin_month_valid"
            ),
            # one bulletin per district and month: a second run of the job adds nothing
            models.UniqueConstraint(
                fields=["district", "year", "month"], name="bulletin_once_per_district_month"
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        """A district's bulletin belongs to its district; the city sees every one."""
        return area_q(scope, district="district", street=None)

    def __str__(self) -> str:
        return f"{self.district} {self.year}-{self.month:02d}"

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        """The month's first and last day: the items referred in it are assessed."""
        return month_bounds(self.year, self.month)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return start, following - datetime.timedelta(days=1)


class BulletinEntryQuerySet(models.QuerySet["BulletinEntry"]):
    def with_rates(self) -> QuerySet[BulletinEntry]:
        """Each entry's rates, exact, from its kept counts (NULL for an empty denominator)."""
        return self.annotate(
            **{name: rate_expression(num, den) for name, (num, den) in RATES.items()}
        )


class BulletinEntry(models.Model):
    """One department named on a bulletin, with the counts of its month as of the
    bulletin's day and which threshold it is below (at least one)."""

    bulletin = models.ForeignKey(
        Bulletin, on_delete=models.CASCADE, related_name="entries", verbose_name=_("bulletin")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    referred = models.PositiveIntegerField(_("referred"))
    accepted_on_time = models.PositiveIntegerField(_("accepted on time"))
    resolved_on_time = models.PositiveIntegerField(_("resolved on time"))
    sent_back = models.PositiveIntegerField(_("sent back"))
    reopened = models.PositiveIntegerField(_("reopened"))
    problem_items = models.PositiveIntegerField(_("problem items"))
    acceptance_due = models.PositiveIntegerField(_("due to be accepted"))
    resolution_due = models.PositiveIntegerField(_("due to be resolved"))
    verdicts = models.PositiveIntegerField(_("verdicts"))
    satisfied_verdicts = models.PositiveIntegerField(_("satisfied verdicts"))
    below_satisfaction = models.BooleanField(_("below the satisfaction threshold"))
    below_on_time = models.BooleanField(_("below the on-time threshold"))

    objects = BulletinEntryQuerySet.as_manager()

    class Meta:
        ordering = ["bulletin", "pk"]
        verbose_name = _("bulletin entry")
        verbose_name_plural = _("bulletin entries")
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "department"], name="bulletin_entry_once_per_department"
            ),
            models.CheckConstraint(
                condition=Q(below_satisfaction=True) | Q(below_on_time=True),
                name="bulletin_entry_below_a_threshold",
            ),
            models.CheckConstraint(
                condition=Q(referred__gte=1)
                & Q(resolved_on_time__lte=models.F("resolution_due"))
                & Q(resolution_due__lte=models.F("referred"))
                & Q(accepted_on_time__lte=models.F("acceptance_due"))
                & Q(acceptance_due__lte=models.F("referred"))
                & Q(satisfied_verdicts__lte=models.F("verdicts")),
                name="bulletin_entry_counts_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bulletin} · {self.department}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(scope, district="bulletin__district", street=None)

    def counts(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in COUNTS}
