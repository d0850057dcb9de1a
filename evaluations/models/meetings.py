"""A community's quarterly review meeting and the ratings of its officials."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, Versioned
from core.years import year_constraint, year_validators
from districts.models import Community, Official, OfficialRole, Representative
from districts.scoping import Scope, area_q

from .policy import Policy


class Meeting(Versioned, TimeStampedModel):
    """One community's review meeting for one quarter."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("community")
    )
    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("policy")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators())
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    held_on = models.DateField(_("held on"))
    roll = models.PositiveIntegerField(
        _("representatives on the roll"),
        help_text=_("The community's roll on the day of the meeting."),
    )
    present = models.PositiveIntegerField(_("representatives present"))
    asked = models.TextField(_("what the representatives asked"), blank=True)
    # free notes on the officials' answers; the promises followed up are Promise rows
    promised = models.TextField(_("notes on the officials' answers"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    attendees = models.ManyToManyField(
        Representative,
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("representatives who attended"),
        help_text=_("Where the community keeps a roster: who was present (present = how many)."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["community__code", "-year", "-quarter"]
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year", "quarter"], name="meeting_one_per_community_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="meeting_quarter_1_to_4"
            ),
            year_constraint("meeting_year_2000_to_2100"),
            models.CheckConstraint(condition=Q(present__gte=1), name="meeting_present_at_least_1"),
            models.CheckConstraint(
                condition=Q(present__lte=F("roll")), name="meeting_present_at_most_roll"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"]), name="meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="meeting_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["year", "quarter"])]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(scope, district="community__street__district", street="community__street")

    def __str__(self) -> str:
        return f"{self.community.name} {self.year} Q{self.quarter}"

    def clean(self) -> None:
        super().clean()
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        from ..rules import meeting_errors, period_errors

        errors = period_errors(
            year=self.year, quarter=self.quarter, held_on=self.held_on, today=timezone.localdate()
        )
        if self.roll is not None:
            errors.update(meeting_errors(roll=self.roll, present=self.present))
        if errors:
            raise ValidationError(errors)

    @property
    def period(self) -> str:
        return f"{self.year} Q{self.quarter}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("evaluations:meeting", args=[self.pk])


class Rating(TimeStampedModel):
    """The four vote counts the representatives gave one official at one meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("meeting")
    )
    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("official")
    )
    role = models.CharField(_("role"), max_length=20, choices=OfficialRole.choices)
    very_satisfied = models.PositiveIntegerField(_("very satisfied"), default=0)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    basically_satisfied = models.PositiveIntegerField(_("basically satisfied"), default=0)
    unsatisfied = models.PositiveIntegerField(_("unsatisfied"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "role", "official__code"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "official"], name="rating_one_per_official_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(
                    very_satisfied__gte=0,
                    satisfied__gte=0,
                    basically_satisfied__gte=0,
                    unsatisfied__gte=0,
                ),
                name="rating_counts_not_negative",
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(
            scope,
            district="meeting__community__street__district",
            street="meeting__community__street",
        )

    def clean(self) -> None:
        super().clean()
        from django.core.exceptions import ValidationError

        from ..rules import COUNT_FIELDS, tally_errors

        if self.meeting_id:
            counts = {f: getattr(self, f) for f in COUNT_FIELDS}
            if errors := tally_errors(present=self.meeting.present, counts=counts):
                raise ValidationError(errors)

    def __str__(self) -> str:
        return f"{self.official.name} @ {self.meeting}"
