"""Quarterly reviews (考核评议会): the yearly policy, meetings, ratings, recommendations.

Scores and levels are not stored: :mod:`evaluations.selectors` computes them in SQL from
the vote counts and the policy of the meeting's own year, exactly (levels compare integer
products, never a rounded score).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from districts.models import Community, Official, OfficialRole
from districts.scoping import Scope, area_q

percent = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
share = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class Level(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("very satisfied")
    SATISFIED = "satisfied", _("satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied")
    UNSATISFIED = "unsatisfied", _("unsatisfied")


class Policy(TimeStampedModel):
    """One year's assessment policy; the defaults are DOMAIN.md's. Past years keep theirs."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    quorum_share = models.DecimalField(
        _("quorum share of the roll"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=share,
    )
    points_very_satisfied = models.PositiveSmallIntegerField(
        _("points: very satisfied"), default=100
    )
    points_satisfied = models.PositiveSmallIntegerField(_("points: satisfied"), default=80)
    points_basically_satisfied = models.PositiveSmallIntegerField(
        _("points: basically satisfied"), default=60
    )
    points_unsatisfied = models.PositiveSmallIntegerField(_("points: unsatisfied"), default=0)
    very_satisfied_min = models.DecimalField(
        _("very satisfied from score"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("90"),
        validators=percent,
    )
    satisfied_min = models.DecimalField(
        _("satisfied from score"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("75"),
        validators=percent,
    )
    basically_satisfied_min = models.DecimalField(
        _("basically satisfied from score"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=percent,
    )
    veto_numerator = models.PositiveSmallIntegerField(_("veto share: numerator"), default=1)
    veto_denominator = models.PositiveSmallIntegerField(_("veto share: denominator"), default=3)
    weight_safety = models.DecimalField(
        _("weight of the safety index"), max_digits=4, decimal_places=2, default=Decimal("0.40")
    )
    weight_satisfaction = models.DecimalField(
        _("weight of review satisfaction"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.30"),
    )
    weight_grievances = models.DecimalField(
        _("weight of grievance resolution"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.15"),
    )
    weight_key_disputes = models.DecimalField(
        _("weight of key dispute resolution"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.15"),
    )
    city_safety_minimum = models.DecimalField(
        _("city minimum safety index"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80.00"),
        validators=percent,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("assessment policy")
        verbose_name_plural = _("assessment policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(veto_denominator__gt=0) & Q(veto_numerator__lte=F("veto_denominator")),
                name="policy_veto_share_is_a_fraction",
            ),
            models.CheckConstraint(
                condition=Q(very_satisfied_min__gte=F("satisfied_min"))
                & Q(satisfied_min__gte=F("basically_satisfied_min")),
                name="policy_thresholds_descend",
            ),
            models.CheckConstraint(
                condition=Q(quorum_share__gte=0, quorum_share__lte=1),
                name="policy_quorum_share_between_0_and_1",
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return Q() if not scope.empty else Q(pk__in=[])

    def __str__(self) -> str:
        return str(_("Policy %(year)s") % {"year": self.year})


class Meeting(TimeStampedModel):
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
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    held_on = models.DateField(_("held on"))
    roll = models.PositiveIntegerField(
        _("representatives on the roll"),
        help_text=_("The community's roll on the day of the meeting."),
    )
    present = models.PositiveIntegerField(_("representatives present"))
    asked = models.TextField(_("what the representatives asked"), blank=True)
    promised = models.TextField(_("what was promised"), blank=True)
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

        from .rules import meeting_errors

        if self.roll is not None and (
            errors := meeting_errors(roll=self.roll, present=self.present)
        ):
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

        from .rules import COUNT_FIELDS, tally_errors

        if self.meeting_id:
            counts = {f: getattr(self, f) for f in COUNT_FIELDS}
            if errors := tally_errors(present=self.meeting.present, counts=counts):
                raise ValidationError(errors)

    def __str__(self) -> str:
        return f"{self.official.name} @ {self.meeting}"


class Recommendation(TimeStampedModel):
    """建议换人: opened by two consecutive unsatisfied quarters, followed up by staff."""

    class Outcome(models.TextChoices):
        PENDING = "", _("pending")
        REPLACED = "replaced", _("replaced")
        RETAINED = "retained", _("retained")

    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("official"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("community"),
    )
    role = models.CharField(_("role"), max_length=20, choices=OfficialRole.choices)
    opened_by = models.OneToOneField(
        Rating,
        on_delete=models.PROTECT,
        related_name="recommendation",
        verbose_name=_("second unsatisfied rating"),
    )
    previous = models.ForeignKey(
        Rating,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("first unsatisfied rating"),
    )
    addressed_to = models.CharField(_("addressed to"), max_length=100, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING, blank=True
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    withdrawn_at = models.DateTimeField(
        _("withdrawn at"),
        null=True,
        blank=True,
        help_text=_("Set when a correction removed the streak that opened it."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("replacement recommendation")
        verbose_name_plural = _("replacement recommendations")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["", "replaced", "retained"]),
                name="recommendation_outcome_valid",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="retained") | ~Q(reason=""),
                name="recommendation_retained_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | (Q(sent_on__isnull=False) & Q(outcome_on__isnull=False)),
                name="recommendation_outcome_after_sending",
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(scope, district="community__street__district", street="community__street")

    @property
    def is_open(self) -> bool:
        return not self.withdrawn_at and not self.outcome

    @property
    def state_label(self) -> str:
        if self.withdrawn_at:
            return str(_("withdrawn by a correction"))
        if self.outcome:
            return str(self.get_outcome_display())
        if self.sent_on:
            return str(_("sent, awaiting outcome"))
        return str(_("open, not yet sent"))

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("evaluations:recommendation", args=[self.pk])

    def __str__(self) -> str:
        return f"{self.official.name} · {self.get_role_display()} · {self.community.name}"


class Survey(TimeStampedModel):
    """A street's yearly public sense-of-security survey (群众安全感测评)."""

    street = models.ForeignKey(
        "districts.Street",
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("street"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
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
