"""The resident's receipt and the public verdict page's refused attempts (DOMAIN.md,
"Grievances": 一事一评 with the receipt's one-time code)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from districts.scoping import Scope, area_q

from .grievance import REFERENCE_MAX_LENGTH, Grievance


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
    """One refused attempt on the public verdict page: the record of who tried what (the
    limits are counted in :class:`VerdictLimit`)."""

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


class VerdictLimit(models.Model):
    """The code checks the public verdict page has counted against one key (a client
    address, or a reference from one address) since ``started_at``: refused checks, and
    checks under way. Each count is one statement in the database
    (grievances.services.verdict_limits), so simultaneous requests cannot all read the
    same count and all go ahead; a key whose window has passed starts again at 1."""

    key = models.CharField(_("key"), max_length=160, unique=True)
    started_at = models.DateTimeField(_("window started at"), db_index=True)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("verdict page limit")
        verbose_name_plural = _("verdict page limits")

    def __str__(self) -> str:
        return f"{self.key} {self.count} since {self.started_at:%Y-%m-%d %H:%M}"
