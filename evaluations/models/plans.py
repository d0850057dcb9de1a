"""The escalation of a missing improvement plan (DOMAIN.md, "Promises", rule 3).

An official rated unsatisfied at a counted meeting must own a promise of that meeting;
10 working days after the meeting without one, the plan is escalated to the district,
once: this row records that it was (one per meeting and official, whatever happens
after; recording the promise clears ``plan_missing``, the row stays as the record).
Written set-based by :func:`evaluations.promises.plans.plans_escalate`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from districts.models import Official
from districts.scoping import Scope, area_q

from .meetings import Meeting


class PlanEscalation(models.Model):
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="plan_escalations",
        verbose_name=_("meeting"),
    )
    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        related_name="plan_escalations",
        verbose_name=_("official"),
    )
    escalated_at = models.DateTimeField(_("escalated to the district at"))

    class Meta:
        ordering = ["-escalated_at", "pk"]
        verbose_name = _("improvement plan escalation")
        verbose_name_plural = _("improvement plan escalations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "official"], name="plan_escalated_once_per_official"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.official_id}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return area_q(
            scope,
            district="meeting__community__street__district",
            street="meeting__community__street",
        )
