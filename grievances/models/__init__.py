"""Residents' grievances (群众意见建议 and 矛盾纠纷): from intake to the answer given.

件件有着落、事事有回音: every item gets a disposition and an owner, every resident an answer.
The consistency rules of DOMAIN.md are database constraints as well as form checks.

One module per job: the item and its timeline (grievance), the street's numbering of
references (references), the resident's receipt and verdict attempts (receipts), the
year's grievance rules (policy), and the departments' monthly bulletin (bulletin).
"""

from districts.models import Platform

from .bulletin import Bulletin, BulletinEntry
from .grievance import (
    REFERENCE_MAX_LENGTH,
    FollowUp,
    Grievance,
    HandBack,
    Verdict,
    department_q,
)
from .policy import GrievancePolicy
from .receipts import Receipt, VerdictAttempt, VerdictLimit
from .references import ReferenceCounter

__all__ = [
    "REFERENCE_MAX_LENGTH",
    "Bulletin",
    "BulletinEntry",
    "FollowUp",
    "Grievance",
    "GrievancePolicy",
    "HandBack",
    "Platform",
    "Receipt",
    "ReferenceCounter",
    "Verdict",
    "VerdictAttempt",
    "VerdictLimit",
    "department_q",
]
