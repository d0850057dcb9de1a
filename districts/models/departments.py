"""The integrated platforms' departments a grievance is referred to."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel

from ..scoping import Scope, area_q
from .areas import Community, Street


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
    history = HistoricalRecords()

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
        area = self.street or self.community
        # none while an admin form that cleared both is shown again with its error
        name = area.name if area is not None else "?"
        return f"{name} · {self.get_key_display()}"
