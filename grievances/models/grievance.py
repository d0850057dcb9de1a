"""Residents' grievances (群众意见建议 and 矛盾纠纷): the item and its timeline.

件件有着落、事事有回音: every item gets a disposition and an owner, every resident an answer.
The consistency rules of DOMAIN.md are database constraints as well as form checks.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, Versioned
from core.workdays import add_working_days
from districts.codes import CODE_MAX_LENGTH, code_constraint, code_validator
from districts.models import Community, Department
from districts.models.departments import Platform
from districts.scoping import Scope, area_q

from .policy import GrievancePolicy

# JB-WLD-2009-0042: a street code, the year and a number (services.references)
REFERENCE_MAX_LENGTH = CODE_MAX_LENGTH + 32


class Verdict(models.TextChoices):
    """The resident's verdict on the answer (一事一评, DOMAIN.md)."""

    SATISFIED = "satisfied", _("satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied")
    UNSATISFIED = "unsatisfied", _("unsatisfied")
    NOT_REACHED = "not_reached", _("not reached")


class HandBack(models.TextChoices):
    """Why an item came back to its department (or, reopened, to the street)."""

    SENT_BACK = "sent_back", _("sent back by the street")
    REOPENED = "reopened", _("reopened by the street")
    REOPENED_BY_RESIDENT = "reopened_by_resident", _("reopened by the resident")


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
    # the promises of the meeting it was raised at that answer it (DOMAIN.md "Promises")
    promises = models.ManyToManyField(
        "evaluations.Promise",
        blank=True,
        related_name="answers",
        verbose_name=_("answered by the promises"),
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
    # Handed back to the department (services.handback): its answer sent back by street
    # staff, or the item reopened (by the street, or by the resident's verdict). Shown
    # on the item and the work list until the department proposes again or the item is
    # resolved; the proposed answer's text is kept, to start the next one from.
    handed_back = models.CharField(
        _("handed back"),
        max_length=20,
        choices=HandBack.choices,
        blank=True,
        default="",
        db_default="",
    )
    handed_back_at = models.DateTimeField(_("handed back at"), null=True, blank=True)
    handed_back_reason = models.TextField(
        _("why it was handed back"), blank=True, default="", db_default=""
    )
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
    # A problem item (sent back 3 times or reopened twice, grievances.departments.item_counts)
    # goes to its district once: set by services.problems, never cleared (issue 25).
    problem_escalated_at = models.DateTimeField(
        _("escalated to the district as a problem item at"),
        null=True,
        blank=True,
        editable=False,
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
            models.Index(
                fields=["problem_escalated_at"],
                condition=Q(problem_escalated_at__isnull=False),
                name="grievance_problem_escalated",
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
            models.CheckConstraint(
                condition=(Q(handed_back="") & Q(handed_back_at__isnull=True))
                | (Q(handed_back__in=HandBack.values) & Q(handed_back_at__isnull=False)),
                name="grievance_handed_back_with_its_time",
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
    def shown_handed_back_reason(self) -> str:
        """Why it was handed back, as people read it (a reason the system wrote, in the
        reader's language: :func:`reason_shown`)."""
        return reason_shown(self.handed_back_reason)

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
    # no user: an import or the system, unless the resident acted on the public page
    by_resident = models.BooleanField(_("by the resident"), default=False, db_default=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"), blank=True)

    # the text of an imported item's "received", stored as a code and shown in the reader's
    # language (rows imported before were written in the importer's: the Chinese one too)
    IMPORTED = "imported"
    IMPORTED_TEXTS = frozenset({IMPORTED, "通过导入登记"})
    # the text of an escalation: to which level, or to the district as a problem item
    ESCALATED_TO_DISTRICT, ESCALATED_TO_CITY, ESCALATED_PROBLEM = "district", "city", "problem"

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.grievance.reference} · {self.get_kind_display()}"

    @property
    def shown_text(self) -> str:
        """The text as the timeline shows it: what people typed as typed, the codes the
        system writes in the reader's language."""
        if self.kind == self.Kind.RECEIVED and self.text in self.IMPORTED_TEXTS:
            return gettext("recorded from an uploaded file (CSV import)")
        if self.kind == self.Kind.VERDICT:
            return verdict_shown(self.text)
        if self.kind == self.Kind.ESCALATED:
            return escalation_shown(self.text)
        if self.kind == self.Kind.REFERRED:
            return referral_shown(self.text)
        return reason_shown(self.text)

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        if scope.department_id:
            return department_q(scope, "grievance__department_id")
        return area_q(
            scope,
            district="grievance__community__street__district",
            street="grievance__community__street",
        )


# What the system writes on an item is stored as a code and shown in the reader's language
# (a resident's browser in English must not leave English on the Chinese staff's pages).
RESIDENT_UNSATISFIED = "resident_unsatisfied"


# A referral's text: "dept:KEY · 2010-04-21 · days:7 · the note typed" (the department and
# the working days as codes; before these codes, their words in the language of the request
# that referred it, which the English ones are read back from).
DEPARTMENT_CODE = "dept:"
WORKING_DAYS_CODE = "days:"


def referral_shown(text: str) -> str:
    """A referral step's text in the reader's language."""
    with translation.override("en"):
        english = {str(label): key for key, label in Platform.choices}
    parts = []
    for part in text.split(" · "):
        if part.startswith(DEPARTMENT_CODE) and part[len(DEPARTMENT_CODE) :] in Platform.values:
            part = str(Platform(part[len(DEPARTMENT_CODE) :]).label)
        elif part.startswith(WORKING_DAYS_CODE) and part[len(WORKING_DAYS_CODE) :].isdigit():
            days = int(part[len(WORKING_DAYS_CODE) :])
            part = gettext("%(days)s working days") % {"days": days}
        elif part in english:
            part = str(Platform(english[part]).label)
        elif part.endswith(" working days") and part.split(" ", 1)[0].isdigit():
            part = gettext("%(days)s working days") % {"days": int(part.split(" ", 1)[0])}
        parts.append(part)
    return " · ".join(parts)


def verdict_shown(text: str) -> str:
    """A verdict step's text, a code (or, stored before, a label in English) in words."""
    code = text.replace(" ", "_")
    return str(Verdict(code).label) if code in Verdict.values else text


def escalation_shown(text: str) -> str:
    """An escalation step's text, a code (services.escalation, services.problems), in words."""
    if text == FollowUp.ESCALATED_PROBLEM:
        return gettext("to the district, as a problem item (sent back 3 times or reopened twice)")
    if text == FollowUp.ESCALATED_TO_CITY:
        return gettext("to the city")
    return gettext("to the district")


def reason_shown(text: str) -> str:
    """A reason the system may have written (the resident's unsatisfied verdict), in words."""
    if text in (RESIDENT_UNSATISFIED, "The resident is unsatisfied with the answer."):
        return gettext("The resident is unsatisfied with the answer.")
    return text
