"""The reviewed officials and their postings to communities."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.extensions import link
from core.models import TimeStampedModel

from ..codes import code_constraint
from ..scoping import Scope, area_q
from .areas import Community, code_field_kwargs


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
        constraints = [code_constraint("official_code_valid")]

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
        return link("official_page", self.code)  # the official's reviews (evaluations)


def in_post(start_date: datetime.date, end_date: datetime.date | None, day: datetime.date) -> bool:
    """Posted on ``day``: started by then and not yet ended (DOMAIN.md: a meeting reviews the
    officials posted there on its date). :meth:`PostingQuerySet.in_post` is the same in SQL."""
    return start_date <= day and (end_date is None or end_date >= day)


class PostingQuerySet(models.QuerySet["Posting"]):
    def in_post(self, day: datetime.date, until: datetime.date | None = None) -> "PostingQuerySet":
        """Postings in force on ``day`` (or at any time from ``day`` to ``until``)."""
        return self.filter(start_date__lte=until or day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


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

    objects = PostingQuerySet.as_manager()

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
