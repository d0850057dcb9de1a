"""The in-app inbox: one row per notice to one user (escalations, recommendations)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..scoping import Scope


class Notification(models.Model):
    class Kind(models.TextChoices):
        ESCALATED_DISTRICT = "escalated_district", _("escalated to the district")
        ESCALATED_CITY = "escalated_city", _("escalated to the city")
        # sent back 3 times or reopened twice (issue 25)
        PROBLEM_DISTRICT = "problem_district", _("problem item escalated to the district")
        RECOMMENDATION = "recommendation", _("replacement recommendation opened")
        # hand-overs of a grievance between the street and its department
        SENT_BACK = "sent_back", _("answer sent back")
        PROPOSED = "proposed", _("answer proposed")
        REOPENED = "reopened", _("reopened")
        REOPENED_BY_RESIDENT = "reopened_by_resident", _("reopened by the resident")
        # an official rated unsatisfied without an improvement plan (evaluations, rule 3)
        PLAN_MISSING = "plan_missing", _("improvement plan missing")
        # the departments' monthly bulletin of a district, generated on the worker
        BULLETIN = "bulletin", _("departments' bulletin ready")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=200)  # a reference, a name
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            )
        ]
        constraints = [
            # one notice per user and event: creating them again adds nothing
            models.UniqueConstraint(
                fields=["user", "kind", "subject"], name="notification_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.message}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return Q(pk__in=[])  # only ever read through the user's own inbox

    @property
    def message(self) -> str:
        """In the reader's language, at the time of reading."""
        texts: dict[str, str] = {
            self.Kind.ESCALATED_DISTRICT: gettext(
                "%(subject)s is overdue: escalated to the district"
            ),
            self.Kind.ESCALATED_CITY: gettext("%(subject)s is still open: escalated to the city"),
            self.Kind.PROBLEM_DISTRICT: gettext(
                "%(subject)s was sent back 3 times or reopened twice: escalated to the "
                "district as a problem item"
            ),
            self.Kind.RECOMMENDATION: gettext("Replacement recommended: %(subject)s"),
            self.Kind.SENT_BACK: gettext("%(subject)s: your proposed answer was sent back"),
            self.Kind.PROPOSED: gettext("%(subject)s: an answer is proposed, confirm it"),
            self.Kind.REOPENED: gettext("%(subject)s is reopened: take it up again"),
            self.Kind.REOPENED_BY_RESIDENT: gettext(
                "%(subject)s is reopened: the resident is unsatisfied with the answer"
            ),
            self.Kind.PLAN_MISSING: gettext(
                "%(subject)s: no improvement plan 10 working days after the meeting: "
                "escalated to the district"
            ),
            self.Kind.BULLETIN: gettext("The departments' bulletin of %(subject)s is ready"),
        }
        return texts.get(self.kind, "%(subject)s") % {"subject": self.subject}
