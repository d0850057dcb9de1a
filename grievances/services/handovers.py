"""Hand-overs between the street and the department an item is referred to (issue 21):
each one marks the item for whoever it now waits for and leaves a notice in their inbox
(districts.notifications), in the step's transaction.

- an answer the department proposed waits for the street's staff to confirm it;
- an answer sent back, or an item reopened, goes back to its department, with the reason
  shown on the item and its work list until the department proposes again (or the item
  is resolved); an item the resident reopened is the street's to know about too.

What waits for whom, and how many, is counted by ``grievances.handovers`` from the same
rules as the lists it opens.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from districts.models import Notification, Role, User
from districts.notifications import notify

from ..models import Grievance, HandBack

# who is told of each hand-back: the department, and the street when the resident acted
NOTICE_OF = {
    HandBack.SENT_BACK: Notification.Kind.SENT_BACK,
    HandBack.REOPENED: Notification.Kind.REOPENED,
    HandBack.REOPENED_BY_RESIDENT: Notification.Kind.REOPENED_BY_RESIDENT,
}


def tell(
    grievance: Grievance, kind: str, *, street: bool = False, department: bool = False
) -> None:
    """A notice of ``kind`` about the item to the active staff of its street and/or of the
    department it is referred to. Two queries whatever the number of recipients; a notice
    of the same kind on the same item is made new again (an answer sent back twice)."""
    who = Q(pk__in=[])
    if street:
        who |= Q(role=Role.STREET_STAFF, street_id=grievance.community.street_id)
    if department and grievance.department_id:
        who |= Q(role=Role.DEPARTMENT_STAFF, department_id=grievance.department_id)
    recipients = User.objects.filter(who, is_active=True).values_list("pk", flat=True)
    url = grievance.get_absolute_url()
    notify(((pk, kind, grievance.reference, url) for pk in recipients), renew=True)


def hand_back(grievance: Grievance, kind: HandBack, reason: str) -> None:
    """Mark the (locked, not yet saved) item as handed back; the caller saves it."""
    grievance.handed_back = kind
    grievance.handed_back_at = timezone.now()
    grievance.handed_back_reason = reason


def hand_back_clear(grievance: Grievance) -> None:
    """The department answered again, or the item is resolved: nothing is handed back."""
    grievance.handed_back, grievance.handed_back_at, grievance.handed_back_reason = "", None, ""
