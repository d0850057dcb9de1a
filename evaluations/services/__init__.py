"""Writes of reviews: meetings with their tallies, and replacement recommendations.

Forms, the CSV import and the admin all call these, so each rule exists once: what a
meeting save writes is decided by :mod:`.decide` for both the form (:mod:`.meetings`) and
the import (:mod:`.bulk`); what the streaks (:mod:`.streaks`) make of the recommendations,
by :mod:`.reconcile` for both.
"""

from .bulk import BulkSaveResult, meetings_save_bulk
from .decide import MeetingInput, Tally
from .meetings import (
    MEETING_FIELDS,
    MeetingSaveResult,
    meeting_discard,
    meeting_save,
    meeting_save_if,
    meeting_save_preview,
)
from .policy import (
    POLICY_FIELDS,
    policy_fingerprint,
    policy_for_year_saved,
    policy_save,
    same_policy,
)
from .recommendations import (
    RECOMMENDATION_FIELDS,
    recommendation_close,
    recommendation_send,
)
from .reconcile import RecommendationChange, recommendations_reconcile
from .streaks import long_streaks, streaks, unsatisfied_streaks
from .surveys import SaveOutcome, survey_save

__all__ = [
    "BulkSaveResult",
    "MeetingInput",
    "meetings_save_bulk",
    "MEETING_FIELDS",
    "MeetingSaveResult",
    "POLICY_FIELDS",
    "RECOMMENDATION_FIELDS",
    "RecommendationChange",
    "SaveOutcome",
    "Tally",
    "meeting_discard",
    "meeting_save",
    "meeting_save_if",
    "policy_fingerprint",
    "meeting_save_preview",
    "policy_for_year_saved",
    "policy_save",
    "recommendation_close",
    "recommendation_send",
    "recommendations_reconcile",
    "same_policy",
    "streaks",
    "survey_save",
    "unsatisfied_streaks",
    "long_streaks",
]
