"""A community's roster of resident representatives by name (DOMAIN.md, Areas).

Names and phones are personal data: every read goes through the scope of
:mod:`districts.scoping` (``scope_q`` below); nothing of it is ever published.
"""

from __future__ import annotations

import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import CharField, DecimalField, F, OrderBy, Q, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.expressions import RegexSubstring
from core.models import TimeStampedModel, Versioned

from ..scoping import Scope, area_q
from .areas import Community

phone_validator = RegexValidator(
    r"^[0-9+][0-9 \-]*\Z",
    _("Enter a phone number: digits, spaces, dashes and a leading +."),
)


def serving(start_date: datetime.date, end_date: datetime.date | None, day: datetime.date) -> bool:
    """On the roster on ``day``: started by then and not yet ended (the same test as
    :meth:`RepresentativeQuerySet.active_on`, in Python)."""
    return start_date <= day and (end_date is None or end_date >= day)


def group_order(prefix: str = "") -> list[OrderBy]:
    """A natural order of the group names, in SQL: the text before the first number, then
    that number as a number, then the whole name (so "2栋" < "10栋", "A区3栋" < "B区1栋")."""
    group = F(f"{prefix}group")
    before = RegexSubstring(group, Value("^[^0-9]*"), output_field=CharField())
    number = Cast(
        RegexSubstring(group, Value("[0-9]+"), output_field=CharField()),
        DecimalField(max_digits=100, decimal_places=0),  # a group name has at most 100
    )
    return [before.asc(), number.asc(nulls_first=True), group.asc()]


class RepresentativeQuerySet(models.QuerySet["Representative"]):
    def active_on(self, day: datetime.date) -> RepresentativeQuerySet:
        """Representatives serving on ``day``: the roll of a meeting held that day."""
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )

    def by_group(self, *then: str) -> RepresentativeQuerySet:
        """In the order people count groups and buildings: 1栋, 2栋 ... 10栋, not 1栋,
        10栋, 2栋 (:func:`group_order`), then by ``then``."""
        return self.order_by(*group_order(), *then)

    def active_between(self, start: datetime.date, end: datetime.date) -> RepresentativeQuerySet:
        """Representatives serving on any day from ``start`` to ``end``."""
        return self.filter(start_date__lte=end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start)
        )


class Representative(Versioned, TimeStampedModel):
    """A resident representative (居民代表) of one community, for a term."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="roster", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=100)
    group = models.CharField(
        _("group or building"),
        max_length=100,
        blank=True,
        help_text=_("The residents' group or the building the representative speaks for."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Blank: still serving.")
    )
    history = HistoricalRecords()

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        ordering = ["community__code", "name", "start_date"]
        verbose_name = _("resident representative")
        verbose_name_plural = _("resident representatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="representative_ends_after_it_starts",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.UniqueConstraint(
                fields=["community", "name", "start_date"],
                name="representative_unique_term",
                violation_error_message=_(
                    "This community already has a representative of this name starting on "
                    "this date."
                ),
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(scope, district="community__street__district", street="community__street")

    def __str__(self) -> str:
        return f"{self.name} · {self.community.name}"

    def clean(self) -> None:
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            from django.core.exceptions import ValidationError

            raise ValidationError({"end_date": _("The end date is before the start date.")})

    def serving_on(self, day: datetime.date) -> bool:
        return serving(self.start_date, self.end_date, day)
