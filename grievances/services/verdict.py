"""The resident's verdict on the answer (一事一评, DOMAIN.md "Grievances"): recorded by
staff after a call, or by the resident on the public page with the receipt's code. An
unsatisfied verdict reopens the item when the year's policy says so."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from districts.models import User

from ..models import FollowUp, Grievance, GrievancePolicy, Receipt, Verdict
from ..models.grievance import RESIDENT_UNSATISFIED
from .common import lock_for_step, save_step
from .receipts import receipt_match
from .resolution import grievance_reopen


@transaction.atomic
def grievance_verdict(
    *,
    grievance: Grievance,
    verdict: str,
    user: User | None,
    given_on: datetime.date | None = None,
    version: int | None = None,
    on_public_page: bool = False,
) -> Grievance:
    """Record the resident's verdict on the answer: by staff after a call, or by the
    resident on the public page (``on_public_page``, no ``user``: the timeline names the
    resident). An unsatisfied verdict reopens the item when the policy of the year it was
    received says so: its resolved date is cleared, on the timeline, and the street and
    the department are told (services.handovers)."""
    before = lock_for_step(grievance, version)
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose one of the verdicts.")})
    if grievance.answered_on is None:
        raise ValidationError({"verdict": _("The resident has not been given an answer yet.")})
    given_on = given_on or timezone.localdate()
    if given_on < grievance.answered_on:
        raise ValidationError(
            {
                "given_on": _("This date is before the answer was given (%(date)s).")
                % {"date": grievance.answered_on.isoformat()}
            }
        )
    grievance.verdict = verdict
    grievance.verdict_on = given_on
    # stored as its code, shown in the reader's language (FollowUp.shown_text)
    save_step(grievance, user, FollowUp.Kind.VERDICT, verdict, before, by_resident=on_public_page)
    if (
        verdict == Verdict.UNSATISFIED
        and grievance.is_resolved
        and GrievancePolicy.for_year(grievance.received_on.year).unsatisfied_verdict_reopens
    ):
        grievance_reopen(
            grievance=grievance,
            reason=RESIDENT_UNSATISFIED,
            user=user,
            by_resident=True,
        )
    return grievance


@transaction.atomic
def verdict_by_receipt(*, reference: str, code: str, verdict: str) -> Grievance | None:
    """The resident's verdict from the public page: the code is used up with it."""
    grievance = receipt_match(reference=reference, code=code)
    if grievance is None:
        return None
    receipt = Receipt.objects.select_for_update().get(grievance=grievance)
    if receipt.used_at is not None:  # used meanwhile, by a second submission at once
        return None
    grievance_verdict(grievance=grievance, verdict=verdict, user=None, on_public_page=True)
    receipt.used_at = timezone.now()
    receipt.save(update_fields=["used_at"])
    return grievance
