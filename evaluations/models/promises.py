"""Promises (承诺) made at a review meeting and the representatives' verdict on them.

DOMAIN.md, "Promises": a promise is made at one meeting (numbered within it), owned by one
official reviewed there or by one department of the community's or the street's platform,
due by a date, reported done (or not) between meetings, and judged kept / not kept by the
representatives at a later counted meeting of the same community. A promise judged not
kept may be renewed once: a new promise at the judging meeting, linked to the first.

The states are defined once, on :class:`PromiseQuerySet` (SQL) and the matching
properties of :class:`Promise` (one row); every list, count, figure and page asks them.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, Versioned
from districts.models import Department, Official
from districts.scoping import Scope, area_q

from .meetings import Meeting


class PromiseState(models.TextChoices):
    PENDING = "pending", _("pending")
    OVERDUE = "overdue", _("overdue")
    KEPT = "kept", _("kept")
    NOT_KEPT = "not_kept", _("not kept")


class PromiseQuerySet(models.QuerySet["Promise"]):
    """A promise's states, defined once (the properties of :class:`Promise` agree)."""

    def judged(self) -> PromiseQuerySet:
        return self.filter(judged_at__isnull=False)

    def kept(self) -> PromiseQuerySet:
        return self.judged().filter(kept_votes__gt=F("not_kept_votes"))

    def not_kept(self) -> PromiseQuerySet:
        return self.judged().filter(kept_votes__lte=F("not_kept_votes"))

    def pending(self) -> PromiseQuerySet:
        """No verdict yet."""
        return self.filter(judged_at__isnull=True)

    def overdue(self, as_of: datetime.date) -> PromiseQuerySet:
        """Pending, due before ``as_of``, made at a meeting held on or before it."""
        return self.pending().filter(due_on__lt=as_of, meeting__held_on__lte=as_of)

    def due_soon(self, as_of: datetime.date, days: int = 14) -> PromiseQuerySet:
        """Pending and due within ``days`` calendar days of ``as_of`` (not yet overdue)."""
        return self.pending().filter(
            due_on__gte=as_of, due_on__lte=as_of + datetime.timedelta(days=days)
        )

    def made_at_submitted(self) -> PromiseQuerySet:
        """Made at a submitted meeting: a draft's promises count nowhere (as its ratings)."""
        return self.filter(meeting__status=Meeting.Status.SUBMITTED)

    def due_for_verdict_at(self, meeting: Meeting) -> PromiseQuerySet:
        """DOMAIN.md rule 1: the pending promises of ``meeting``'s community made at an
        earlier meeting and reported done or due before ``meeting`` was held: the ones to
        put to the representatives there (its first counted meeting after that day; a
        meeting that does not count leaves them for the next)."""
        return (
            self.filter(meeting__community_id=meeting.community_id)
            .made_at_submitted()
            .filter(
                Q(meeting__year__lt=meeting.year)
                | Q(meeting__year=meeting.year, meeting__quarter__lt=meeting.quarter)
            )
            # by id: a new meeting not saved yet asks too (the entry page, as it is typed)
            .filter(Q(judged_at__isnull=True) | Q(judged_at_id=meeting.pk))
            .filter(Q(done_on__lt=meeting.held_on) | Q(due_on__lt=meeting.held_on))
        )

    def with_state(self, as_of: datetime.date) -> PromiseQuerySet:
        """Annotates ``state`` (a :class:`PromiseState` value) as of ``as_of``."""
        return self.annotate(
            state=Case(
                When(
                    judged_at__isnull=False,
                    kept_votes__gt=F("not_kept_votes"),
                    then=Value(PromiseState.KEPT.value),
                ),
                When(judged_at__isnull=False, then=Value(PromiseState.NOT_KEPT.value)),
                When(
                    due_on__lt=as_of,
                    meeting__held_on__lte=as_of,
                    then=Value(PromiseState.OVERDUE.value),
                ),
                default=Value(PromiseState.PENDING.value),
                output_field=models.CharField(),
            )
        )


class Promise(Versioned, TimeStampedModel):
    """One undertaking of a meeting: who, what, by when, and the verdict on it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="promises", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="promises",
        verbose_name=_("owner (official)"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="promises",
        verbose_name=_("owner (department)"),
    )
    text = models.TextField(_("what will be done"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("reported done on"), null=True, blank=True)
    done_text = models.TextField(_("what was done"), blank=True, default="")
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported done by"),
    )
    judged_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts",
        verbose_name=_("judged at meeting"),
    )
    kept_votes = models.PositiveIntegerField(_("votes: kept"), null=True, blank=True)
    not_kept_votes = models.PositiveIntegerField(_("votes: not kept"), null=True, blank=True)
    renews = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("renews the promise"),
    )
    history = HistoricalRecords()

    objects = PromiseQuerySet.as_manager()

    class Meta:
        ordering = ["meeting__community__code", "meeting__year", "meeting__quarter", "number"]
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="promise_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="promise_number_from_1"),
            models.CheckConstraint(
                condition=(Q(official__isnull=False) & Q(department__isnull=True))
                | (Q(official__isnull=True) & Q(department__isnull=False)),
                name="promise_one_owner",
            ),
            models.CheckConstraint(
                condition=(
                    Q(judged_at__isnull=True)
                    & Q(kept_votes__isnull=True)
                    & Q(not_kept_votes__isnull=True)
                )
                | (
                    Q(judged_at__isnull=False)
                    & Q(kept_votes__isnull=False)
                    & Q(not_kept_votes__isnull=False)
                ),
                name="promise_verdict_whole",
            ),
            models.CheckConstraint(
                condition=~Q(judged_at=F("meeting")), name="promise_judged_at_another_meeting"
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=False) | Q(done_text=""),
                name="promise_done_text_needs_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on"], name="promise_pending_due", condition=Q(judged_at__isnull=True)
            ),
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        if scope.department_id:  # department staff: the promises their department owns
            return Q(department_id=scope.department_id)
        return area_q(
            scope,
            district="meeting__community__street__district",
            street="meeting__community__street",
        )

    def __str__(self) -> str:
        return f"{self.meeting} #{self.number}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("evaluations:promise", args=[self.pk])

    @property
    def owner(self) -> Official | Department | None:
        return self.official if self.official_id else self.department

    @property
    def is_judged(self) -> bool:
        return self.judged_at_id is not None

    @property
    def is_kept(self) -> bool:
        return (
            self.is_judged
            and self.kept_votes is not None
            and self.not_kept_votes is not None
            and self.kept_votes > self.not_kept_votes
        )

    def state_on(self, as_of: datetime.date) -> PromiseState:
        """As :meth:`PromiseQuerySet.with_state` (one row)."""
        if self.is_judged:
            return PromiseState.KEPT if self.is_kept else PromiseState.NOT_KEPT
        if self.due_on < as_of and self.meeting.held_on <= as_of:
            return PromiseState.OVERDUE
        return PromiseState.PENDING


class PromiseNote(models.Model):
    """A progress note between meetings, by street staff or the owning department."""

    promise = models.ForeignKey(
        Promise, on_delete=models.CASCADE, related_name="notes", verbose_name=_("promise")
    )
    written_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["promise", "written_on", "pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"{self.promise} · {self.written_on}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        if scope.department_id:
            return Q(promise__department_id=scope.department_id)
        return area_q(
            scope,
            district="promise__meeting__community__street__district",
            street="promise__meeting__community__street",
        )
