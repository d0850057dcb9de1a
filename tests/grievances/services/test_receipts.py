"""grievances/services/receipts.py: the receipt's one-time code, stored hashed, drawn from
an alphabet read aloud without doubt, voided by printing again."""

import pytest

from grievances import services
from grievances.models import FollowUp, Receipt
from tests.grievances.services.helpers import kinds

pytestmark = pytest.mark.django_db


def test_a_receipt_code_is_stored_hashed_and_drawn_from_the_unambiguous_alphabet(
    referred, staff_a1
):
    code = services.receipt_issue(grievance=referred, user=staff_a1)
    assert len(code) == services.CODE_LENGTH
    assert set(code) <= set(services.CODE_ALPHABET)
    stored = Receipt.objects.get(grievance=referred).code_hash
    assert code not in stored
    assert services.receipt_match(reference=referred.reference, code=code) == referred
    assert kinds(referred)[-1] == FollowUp.Kind.RECEIPT


def test_printing_the_receipt_again_voids_the_earlier_code(referred, staff_a1):
    first = services.receipt_issue(grievance=referred, user=staff_a1)
    second = services.receipt_issue(grievance=referred, user=staff_a1)
    assert services.receipt_match(reference=referred.reference, code=first) is None
    assert services.receipt_match(reference=referred.reference, code=second) == referred


def test_a_code_is_typed_in_any_case_with_spaces_and_dashes(referred, staff_a1):
    code = services.receipt_issue(grievance=referred, user=staff_a1)
    typed = f" {code[:5].lower()}-{code[5:]} "
    assert services.receipt_match(reference=referred.reference, code=typed) == referred
