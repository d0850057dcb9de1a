"""Writes of reviews: meetings with their tallies, and replacement recommendations.

Forms, the CSV import and the admin all call these, so each rule exists once.
"""

from .bulk import BulkSaveResult, MeetingInput, meetings_save_bulk, recommendations_sync_bulk
from .meetings import MEETING_FIELDS, MeetingSaveResult, Tally, meeting_discard, meeting_save
from .policy import POLICY_FIELDS, policy_for_year_saved, policy_save
from .recommendations import (
    RECOMMENDATION_FIELDS,
    recommendation_close,
    recommendation_send,
    recommendations_sync,
    streaks,
)
from .surveys import SaveOutcome, survey_save

__all__ = [
    "BulkSaveResult",
    "MeetingInput",
    "meetings_save_bulk",
    "recommendations_sync_bulk",
    "MEETING_FIELDS",
    "MeetingSaveResult",
    "POLICY_FIELDS",
    "RECOMMENDATION_FIELDS",
    "SaveOutcome",
    "Tally",
    "meeting_discard",
    "meeting_save",
    "policy_for_year_saved",
    "policy_save",
    "recommendation_close",
    "recommendation_send",
    "recommendations_sync",
    "streaks",
    "survey_save",
]
