"""Areas (district > street > community), their platform departments, and user accounts.

Every account carries a role and a scope (a street, a district, or the whole city); which
areas a user may see or change is answered in one place, :mod:`districts.scoping`.
"""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel

from .roles import Role
from .scoping import Scope, area_q

code_field_kwargs = {"max_length": 32, "unique": True}


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
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(scope, district="pk", street=None)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


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
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(scope, district="street__district", street="street")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Platform(models.TextChoices):
    """Departments of the integrated platforms, named by their stable keys."""

    GOVERNANCE = "governance", _("comprehensive governance office")
    PETITIONS = "petitions", _("petitions office")
    POLICE = "police", _("police station")
    JUDICIAL = "judicial", _("judicial office")
    WORK_SAFETY = "work_safety", _("work safety")
    ARMED_FORCES = "armed_forces", _("armed forces department")
    POLICING = "policing", _("community policing")
    MEDIATION = "mediation", _("mediation committee")
    SECURITY = "security", _("security committee")
    SAFETY_SUPERVISION = "safety_supervision", _("safety supervision")
    MILITIA = "militia", _("militia")


# 六位一体 at street level, 七位一体 at community level.
STREET_PLATFORM = [
    Platform.GOVERNANCE,
    Platform.PETITIONS,
    Platform.POLICE,
    Platform.JUDICIAL,
    Platform.WORK_SAFETY,
    Platform.ARMED_FORCES,
]
COMMUNITY_PLATFORM = [
    Platform.GOVERNANCE,
    Platform.PETITIONS,
    Platform.POLICING,
    Platform.MEDIATION,
    Platform.SECURITY,
    Platform.SAFETY_SUPERVISION,
    Platform.MILITIA,
]


class Department(TimeStampedModel):
    """A member department of a street's six-in-one or a community's seven-in-one platform."""

    street = models.ForeignKey(
        Street,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name=_("street"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name=_("community"),
    )
    key = models.CharField(_("platform key"), max_length=20, choices=Platform.choices)
    contact = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["street_id", "community_id", "key"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(street__isnull=False) & Q(community__isnull=True))
                | (Q(street__isnull=True) & Q(community__isnull=False)),
                name="department_belongs_to_street_xor_community",
            ),
            models.CheckConstraint(
                condition=(Q(street__isnull=True) | Q(key__in=[p.value for p in STREET_PLATFORM]))
                & (Q(community__isnull=True) | Q(key__in=[p.value for p in COMMUNITY_PLATFORM])),
                name="department_key_on_its_platform",
            ),
            models.UniqueConstraint(
                fields=["street", "key"],
                condition=Q(street__isnull=False),
                name="department_unique_per_street",
            ),
            models.UniqueConstraint(
                fields=["community", "key"],
                condition=Q(community__isnull=False),
                name="department_unique_per_community",
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return (
            area_q(scope, district="street__district", street="street") & Q(street__isnull=False)
        ) | (
            area_q(scope, district="community__street__district", street="community__street")
            & Q(community__isnull=False)
        )

    def __str__(self) -> str:
        area = self.street if self.street_id else self.community
        return f"{area.name} · {self.get_key_display()}"


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
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

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
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # a user is inside a scope when their own scope is inside it
        if scope.city:
            return Q()
        return (
            area_q(scope, district="street__district", street="street") & Q(street__isnull=False)
        ) | (area_q(scope, district="district", street=None) & Q(district__isnull=False))

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
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
        if self.street_id:
            return self.street.name
        if self.district_id:
            return self.district.name
        return str(_("whole city"))


class OfficialRole(models.TextChoices):
    DIRECTOR = "director", _("residents' committee director")
    POLICE = "police", _("community police officer")
    SPECIALIST = "specialist", _("comprehensive-governance specialist")
    OTHER = "other", _("other")


class Official(TimeStampedModel):
    """A person reviewed by resident representatives (考评对象)."""

    code = models.CharField(_("code"), **code_field_kwargs)
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        """An official is in a scope when any of their postings is."""
        if scope.city:
            return Q()
        postings = Posting.objects.filter(Posting.scope_q(scope)).values("official_id")
        return Q(pk__in=postings)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("evaluations:official", args=[self.code])


class Posting(TimeStampedModel):
    """An official posted to a community in a role, from a start date to an end date."""

    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="postings", verbose_name=_("official")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="postings", verbose_name=_("community")
    )
    role = models.CharField(_("role"), max_length=20, choices=OfficialRole.choices)
    organisation = models.CharField(
        _("organisation"),
        max_length=100,
        blank=True,
        help_text=_("The appointing body, e.g. the police station; recommendations go there."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["community__code", "role", "start_date"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="posting_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in OfficialRole]), name="posting_role_valid"
            ),
            models.UniqueConstraint(
                fields=["official", "community", "start_date"], name="posting_unique_start"
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(scope, district="community__street__district", street="community__street")

    def __str__(self) -> str:
        return f"{self.official.name} · {self.get_role_display()} · {self.community.name}"

    def clean(self) -> None:
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            from django.core.exceptions import ValidationError

            raise ValidationError({"end_date": _("The end date is before the start date.")})
