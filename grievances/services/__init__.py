"""Writes of grievances (DOMAIN.md, "Grievances"), one module per subject of action:

- ``intake``: an item recorded, from a form, a review meeting or an import;
- ``references``: the street's numbering of references, and imports moving it on;
- ``referral``: the item sent to a department with a deadline in working days;
- ``resolution``: the street's own steps: resolved, answered, reopened, a note;
- ``department``: the department accepts, notes progress and proposes the answer; the
  street confirms the proposal or sends it back;
- ``receipts`` and ``verdict``: the resident's receipt, and the verdict on the answer;
  ``verdict_limits``: the public verdict page's limits on code checks;
- ``escalation``: overdue items to their district, then the city (the daily job);
- ``problems``: problem items (sent back 3 times, reopened twice) to their district, once;
- ``policy``: the year's grievance rules.

Every step on an item goes through ``common``: locked, checked against the version its
form was opened at, saved with its history and its entry on the timeline, in one
transaction. Views, the import, the admin and the demo call these, so each rule exists
once.
"""

from .common import HISTORY_FIELDS, check_consistency, lock_for_step, save_step
from .department import (
    grievance_accept,
    grievance_confirm,
    grievance_progress,
    grievance_propose,
    grievance_send_back,
)
from .escalation import city_cutoff, escalate
from .intake import grievance_create
from .policy import GRIEVANCE_POLICY_FIELDS, grievance_policy_save
from .problems import problem_escalate, problem_escalate_item
from .receipts import (
    CODE_ALPHABET,
    CODE_LENGTH,
    code_generate,
    code_normalise,
    receipt_issue,
    receipt_match,
)
from .references import (
    NUMBER_MAX,
    REFERENCE_TAIL,
    reference_counters_advance,
    reference_format,
    reference_next,
    reference_parts,
)
from .referral import grievance_refer
from .resolution import grievance_answer, grievance_note, grievance_reopen, grievance_resolve
from .verdict import grievance_verdict, verdict_by_receipt
from .verdict_limits import verdict_check_release, verdict_check_reserve, verdict_limits_prune

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "GRIEVANCE_POLICY_FIELDS",
    "HISTORY_FIELDS",
    "NUMBER_MAX",
    "REFERENCE_TAIL",
    "check_consistency",
    "city_cutoff",
    "code_generate",
    "code_normalise",
    "escalate",
    "grievance_accept",
    "grievance_answer",
    "grievance_confirm",
    "grievance_create",
    "grievance_note",
    "grievance_policy_save",
    "grievance_progress",
    "grievance_propose",
    "grievance_refer",
    "grievance_reopen",
    "grievance_resolve",
    "grievance_send_back",
    "grievance_verdict",
    "lock_for_step",
    "problem_escalate",
    "problem_escalate_item",
    "receipt_issue",
    "receipt_match",
    "reference_counters_advance",
    "reference_format",
    "reference_next",
    "reference_parts",
    "save_step",
    "verdict_by_receipt",
    "verdict_check_release",
    "verdict_check_reserve",
    "verdict_limits_prune",
]
