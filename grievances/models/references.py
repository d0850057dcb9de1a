"""The street's numbering of references (JB-WLD-2009-0042), one counter per street and
year (grievances.services.references)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.years import year_constraint, year_validators
from districts.models import Street


class ReferenceCounter(models.Model):
    """The last number a street's references took in a year (JB-WLD-2009-0042: 42).

    Intake takes the next number from here, with this row locked, never from the text of
    the references already stored (an imported reference may end in anything); imports
    that bring their own references move the counter past their numbers.
    """

    street = models.ForeignKey(
        Street, on_delete=models.CASCADE, related_name="+", verbose_name=_("street")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators())
    last = models.PositiveIntegerField(_("last number taken"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "year"], name="reference_counter_one_per_street_year"
            ),
            year_constraint("reference_counter_year_2000_to_2100"),
        ]

    def __str__(self) -> str:
        return f"{self.street_id} {self.year}: {self.last}"
