"""User accounts: one role and one scope (a street, a district, or the whole city)."""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..roles import Role
from ..scoping import Scope, area_q
from .areas import District, Street

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class User(AbstractUser):
    """An account: one role and one scope (a street, a district, or the whole city)."""

    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.ADMINISTRATOR
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("district scope"),
        help_text=_("For district officials and district administrators."),
    )
    street = models.ForeignKey(
        Street,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("street scope"),
        help_text=_("For street office staff."),
    )
    # the daily digest by mail (dashboard.digest): the user's choice, and the last day
    # one was sent (what makes a second run the same day send nothing)
    digest_enabled = models.BooleanField(_("daily digest by email"), default=True)
    last_digest_on = models.DateField(
        _("last digest sent on"), null=True, blank=True, editable=False
    )
    # unread notifications, recounted from the inbox whenever it changes
    # (districts.notifications): the masthead shows it with no query of its own
    unread_notifications = models.PositiveIntegerField(
        _("unread notifications"), default=0, editable=False
    )
    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "last_digest_on", "unread_notifications"]
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="user_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(district__isnull=True) | Q(street__isnull=True),
                name="user_one_scope_at_most",
            ),
            models.CheckConstraint(
                condition=~Q(role="street_staff") | Q(street__isnull=False),
                name="user_street_staff_has_street",
            ),
            models.CheckConstraint(
                condition=~Q(role="district_official") | Q(district__isnull=False),
                name="user_district_official_has_district",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["city_official", "administrator"]) | Q(street__isnull=True),
                name="user_city_roles_have_no_street",
            ),
            models.CheckConstraint(
                condition=~Q(role="city_official") | Q(district__isnull=True),
                name="user_city_official_has_city_scope",
            ),
            # A superuser holds every right: giving one a district would put it in the
            # hands of that district's administrators.
            models.CheckConstraint(
                condition=Q(is_superuser=False) | Q(district__isnull=True, street__isnull=True),
                name="user_superuser_has_city_scope",
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        """A user is inside a scope when their own scope is inside it. Superusers and
        city-wide accounts are inside the whole city only, whatever their columns say."""
        if scope.city:
            return Q()
        city_wide = Q(is_superuser=True) | Q(role=Role.CITY_OFFICIAL)
        return (
            (area_q(scope, district="street__district", street="street") & Q(street__isnull=False))
            | (area_q(scope, district="district", street=None) & Q(district__isnull=False))
        ) & ~city_wide

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username

    def clean(self) -> None:
        super().clean()
        errors: dict[str, StrOrPromise] = {}
        if self.role == Role.STREET_STAFF:
            if not self.street_id:
                errors["street"] = _("Street office staff must be given their street.")
            if self.district_id:
                errors["district"] = _("Street office staff are scoped by street, not district.")
        elif self.role == Role.DISTRICT_OFFICIAL:
            if not self.district_id:
                errors["district"] = _("District officials must be given their district.")
            if self.street_id:
                errors["street"] = _("District officials are scoped by district, not street.")
        elif self.role == Role.CITY_OFFICIAL:
            if self.district_id or self.street_id:
                errors["district"] = _("City officials see the whole city: leave the scope empty.")
        elif self.role == Role.ADMINISTRATOR and self.street_id:
            errors["street"] = _("Administrators are scoped to a district or the whole city.")
        if self.is_superuser and (self.district_id or self.street_id):
            errors.setdefault(
                "district", _("A superuser sees the whole city: leave the scope empty.")
            )
        if errors:
            from django.core.exceptions import ValidationError

            raise ValidationError(errors)

    def get_full_name(self) -> str:
        """Chinese names read family name first, without a space."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if any(ord(ch) > 0x2E7F for ch in first + last):
            return f"{last}{first}"
        return f"{first} {last}".strip()

    @property
    def scope_label(self) -> str:
        if self.street is not None:
            return self.street.name
        if self.district is not None:
            return self.district.name
        return str(_("whole city"))
