"""Residents' grievances (群众意见建议 and 矛盾纠纷): from intake to the answer given.

件件有着落、事事有回音: every item gets a disposition and an owner, every resident an answer.
The consistency rules of DOMAIN.md are database constraints as well as form checks.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, Versioned
from core.workdays import add_working_days
from districts.codes import CODE_MAX_LENGTH, code_constraint, code_validator
from districts.models import Community, Department, Platform, Street
from districts.scoping import Scope, area_q

# JB-WLD-2009-0042: a street code, the year and a number (services.reference_next)
REFERENCE_MAX_LENGTH = CODE_MAX_LENGTH + 32


class Verdict(models.TextChoices):
    """The resident's verdict on the answer (一事一评, DOMAIN.md)."""

    SATISFIED = "satisfied", _("satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied")
    UNSATISFIED = "unsatisfied", _("unsatisfied")
    NOT_REACHED = "not_reached", _("not reached")


def department_q(scope: Scope, lookup: str) -> Q:
    """Department staff see what is referred to their department, nothing else."""
    return Q(**{lookup: scope.department_id}) if scope.department_id else Q(pk__in=[])


class Grievance(Versioned, TimeStampedModel):
    class Source(models.TextChoices):
        MEETING = "meeting", _("review meeting")
        PETITION = "petition", _("petition visit")
        HOTLINE = "hotline", _("hotline")
        PATROL = "patrol", _("patrol")
        OTHER = "other", _("other")

    class Kind(models.TextChoices):
        OPINION = "opinion", _("opinion")
        COMPLAINT = "complaint", _("complaint")
        DISPUTE = "dispute", _("dispute")

    class Disposition(models.TextChoices):
        NONE = "", _("not yet disposed")
        ON_THE_SPOT = "on_the_spot", _("handled on the spot")
        AFTERWARDS = "afterwards", _("resolved afterwards")
        REFERRED = "referred", _("referred to a department")

    reference = models.CharField(
        _("reference"),
        max_length=REFERENCE_MAX_LENGTH,
        unique=True,
        validators=[code_validator],
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="grievances", verbose_name=_("community")
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.OTHER
    )
    meeting = models.ForeignKey(
        "evaluations.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grievances",
        verbose_name=_("raised at meeting"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key_dispute = models.BooleanField(_("key dispute"), default=False)
    summary = models.TextField(_("summary"))
    received_on = models.DateField(_("received on"))
    disposition = models.CharField(
        _("disposition"), max_length=12, choices=Disposition.choices, blank=True, default=""
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grievances",
        verbose_name=_("responsible department"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer given to the resident"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    # The department's handling of a referred item: accepted, then an answer proposed for
    # the street's staff to confirm (services: grievance_accept, grievance_propose ...).
    accepted_at = models.DateTimeField(_("accepted by the department at"), null=True, blank=True)
    proposed_answer = models.TextField(_("answer proposed by the department"), blank=True)
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    # The resident's verdict on the answer (一事一评)
    verdict = models.CharField(
        _("resident's verdict"), max_length=20, choices=Verdict.choices, blank=True, default=""
    )
    verdict_on = models.DateField(_("verdict given on"), null=True, blank=True)
    # Escalation (DOMAIN.md): when an overdue item went to its district, and to the city.
    # Set once by services.escalate; cleared only when the item is reopened.
    escalated_to_district_at = models.DateTimeField(
        _("escalated to the district at"), null=True, blank=True, editable=False
    )
    escalated_to_city_at = models.DateTimeField(
        _("escalated to the city at"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-reference"]
        verbose_name = _("grievance")
        verbose_name_plural = _("grievances")
        indexes = [
            models.Index(fields=["community", "received_on"]),
            # the lists' order (newest first, then by id): a deep page's OFFSET walks it
            models.Index(fields=["received_on", "id"], name="grievance_received_id"),
            models.Index(
                fields=["deadline"],
                condition=Q(resolved_on__isnull=True),
                name="grievance_open_deadline",
            ),
            models.Index(
                fields=["escalated_to_district_at"],
                condition=Q(escalated_to_district_at__isnull=False),
                name="grievance_escalated_district",
            ),
            models.Index(
                fields=["escalated_to_city_at"],
                condition=Q(escalated_to_city_at__isnull=False),
                name="grievance_escalated_city",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["opinion", "complaint", "dispute"]),
                name="grievance_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(disposition__in=["", "on_the_spot", "afterwards", "referred"]),
                name="grievance_disposition_valid",
            ),
            models.CheckConstraint(
                condition=~Q(disposition="on_the_spot") | Q(resolved_on=F("received_on")),
                name="grievance_on_the_spot_resolved_same_day",
            ),
            models.CheckConstraint(
                condition=~Q(disposition="afterwards") | Q(resolved_on__gt=F("received_on")),
                name="grievance_afterwards_resolved_later",
            ),
            models.CheckConstraint(
                condition=~Q(disposition="referred")
                | (Q(department__isnull=False) & Q(deadline__isnull=False)),
                name="grievance_referred_has_department_and_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(disposition="") | Q(resolved_on__isnull=True),
                name="grievance_resolved_has_disposition",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=F("received_on")),
                name="grievance_resolved_not_before_received",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("received_on")),
                name="grievance_answered_not_before_received",
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=F("received_on")),
                name="grievance_deadline_not_before_received",
            ),
            code_constraint("grievance_reference_valid", field="reference"),
            models.CheckConstraint(
                condition=Q(verdict__in=["", *Verdict.values]), name="grievance_verdict_valid"
            ),
            models.CheckConstraint(
                condition=(Q(verdict="") & Q(verdict_on__isnull=True))
                | (~Q(verdict="") & Q(verdict_on__isnull=False) & Q(answered_on__isnull=False)),
                name="grievance_verdict_on_an_answer_with_its_date",
            ),
            models.CheckConstraint(
                condition=Q(verdict_on__isnull=True) | Q(verdict_on__gte=F("received_on")),
                name="grievance_verdict_not_before_received",
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        if scope.department_id:
            return department_q(scope, "department_id")
        return area_q(scope, district="community__street__district", street="community__street")

    def __str__(self) -> str:
        return f"{self.reference} {self.summary[:30]}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("grievances:detail", args=[self.reference])

    @property
    def is_resolved(self) -> bool:
        return self.resolved_on is not None

    @staticmethod
    def overdue_q(today: datetime.date) -> Q:
        """DOMAIN.md's overdue: still open and past its deadline on ``today``. The one
        definition, in SQL; :meth:`is_overdue` says the same of one item."""
        return Q(resolved_on__isnull=True, deadline__lt=today)

    @staticmethod
    def due_soon_q(today: datetime.date, due_soon_days: int | None = None) -> Q:
        """DOMAIN.md's due soon: still open, not yet overdue, and due within
        ``due_soon_days`` working days of ``today`` (the year's policy by default)."""
        if due_soon_days is None:
            due_soon_days = GrievancePolicy.for_year(today.year).due_soon_days
        return Q(
            resolved_on__isnull=True,
            deadline__gte=today,
            deadline__lte=add_working_days(today, due_soon_days),
        )

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """:meth:`overdue_q` for this item (today by default, so templates can ask)."""
        today = timezone.localdate() if today is None else today
        return self.resolved_on is None and self.deadline is not None and self.deadline < today

    @property
    def department_key(self) -> str:
        return self.department.key if self.department is not None else ""


class FollowUp(models.Model):
    """One entry of a grievance's timeline: who did what, when."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("received")
        NOTE = "note", _("note")
        REFERRED = "referred", _("referred")
        RESOLVED = "resolved", _("resolved")
        ANSWERED = "answered", _("answered")
        REOPENED = "reopened", _("reopened")
        CORRECTED = "corrected", _("corrected")
        ACCEPTED = "accepted", _("accepted by the department")
        PROGRESS = "progress", _("progress")
        PROPOSED = "proposed", _("answer proposed")
        CONFIRMED = "confirmed", _("answer confirmed")
        RETURNED = "returned", _("sent back to the department")
        RECEIPT = "receipt", _("receipt printed")
        VERDICT = "verdict", _("resident's verdict")
        ESCALATED = "escalated", _("escalated")

    grievance = models.ForeignKey(
        Grievance,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("grievance"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.grievance.reference} · {self.get_kind_display()}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        if scope.department_id:
            return department_q(scope, "grievance__department_id")
        return area_q(
            scope,
            district="grievance__community__street__district",
            street="grievance__community__street",
        )


class ReferenceCounter(models.Model):
    """The last number a street's references took in a year (JB-WLD-2009-0042: 42).

    Intake takes the next number from here, with this row locked, never from the text of
    the references already stored (an imported reference may end in anything); imports
    that bring their own references move the counter past their numbers.
    """

    street = models.ForeignKey(
        Street, on_delete=models.CASCADE, related_name="+", verbose_name=_("street")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number taken"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "year"], name="reference_counter_one_per_street_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.street_id} {self.year}: {self.last}"


class Receipt(models.Model):
    """The receipt a resident takes home: the item's reference and a one-time code for the
    public verdict page. Only a hash of the code is kept (Django's password hashers);
    printing the receipt again issues a new code and voids the old one."""

    grievance = models.OneToOneField(
        Grievance, on_delete=models.CASCADE, related_name="receipt", verbose_name=_("grievance")
    )
    code_hash = models.CharField(_("code (hashed)"), max_length=128)
    issued_at = models.DateTimeField(_("issued at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return f"{self.grievance_id} · {self.issued_at:%Y-%m-%d}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(  # receipts are the street's business only, never a department's
            scope,
            district="grievance__community__street__district",
            street="grievance__community__street",
        )


class VerdictAttempt(models.Model):
    """One refused attempt on the public verdict page, kept in the database so the limit
    holds across every server process (grievances.verdicts)."""

    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    reference = models.CharField(_("reference tried"), max_length=REFERENCE_MAX_LENGTH)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("refused verdict attempt")
        verbose_name_plural = _("refused verdict attempts")
        indexes = [
            models.Index(fields=["ip_address", "at"]),
            models.Index(fields=["reference", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.ip_address} {self.reference} {self.at:%Y-%m-%d %H:%M}"


working_days = [MinValueValidator(1), MaxValueValidator(250)]


class GrievancePolicy(Versioned, TimeStampedModel):
    """One year's grievance rules (DOMAIN.md, "Grievances"): deadlines in working days,
    due soon, escalation to the city, whether an unsatisfied verdict reopens an item.

    The rest of the yearly policy lives in evaluations; this part lives here because
    grievances may not import evaluations. A year without a row uses the defaults
    (:meth:`for_year`). Edited by city officials; simple-history keeps every change.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    ordinary_deadline_days = models.PositiveSmallIntegerField(
        _("deadline of an ordinary item (working days)"), default=7, validators=working_days
    )
    key_dispute_deadline_days = models.PositiveSmallIntegerField(
        _("deadline of a key dispute (working days)"), default=15, validators=working_days
    )
    deadline_min_days = models.PositiveSmallIntegerField(
        _("shortest deadline allowed (working days)"), default=1, validators=working_days
    )
    deadline_max_days = models.PositiveSmallIntegerField(
        _("longest deadline allowed (working days)"), default=60, validators=working_days
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("due soon within (working days)"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )
    city_escalation_days = models.PositiveSmallIntegerField(
        _("escalate to the city after the deadline (working days)"),
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(250)],
    )
    unsatisfied_verdict_reopens = models.BooleanField(
        _("an unsatisfied verdict reopens the item"), default=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("grievance policy")
        verbose_name_plural = _("grievance policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_min_days__gte=1)
                & Q(deadline_min_days__lte=F("deadline_max_days")),
                name="grievance_policy_deadline_limits_ordered",
            ),
            models.CheckConstraint(
                condition=Q(ordinary_deadline_days__gte=F("deadline_min_days"))
                & Q(ordinary_deadline_days__lte=F("deadline_max_days"))
                & Q(key_dispute_deadline_days__gte=F("deadline_min_days"))
                & Q(key_dispute_deadline_days__lte=F("deadline_max_days")),
                name="grievance_policy_defaults_within_limits",
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return Q() if not scope.empty else Q(pk__in=[])

    @classmethod
    def for_year(cls, year: int) -> "GrievancePolicy":
        """The saved policy of ``year``, or DOMAIN.md's defaults (unsaved)."""
        return cls.objects.filter(year=year).first() or cls(year=year)

    def __str__(self) -> str:
        return str(_("Grievance policy %(year)s") % {"year": self.year})

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        low, high = self.deadline_min_days, self.deadline_max_days
        if low is not None and high is not None:
            if low > high:
                errors["deadline_min_days"] = str(
                    _("The shortest deadline is longer than the longest.")
                )
            else:
                for field in ("ordinary_deadline_days", "key_dispute_deadline_days"):
                    value = getattr(self, field)
                    if value is not None and not low <= value <= high:
                        errors[field] = str(
                            _("Between %(low)s and %(high)s working days, the limits below.")
                            % {"low": low, "high": high}
                        )
        if errors:
            raise ValidationError(errors)

    def default_deadline_days(self, *, key_dispute: bool) -> int:
        return self.key_dispute_deadline_days if key_dispute else self.ordinary_deadline_days


__all__ = [
    "FollowUp",
    "Grievance",
    "GrievancePolicy",
    "Platform",
    "Receipt",
    "ReferenceCounter",
    "Verdict",
    "VerdictAttempt",
]
