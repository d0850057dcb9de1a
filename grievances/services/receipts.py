"""The receipt a resident takes home: the item's reference and a one-time code for the
public verdict page, kept only as a hash (Django's password hashers)."""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from districts.models import User

from ..models import FollowUp, Grievance, Receipt

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: read aloud or typed from paper without doubt.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 10  # 25**10 ≈ 9.5e13 codes; with the attempt limit, not guessable


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
