"""Areas: district > street > community, each with a stable code."""

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel

from ..codes import CODE_MAX_LENGTH, code_constraint, code_validator
from ..scoping import Scope, area_q

code_field_kwargs: dict[str, Any] = {
    "max_length": CODE_MAX_LENGTH,
    "unique": True,
    "validators": [code_validator],
    "help_text": _("Letters, digits and dashes (-) only."),
}


class District(TimeStampedModel):
    """区县: a district or county of the city."""

    code = models.CharField(_("code"), **code_field_kwargs)
    name = models.CharField(_("name"), max_length=100)
    main_urban = models.BooleanField(
        _("main urban district"),
        default=False,
        help_text=_("Main urban districts are also ranked among themselves."),
    )
    safety_threshold = models.DecimalField(
        _("safety threshold for its streets"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "Minimum public sense-of-security index for this district's streets; "
            "blank means the city minimum."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.CheckConstraint(
                condition=Q(safety_threshold__isnull=True)
                | Q(safety_threshold__gte=0, safety_threshold__lte=100),
                name="district_threshold_between_0_and_100",
            ),
            code_constraint("district_code_valid"),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(scope, district="pk", street=None)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def street_threshold(self, city_minimum: Decimal) -> Decimal:
        """The safety index this district's streets must reach: the higher of its own
        threshold and the city minimum (DOMAIN.md). Every page and figure uses this."""
        own = self.safety_threshold
        return city_minimum if own is None else max(own, city_minimum)


class Street(TimeStampedModel):
    """街道 or 乡镇: a street office or a town, inside one district."""

    class Kind(models.TextChoices):
        STREET = "street", _("street")
        TOWN = "town", _("town")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="streets", verbose_name=_("district")
    )
    code = models.CharField(_("code"), **code_field_kwargs)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STREET)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["street", "town"]), name="street_kind_valid"
            ),
            code_constraint("street_code_valid"),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(scope, district="district", street="pk")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Community(TimeStampedModel):
    """社区 or 村: a community or a village, inside one street."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("community")
        VILLAGE = "village", _("village")

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="communities", verbose_name=_("street")
    )
    code = models.CharField(_("code"), **code_field_kwargs)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMUNITY)
    representatives = models.PositiveIntegerField(
        _("resident representatives on the roll"),
        help_text=_("The roll of resident representatives who vote at review meetings."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["community", "village"]), name="community_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(representatives__gte=0), name="community_representatives_not_negative"
            ),
            code_constraint("community_code_valid"),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(scope, district="street__district", street="street")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
