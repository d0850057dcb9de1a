"""A street's yearly sense-of-security survey (群众安全感测评)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from core.years import year_constraint, year_validators
from districts.scoping import Scope, area_q


class Survey(TimeStampedModel):
    """A street's yearly public sense-of-security survey (群众安全感测评)."""

    street = models.ForeignKey(
        "districts.Street",
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("street"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators())
    safe = models.PositiveIntegerField(_("safe"))
    fairly_safe = models.PositiveIntegerField(_("fairly safe"))
    not_very_safe = models.PositiveIntegerField(_("not very safe"))
    unsafe = models.PositiveIntegerField(_("unsafe"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["street__code", "-year"]
        verbose_name = _("safety survey")
        verbose_name_plural = _("safety surveys")
        constraints = [
            models.UniqueConstraint(fields=["street", "year"], name="survey_one_per_street_year"),
            year_constraint("survey_year_2000_to_2100"),
            models.CheckConstraint(
                condition=Q(safe__gte=0, fairly_safe__gte=0, not_very_safe__gte=0, unsafe__gte=0),
                name="survey_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(safe__gt=0)
                | Q(fairly_safe__gt=0)
                | Q(not_very_safe__gt=0)
                | Q(unsafe__gt=0),
                name="survey_has_respondents",
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(scope, district="street__district", street="street")

    def __str__(self) -> str:
        return f"{self.street.name} {self.year}"

    @property
    def respondents(self) -> int:
        return self.safe + self.fairly_safe + self.not_very_safe + self.unsafe
