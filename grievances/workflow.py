"""Writes of the grievance loop past the referral (DOMAIN.md, "Grievances"): the
department accepts the item, notes progress and proposes the answer; street staff confirm
it (resolved and answered) or send it back; the resident's verdict on the answer
(一事一评), recorded by staff after a call or by the resident with the receipt's code.

Every step is one transaction with its entry on the item's timeline, and a step taken
from a form carries the item's version (a stale form is refused, core.concurrency).
"""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import recorded_user
from districts.models import User
from districts.scoping import department_of

from .models import FollowUp, Grievance, GrievancePolicy, Receipt, Verdict
from .services import _locked, _save, grievance_reopen

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: read aloud or typed from paper without doubt.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 10  # 25**10 ≈ 9.5e13 codes; with the attempt limit, not guessable


def _for_department(grievance: Grievance, user: User) -> None:
    """Only the department the item is referred to acts on it, and only while it is open."""
    department = department_of(user)
    if department is None or grievance.department_id != department:
        raise PermissionDenied
    if grievance.disposition != Grievance.Disposition.REFERRED:
        raise PermissionDenied


@transaction.atomic
def grievance_accept(*, grievance: Grievance, user: User, version: int | None = None) -> Grievance:
    before = _locked(grievance, version)
    _for_department(grievance, user)
    if grievance.is_resolved:
        raise ValidationError({"version": _("This item is already resolved.")})
    if grievance.accepted_at is not None:
        raise ValidationError({"version": _("Your department has already accepted this item.")})
    grievance.accepted_at = timezone.now()
    return _save(grievance, user, FollowUp.Kind.ACCEPTED, "", before)


@transaction.atomic
def grievance_progress(*, grievance: Grievance, text: str, user: User) -> FollowUp:
    _for_department(grievance, user)
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    return FollowUp.objects.create(
        grievance=grievance, user=user, kind=FollowUp.Kind.PROGRESS, text=text.strip()
    )


@transaction.atomic
def grievance_propose(
    *, grievance: Grievance, answer: str, user: User, version: int | None = None
) -> Grievance:
    before = _locked(grievance, version)
    _for_department(grievance, user)
    if grievance.is_resolved:
        raise ValidationError({"answer": _("This item is already resolved.")})
    if grievance.accepted_at is None:
        raise ValidationError({"answer": _("Accept the item before proposing its answer.")})
    if not answer.strip():
        raise ValidationError({"answer": _("Write what the resident is to be told.")})
    grievance.proposed_answer = answer.strip()
    grievance.proposed_at = timezone.now()
    return _save(grievance, user, FollowUp.Kind.PROPOSED, grievance.proposed_answer, before)


@transaction.atomic
def grievance_confirm(*, grievance: Grievance, user: User, version: int | None = None) -> Grievance:
    """Street staff confirm the department's proposal: the item is resolved today (if it
    was still open) and the proposed answer is the answer given to the resident."""
    before = _locked(grievance, version)
    if grievance.proposed_at is None:
        raise ValidationError({"version": _("There is no proposed answer to confirm.")})
    today = timezone.localdate()
    if grievance.resolved_on is None:
        grievance.resolved_on = today
    grievance.answer = grievance.proposed_answer
    grievance.answered_on = today
    grievance.answered_by = recorded_user(user)
    grievance.proposed_answer, grievance.proposed_at = "", None
    grievance.verdict, grievance.verdict_on = "", None  # a new answer awaits its own verdict
    return _save(grievance, user, FollowUp.Kind.CONFIRMED, grievance.answer, before)


@transaction.atomic
def grievance_send_back(
    *, grievance: Grievance, reason: str, user: User, version: int | None = None
) -> Grievance:
    before = _locked(grievance, version)
    if grievance.proposed_at is None:
        raise ValidationError({"reason": _("There is no proposed answer to send back.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the answer is sent back.")})
    grievance.proposed_answer, grievance.proposed_at = "", None
    return _save(grievance, user, FollowUp.Kind.RETURNED, reason.strip(), before)


@transaction.atomic
def grievance_verdict(
    *,
    grievance: Grievance,
    verdict: str,
    user: User | None,
    given_on: datetime.date | None = None,
    version: int | None = None,
) -> Grievance:
    """Record the resident's verdict on the answer. ``user`` is None when the resident
    gave it on the public page. An unsatisfied verdict reopens the item when the policy of
    the year it was received says so: its resolved date is cleared, on the timeline."""
    before = _locked(grievance, version)
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
    label = Verdict(verdict).label
    _save(grievance, user, FollowUp.Kind.VERDICT, str(label), before)
    if (
        verdict == Verdict.UNSATISFIED
        and grievance.is_resolved
        and GrievancePolicy.for_year(grievance.received_on.year).unsatisfied_verdict_reopens
    ):
        grievance_reopen(
            grievance=grievance,
            reason=_("The resident is unsatisfied with the answer."),
            user=user,
        )
    return grievance


def code_generate() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def code_normalise(code: str) -> str:
    """What a resident types: spaces and dashes ignored, any case."""
    return "".join(ch for ch in code.upper() if ch not in " -\t")


@transaction.atomic
def receipt_issue(*, grievance: Grievance, user: User) -> str:
    """A new one-time code for the item's receipt (any earlier code is void); returns the
    code in clear, which is never stored."""
    code = code_generate()
    Receipt.objects.update_or_create(
        grievance=grievance,
        defaults={
            "code_hash": make_password(code),
            "issued_at": timezone.now(),
            "used_at": None,
        },
    )
    FollowUp.objects.create(grievance=grievance, user=user, kind=FollowUp.Kind.RECEIPT)
    return code


def receipt_match(*, reference: str, code: str) -> Grievance | None:
    """The item whose unused receipt carries ``code``, else None (wrong reference, wrong
    code, used code: the caller cannot tell which, nor can anyone it tells)."""
    receipt = (
        Receipt.objects.select_related("grievance")
        .filter(grievance__reference=reference.strip(), used_at__isnull=True)
        .first()
    )
    candidate = code_normalise(code)
    if receipt is None:
        make_password(candidate)  # the same work either way: no hint in the timing
        return None
    if not check_password(candidate, receipt.code_hash):
        return None
    return receipt.grievance


@transaction.atomic
def verdict_by_receipt(*, reference: str, code: str, verdict: str) -> Grievance | None:
    """The resident's verdict from the public page: the code is used up with it."""
    grievance = receipt_match(reference=reference, code=code)
    if grievance is None:
        return None
    receipt = Receipt.objects.select_for_update().get(grievance=grievance)
    if receipt.used_at is not None:  # used meanwhile, by a second submission at once
        return None
    grievance_verdict(grievance=grievance, verdict=verdict, user=None)
    receipt.used_at = timezone.now()
    receipt.save(update_fields=["used_at"])
    return grievance
